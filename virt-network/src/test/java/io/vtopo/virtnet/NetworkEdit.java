package io.vtopo.virtnet;

import io.vtopo.core.model.Dns;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.NatRange;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import java.util.List;
import java.util.function.Consumer;

/**
 * A network with a field or two changed, for tests: the record has fourteen components, and a test
 * that spells all of them hides the one it changes. A test sets the fields it changes, as in {@code
 * NetworkEdit.edit(nat, e -> e.mtu = 9000)}. Built through {@link Network}'s fourteen-value
 * constructor, so nothing unmodelled is carried over.
 */
final class NetworkEdit {
  String name;
  NetworkMode mode;
  String bridge;
  Boolean stp;
  Integer delay;
  MacAddress mac;
  Integer mtu;
  String domain;
  String forwardDev;
  NatRange nat;
  List<NetworkIp> ips = List.of();
  Dns dns;
  List<PortGroup> portGroups = List.of();
  Boolean autostart;

  private NetworkEdit() {}

  /** {@code n} with what {@code change} sets. */
  static Network edit(Network n, Consumer<NetworkEdit> change) {
    NetworkEdit e = new NetworkEdit();
    e.name = n.name();
    e.mode = n.mode();
    e.bridge = n.bridge();
    e.stp = n.stp();
    e.delay = n.delay();
    e.mac = n.mac();
    e.mtu = n.mtu();
    e.domain = n.domain();
    e.forwardDev = n.forwardDev();
    e.nat = n.nat();
    e.ips = n.ips();
    e.dns = n.dns();
    e.portGroups = n.portGroups();
    e.autostart = n.autostart();
    return e.build(change);
  }

  /**
   * A network of only a name and a mode (everything else unset, no addresses, no port groups) and
   * what {@code change} sets.
   */
  static Network bare(String name, NetworkMode mode, Consumer<NetworkEdit> change) {
    NetworkEdit e = new NetworkEdit();
    e.name = name;
    e.mode = mode;
    return e.build(change);
  }

  private Network build(Consumer<NetworkEdit> change) {
    change.accept(this);
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
        autostart);
  }
}
