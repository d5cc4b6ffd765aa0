package io.vtopo.core.validate;

import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import java.util.HashMap;
import java.util.Map;

/** Rules on libvirt virtual networks. */
final class NetworkRules {
  private final Report r;

  NetworkRules(Report r) {
    this.r = r;
  }

  void run() {
    Map<String, String> names = new HashMap<>();
    Map<String, String> bridges = new HashMap<>();
    for (Network n : r.topo.networks()) {
      String p = r.path(n);
      String first = names.putIfAbsent(n.name(), p);
      if (first != null) {
        r.error(
            "name.duplicate",
            p + ".name",
            "network '" + n.name() + "' is declared twice (first at " + r.src.at(first) + ")",
            null);
      }
      if (n.bridge() != null) {
        LinkRules.checkIfName(r, n.bridge(), p + ".bridge", "bridge name");
        bridge(n, p, bridges);
      } else if (n.mode() == NetworkMode.BRIDGE
          && !hasUnmodelled(n, "virtualport", "forward@dev", "forward/interface")) {
        // Without a bridge, libvirt needs a device pool (macvtap bridge mode) or an Open vSwitch
        // virtualport.
        r.error(
            "network.bridge-required",
            p,
            "network '" + n.name() + "' has mode bridge but no bridge",
            "name the existing host bridge the guests attach to, e.g. bridge: br0");
      }
      modeFields(n, p);
      for (int i = 0; i < n.ips().size(); i++) {
        dhcp(n, n.ips().get(i), p + ".ips[" + i + "]");
      }
      Map<String, String> pgs = new HashMap<>();
      long defaults = n.portGroups().stream().filter(PortGroup::isDefault).count();
      for (int i = 0; i < n.portGroups().size(); i++) {
        PortGroup g = n.portGroups().get(i);
        if (pgs.putIfAbsent(g.name(), p) != null) {
          r.error(
              "portgroup.duplicate",
              p + ".portgroups[" + i + "].name",
              "port group '" + g.name() + "' is declared twice",
              null);
        }
      }
      if (defaults > 1) {
        r.error(
            "portgroup.many-defaults",
            p + ".portgroups",
            "network '"
                + n.name()
                + "' has "
                + defaults
                + " default port groups; at most one is allowed",
            null);
      }
    }
  }

  private void bridge(Network n, String p, Map<String, String> bridges) {
    Link declared = r.link(n.bridge());
    if (n.mode() == NetworkMode.BRIDGE) {
      if (declared != null && !(declared instanceof Bridge)) {
        r.error(
            "network.bridge-kind",
            p + ".bridge",
            "network '"
                + n.name()
                + "' attaches to '"
                + n.bridge()
                + "', which is declared as a "
                + declared.kind()
                + ", not a bridge",
            null);
      }
    } else if (declared != null) {
      r.error(
          "network.bridge-clash",
          p + ".bridge",
          "libvirt would create bridge '"
              + n.bridge()
              + "' for network '"
              + n.name()
              + "', but a "
              + declared.kind()
              + " of that name is declared under links ("
              + r.src.at(r.path(declared))
              + ")",
          "choose another bridge name, or use mode: bridge to attach the network to the declared bridge");
    }
    String first = bridges.putIfAbsent(n.bridge(), p);
    if (first != null && n.mode() != NetworkMode.BRIDGE) {
      r.error(
          "network.bridge-duplicate",
          p + ".bridge",
          "bridge '" + n.bridge() + "' is also used by " + first,
          "each libvirt-managed network needs its own bridge");
    }
  }

