package io.vtopo.core.model;

import java.util.List;

/**
 * A libvirt virtual network. The record mirrors libvirt's {@code <network>} XML; null means "not
 * set".
 *
 * @param name libvirt network name
 * @param mode forward mode
 * @param bridge name of the bridge libvirt creates (nat/route/open/isolated), or the existing host
 *     bridge to attach to (bridge mode); null lets libvirt choose {@code virbrN}
 * @param stp spanning tree on the libvirt-created bridge, or null
 * @param delay bridge forward delay in seconds, or null
 * @param mac MAC of the libvirt-created bridge, or null
 * @param mtu MTU, or null
 * @param domain DNS domain, or null
 * @param forwardDev restrict forwarding to this host device (nat/route), or null
 * @param nat NAT address and port ranges (nat mode), or null
 * @param ips addresses with DHCP
 * @param dns DNS configuration, or null
 * @param portGroups port groups
 * @param autostart start with libvirtd, or null
 * @param unmodelled the parts of the network's libvirt XML vtopo does not model, kept verbatim and
 *     written back on every definition; null when the file does not say (then a redefinition keeps
 *     whatever the live network has)
 */
public record Network(
    String name,
    NetworkMode mode,
    String bridge,
    Boolean stp,
    Integer delay,
    MacAddress mac,
    Integer mtu,
    String domain,
    String forwardDev,
    NatRange nat,
    List<NetworkIp> ips,
    Dns dns,
    List<PortGroup> portGroups,
    Boolean autostart,
    List<Unmodelled> unmodelled) {
  /** Copies the lists. */
  public Network {
    ips = List.copyOf(ips);
    portGroups = List.copyOf(portGroups);
    unmodelled = unmodelled == null ? null : List.copyOf(unmodelled);
  }

  /** The same network with another autostart flag. */
  public Network withAutostart(Boolean on) {
    return copy(on, unmodelled);
  }

  /** The same network with other unmodelled parts. */
  public Network withUnmodelled(List<Unmodelled> parts) {
    return copy(autostart, parts);
  }

  /** The one place the withers copy the other components from. */
  private Network copy(Boolean autostart, List<Unmodelled> unmodelled) {
    return new Network(
        name,
        mode,
        bridge,
        stp,
        delay,
        mac,
        mtu,
        domain,
        forwardDev,
        nat,
        ips,
        dns,
        portGroups,
        autostart,
        unmodelled);
  }
}
