package io.vtopo.core.reach;

import io.vtopo.core.model.IpPrefix;
import java.util.List;

/**
 * One L2 broadcast domain that holds at least one vNIC.
 *
 * @param id a stable name: the libvirt network, the filtering bridge and VLAN ({@code br-trunk vlan
 *     100}), the bridge, or the link the domain is built around
 * @param via how the domain is formed beyond its bridge: {@code vlan 100 via eno1.100}, {@code vlan
 *     100} (filtering bridge), {@code vxlan vni 10100 (remote ...)}, sorted
 * @param subnets every subnet seen on it (host addresses and vNIC addresses), sorted
 * @param hostAddresses the host's own addresses on it, which make the host a gateway for the
 *     segment
 * @param policy what the host forwards to and from it
 * @param network the libvirt network the segment is, or null
 * @param forwardDev the libvirt network's {@code forward-dev}, or null
 * @param vnics the vNICs in it, in file order
 */
public record Segment(
    String id,
    List<String> via,
    List<IpPrefix> subnets,
    List<HostAddress> hostAddresses,
    Policy policy,
    String network,
    String forwardDev,
    List<Endpoint> vnics) {
  /** Copies the lists. */
  public Segment {
    via = List.copyOf(via);
    subnets = List.copyOf(subnets);
    hostAddresses = List.copyOf(hostAddresses);
    vnics = List.copyOf(vnics);
  }

  /** {@code br-app (vlan 100 via eno1.100)}. */
  public String title() {
    return via.isEmpty() ? id : id + " (" + String.join(", ", via) + ")";
  }

  /** True if the host has an address here and is allowed to forward to or from it. */
  public boolean routed() {
    return !hostAddresses.isEmpty() && policy != Policy.ISOLATED;
  }
}