  private static boolean hasUnmodelled(Network n, String... prefixes) {
    if (n.unmodelled() == null) {
      return false;
    }
    for (var u : n.unmodelled()) {
      for (String pre : prefixes) {
        if (u.path().startsWith(pre)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * What libvirt's network parser (network_conf.c, libvirt 9) refuses at define time, per forward
   * mode.
   */
  private void defineTime(Network n, String p) {
    NetworkMode m = n.mode();
    if (n.mtu() != null && !m.libvirtBridge()) {
      r.error(
          "network.mode-field",
          p + ".mtu",
          "libvirt allows mtu only in modes open, route, nat and isolated," + " not " + m.keyword(),
          "set the MTU on the host bridge or device instead");
    }
    if (!m.libvirtBridge() && m != NetworkMode.BRIDGE && n.bridge() != null) {
      r.error(
          "network.mode-field",
          p + ".bridge",
          "libvirt allows no bridge name in mode "
              + m.keyword()
              + ": its guests use host devices directly",
          null);
    }
    if (m == NetworkMode.OPEN && n.ips().isEmpty()) {
      r.error(
          "network.open-address",
          p,
          "network '"
              + n.name()
              + "' in mode open has no ips: libvirt refuses"
              + " open forwarding without an address",
          "add an address, e.g. ips: [{address: 198.18.0.1/24}]");
    }
  }

  private void modeFields(Network n, String p) {
    defineTime(n, p);
    if (n.nat() != null && n.mode() != NetworkMode.NAT) {
      r.error(
          "network.mode-field",
          p + ".nat",
          "nat ranges apply to mode nat only; this network is " + n.mode().keyword(),
          null);
    }
    if (n.forwardDev() != null
        && (n.mode() == NetworkMode.ISOLATED || n.mode() == NetworkMode.BRIDGE)) {
      r.error(
          "network.mode-field",
          p + ".forward-dev",
          "forward-dev does not apply to mode " + n.mode().keyword(),
          null);
    }
    if (n.mode() == NetworkMode.BRIDGE) {
      for (String f : new String[] {"ips", "dns", "domain", "mac", "stp", "delay"}) {
        if (r.src.has(p + "." + f)) {
          r.error(
              "network.mode-field",
              p + "." + f,
              f
                  + " does not apply to mode bridge: libvirt does not manage"
                  + " the host bridge's addresses or settings",
              "configure the bridge under links: instead");
        }
      }
    }
    if ((n.mode() == NetworkMode.ROUTE || n.mode() == NetworkMode.NAT) && n.ips().isEmpty()) {
      r.warning(
          "network.no-address",
          p,
          "network '"
              + n.name()
              + "' in mode "
              + n.mode().keyword()
              + " has no ips: the host will not route or NAT anything for it",
          null);
    }
    if (n.nat() != null) {
      var nat = n.nat();
      if (nat.addressStart() != null
          && nat.addressEnd() != null
          && nat.addressStart().compareTo(nat.addressEnd()) > 0) {
        r.error(
            "network.nat-range",
            p + ".nat",
            "NAT address range " + nat.addressStart() + ".." + nat.addressEnd() + " is reversed",
            null);
      }
      if (nat.portStart() != null && nat.portEnd() != null && nat.portStart() > nat.portEnd()) {
        r.error(
            "network.nat-range",
            p + ".nat",
            "NAT port range " + nat.portStart() + ".." + nat.portEnd() + " is reversed",
            null);
      }
    }
  }

  private void dhcp(Network n, NetworkIp ip, String p) {
    var subnet = ip.address();
    var gw = subnet.address();
    for (int i = 0; i < ip.dhcpRanges().size(); i++) {
      DhcpRange range = ip.dhcpRanges().get(i);
      String rp = p + ".dhcp.ranges[" + i + "]";
      if (range.start().isV6() != gw.isV6() || range.end().isV6() != gw.isV6()) {
        r.error(
            "dhcp.family",
            rp,
            "DHCP range "
                + range.start()
                + ".."
                + range.end()
                + " is not of the family of "
                + subnet,
            null);
        continue;
      }
      if (!subnet.contains(range.start()) || !subnet.contains(range.end())) {
        r.error(
            "dhcp.outside-subnet",
            rp,
            "DHCP range "
                + range.start()
                + ".."
                + range.end()
                + " is not inside "
                + subnet.network()
                + "/"
                + subnet.length(),
            "pick addresses inside the network's subnet");
        continue;
      }
      if (range.start().compareTo(range.end()) > 0) {
        r.error(
            "dhcp.range-order",
            rp,
            "DHCP range starts at " + range.start() + " after its end " + range.end(),
            null);
        continue;
      }
      if (range.start().compareTo(gw) <= 0 && gw.compareTo(range.end()) <= 0) {
        r.error(
            "dhcp.covers-gateway",
            rp,
            "DHCP range "
                + range.start()
                + ".."
                + range.end()
                + " includes the network's own address "
                + gw,
            "start the range after the gateway address");
      }
      if (!gw.isV6()
          && subnet.length() < 31
          && (range.start().equals(subnet.network()) || range.end().equals(subnet.last()))) {
        r.error(
            "dhcp.network-or-broadcast",
            rp,
            "DHCP range "
                + range.start()
                + ".."
                + range.end()
                + " includes the network or broadcast address of "
                + subnet.network()
                + "/"
                + subnet.length(),
            null);
      }
    }
    Map<Object, String> hostIps = new HashMap<>();
    for (int i = 0; i < ip.dhcpHosts().size(); i++) {
      DhcpHost h = ip.dhcpHosts().get(i);
      String hp = p + ".dhcp.hosts[" + i + "]";
      if (!subnet.contains(h.ip())) {
        r.error(
            "dhcp.host-outside-subnet",
            hp + ".ip",
            "static host address "
                + h.ip()
                + " is not inside "
                + subnet.network()
                + "/"
                + subnet.length(),
            null);
      } else if (h.ip().equals(gw)) {
        r.error(
            "dhcp.covers-gateway",
            hp + ".ip",
            "static host address " + h.ip() + " is the network's own address",
            null);
      }
      if (hostIps.putIfAbsent(h.ip(), hp) != null) {
        r.error(
            "dhcp.host-duplicate", hp + ".ip", "address " + h.ip() + " is reserved twice", null);
      }
      if (gw.isV6() ? h.name() == null && h.id() == null : h.mac() == null && h.name() == null) {
        r.error(
            "dhcp.host-identity",
            hp,
            gw.isV6()
                ? "a static DHCPv6 host needs an id (DUID) or a name"
                : "a static DHCP host needs a mac or a name",
            null);
      }
      if (h.mac() != null && gw.isV6()) {
        // network_conf.c: "Invalid to specify MAC address ... in IPv6 static host definition".
        r.error(
            "dhcp.host-mac-v6",
            hp + ".mac",
            "libvirt refuses a MAC in an IPv6 static host; IPv6 clients are"
                + " identified by their DUID",
            "use id: with the client's DUID, or a name");
      }
    }
    if (n.mode() == NetworkMode.BRIDGE && !ip.dhcpRanges().isEmpty()) {
      r.error("network.mode-field", p, "DHCP does not apply to mode bridge", null);
    }
  }
}
