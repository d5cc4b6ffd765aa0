package io.vtopo.core.model;

import java.util.List;

/**
 * A VXLAN tunnel endpoint ({@code ip link add NAME type vxlan id VNI [local L] [remote R | group G
 * dev D] [dstport P]}).
 *
 * @param attrs shared link attributes
 * @param vni VXLAN network identifier, 0..16777215
 * @param local local underlay address, or null
 * @param remote unicast remote endpoint, or null
 * @param group multicast group, or null (exclusive with remote)
 * @param dstPort UDP destination port, or null for the kernel default
 * @param underlay underlay device name, or null
 * @param flood head-end replication list: the remote endpoints that get a copy of every broadcast,
 *     unknown-unicast and multicast frame ({@code bridge fdb append 00:00:00:00:00:00 dev NAME dst
 *     ADDRESS}, one entry each), in the file's order (the kernel's order means nothing); empty when
 *     the tunnel has one remote or a group
 */
public record Vxlan(
    LinkAttrs attrs,
    int vni,
    IpAddress local,
    IpAddress remote,
    IpAddress group,
    Integer dstPort,
    String underlay,
    List<IpAddress> flood)
    implements Link {
  public Vxlan {
    flood = flood == null ? List.of() : List.copyOf(flood);
  }

  @Override
  public String kind() {
    return "vxlan";
  }
}
