package io.vtopo.core.model;

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
 */
public record Vxlan(
    LinkAttrs attrs,
    int vni,
    IpAddress local,
    IpAddress remote,
    IpAddress group,
    Integer dstPort,
    String underlay)
    implements Link {
  @Override
  public String kind() {
    return "vxlan";
  }
}
