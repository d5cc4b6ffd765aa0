package io.vtopo.core.model;

import java.util.List;

/**
 * An address of the network's bridge, with its DHCP configuration ({@code <ip address=
 * prefix=><dhcp>...}).
 *
 * @param address the bridge (gateway) address and prefix
 * @param dhcpRanges DHCP pools inside the prefix
 * @param dhcpHosts static reservations
 */
public record NetworkIp(IpPrefix address, List<DhcpRange> dhcpRanges, List<DhcpHost> dhcpHosts) {
  /** Copies the lists. */
  public NetworkIp {
    dhcpRanges = List.copyOf(dhcpRanges);
    dhcpHosts = List.copyOf(dhcpHosts);
  }
}
