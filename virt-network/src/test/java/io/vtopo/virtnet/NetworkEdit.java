package io.vtopo.virtnet;

import io.vtopo.core.model.Dns;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.NatRange;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import java.util.List;

/**
 * A network with a field or two changed, for tests: the record has fourteen components, and a test
 * that spells all of them hides the one it changes. Built through {@link Network}'s fourteen-value
 * constructor, so nothing unmodelled is carried over.
 */
final class NetworkEdit {
  private String name;
  private NetworkMode mode;
  private String bridge;
  private Boolean stp;
  private Integer delay;
  private MacAddress mac;
  private Integer mtu;
  private String domain;
  private String forwardDev;
  private NatRange nat;
  private List<NetworkIp> ips = List.of();
  private Dns dns;
  private List<PortGroup> portGroups = List.of();
  private Boolean autostart;

  private NetworkEdit() {}

  /** Every field of {@code n}. */
  static NetworkEdit of(Network n) {
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
    return e;
  }

  /** Only a name and a mode: everything else unset, no addresses, no port groups. */
  static NetworkEdit bare(String name, NetworkMode mode) {
    NetworkEdit e = new NetworkEdit();
    e.name = name;
    e.mode = mode;
    return e;
  }

  NetworkEdit name(String v) {
    name = v;
    return this;
  }

  NetworkEdit mode(NetworkMode v) {
    mode = v;
    return this;
  }

  NetworkEdit bridge(String v) {
    bridge = v;
    return this;
  }

  NetworkEdit stp(Boolean v) {
    stp = v;
    return this;
  }

  NetworkEdit delay(Integer v) {
    delay = v;
    return this;
  }

  NetworkEdit mac(MacAddress v) {
    mac = v;
    return this;
  }

  NetworkEdit mtu(Integer v) {
    mtu = v;
    return this;
  }

  NetworkEdit domain(String v) {
    domain = v;
    return this;
  }

  NetworkEdit forwardDev(String v) {
    forwardDev = v;
    return this;
  }

  NetworkEdit nat(NatRange v) {
    nat = v;
    return this;
  }

  NetworkEdit ips(List<NetworkIp> v) {
    ips = v;
    return this;
  }

  NetworkEdit dns(Dns v) {
    dns = v;
    return this;
  }

  NetworkEdit portGroups(List<PortGroup> v) {
    portGroups = v;
    return this;
  }

  NetworkEdit autostart(Boolean v) {
    autostart = v;
    return this;
  }

  Network build() {
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
