package io.vtopo.netlink;

import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.FloodEntry;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.PortVlans;
import io.vtopo.netlink.model.Route;
import java.util.List;

/**
 * Everything one full resync read: one dump per object class.
 *
 * @param links all links
 * @param addresses all addresses
 * @param routes all routes of every table
 * @param bridgeVlans the VLANs of bridge ports, when some bridge filters VLANs (else empty: the
 *     dump is skipped)
 * @param floods the VXLANs' head-end replication entries, when some VXLAN exists (else empty)
 */
public record Snapshot(
    List<Link> links,
    List<Address> addresses,
    List<Route> routes,
    List<PortVlans> bridgeVlans,
    List<FloodEntry> floods) {
  /** A snapshot without bridge port VLANs or flood entries. */
  public Snapshot(List<Link> links, List<Address> addresses, List<Route> routes) {
    this(links, addresses, routes, List.of(), List.of());
  }

  /** A snapshot without flood entries. */
  public Snapshot(
      List<Link> links, List<Address> addresses, List<Route> routes, List<PortVlans> bridgeVlans) {
    this(links, addresses, routes, bridgeVlans, List.of());
  }
}
