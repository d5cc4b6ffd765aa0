package io.vtopo.core.model;

import java.util.List;

/**
 * Fields every link kind shares. A null field means "not set": vtopo neither applies nor verifies
 * it.
 *
 * @param name interface name (at most 15 bytes)
 * @param state administrative state, or null when not set
 * @param mtu MTU in bytes, or null
 * @param mac MAC address, or null
 * @param master name of the bridge or bond this link is a port of, or null
 * @param portVlan VLAN membership when the master is a VLAN-filtering bridge, or null
 * @param addresses interface addresses in CIDR form
 * @param routes routes through this link
 */
public record LinkAttrs(
    String name,
    AdminState state,
    Integer mtu,
    MacAddress mac,
    String master,
    PortVlan portVlan,
    List<IpPrefix> addresses,
    List<Route> routes) {
  /** Copies the lists. */
  public LinkAttrs {
    addresses = List.copyOf(addresses);
    routes = List.copyOf(routes);
  }

  /** Attributes with only a name set. */
  public static LinkAttrs named(String name) {
    return new LinkAttrs(name, null, null, null, null, null, List.of(), List.of());
  }

  /** A copy with another port VLAN membership. */
  public LinkAttrs withPortVlan(PortVlan newPortVlan) {
    return new LinkAttrs(name, state, mtu, mac, master, newPortVlan, addresses, routes);
  }

  /** A copy with other addresses and routes. */
  public LinkAttrs withL3(List<IpPrefix> newAddresses, List<Route> newRoutes) {
    return new LinkAttrs(name, state, mtu, mac, master, portVlan, newAddresses, newRoutes);
  }

  /** A copy with another master. */
  public LinkAttrs withMaster(String newMaster) {
    return new LinkAttrs(name, state, mtu, mac, newMaster, portVlan, addresses, routes);
  }
}
