package io.vtopo.core.reach;

import io.vtopo.core.model.IpPrefix;
import java.util.List;

/**
 * A VM's vNIC as a reachability endpoint.
 *
 * @param vm the VM's name
 * @param index the vNIC's position in the VM's {@code nics}
 * @param label {@code vm/eth0} (or {@code vm/nicN} when the NIC has no name)
 * @param subnets the addresses the analysis assumes: the declared {@code ip}, else a libvirt DHCP
 *     reservation for its MAC, else the DHCP subnets of its libvirt network; empty when nothing is
 *     known (L2 only)
 * @param addressSource {@code declared}, {@code dhcp reservation}, {@code dhcp} or {@code none}
 * @param segment the id of the L2 segment it is in
 */
public record Endpoint(
    String vm,
    int index,
    String label,
    List<IpPrefix> subnets,
    String addressSource,
    String segment) {
  /** Copies the list. */
  public Endpoint {
    subnets = List.copyOf(subnets);
  }

  /**
   * {@code app1/eth0 192.0.2.101/24}, {@code mail1/eth0 dhcp in 192.0.2.0/24}, {@code app1/eth0 (no
   * address)}.
   */
  public String describe() {
    if (subnets.isEmpty()) {
      return label + " (no address)";
    }
    if (addressSource.equals("dhcp")) {
      return label
          + " dhcp in "
          + String.join(", ", subnets.stream().map(p -> p.network() + "/" + p.length()).toList());
    }
    String parts = String.join(", ", subnets.stream().map(IpPrefix::toString).toList());
    return label
        + " "
        + parts
        + (addressSource.equals("dhcp reservation") ? " (dhcp reservation)" : "");
  }
}
