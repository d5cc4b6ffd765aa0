package io.vtopo.netlink.model;

import java.net.InetAddress;

/**
 * A VXLAN tunnel endpoint ({@code ip link add NAME type vxlan id VNI local A remote B dstport P dev
 * D}).
 *
 * @param id the VNI
 * @param local source address, or null
 * @param remote unicast remote or multicast group, or null
 * @param device ifindex of the underlay link, or null
 * @param ttl IFLA_VXLAN_TTL, or null
 * @param learning IFLA_VXLAN_LEARNING (iproute2 sends 1 unless {@code nolearning})
 * @param port UDP destination port, or null for the kernel default
 */
public record VxlanInfo(
    int id,
    InetAddress local,
    InetAddress remote,
    Integer device,
    Integer ttl,
    Boolean learning,
    Integer port)
    implements LinkInfo {
  @Override
  public String kind() {
    return "vxlan";
  }
}
