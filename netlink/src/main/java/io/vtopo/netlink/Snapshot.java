package io.vtopo.netlink;

import io.vtopo.netlink.model.Address;
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
 */
public record Snapshot(
    List<Link> links, List<Address> addresses, List<Route> routes, List<PortVlans> bridgeVlans) {
  /** A snapshot without bridge port VLANs. */
  public Snapshot(List<Link> links, List<Address> addresses, List<Route> routes) {
    this(links, addresses, routes, List.of());
  }
}
