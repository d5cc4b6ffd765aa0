package io.vtopo.core.validate;

import io.vtopo.core.io.Names;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.Vxlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Rules on host links: names, references, masters, VLANs, MTUs, VXLAN. */
final class LinkRules {
  /** IFNAMSIZ - 1. */
  static final int MAX_NAME_BYTES = 15;

  private final Report r;
  private final Map<String, Link> byName = new LinkedHashMap<>();

  LinkRules(Report r) {
    this.r = r;
    for (Link l : r.topo.links()) {
      byName.putIfAbsent(l.name(), l);
    }
  }

  void run() {
    names();
    references();
    Map<String, List<Claim>> masters = masters();
    masterRules(masters);
    KernelLinkRules kernel = new KernelLinkRules(r, byName, masters);
    kernel.run();
    vlans();
    mtus(masters, kernel.pulledBridges());
    vxlans();
    veths();
  }

  /** One statement that link {@code port} belongs to {@code master}, and where it was made. */
  record Claim(String master, String path) {}

  /** Checks a Linux interface name, reporting at {@code path}. */
  static void checkIfName(Report r, String name, String path, String what) {
    if (name == null) {
      return;
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      r.error(
          "name.too-long",
          path,
          what + " '" + name + "' is " + bytes + " bytes; Linux allows at most " + MAX_NAME_BYTES,
          "shorten it, e.g. '" + shorten(name) + "'");
    }
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.chars()
            .anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x20)) {
      r.error(
          "name.invalid",
          path,
          what + " '" + name + "' is not a valid interface name",
          "use letters, digits, '-', '_' or '.', without '/', ':' or spaces");
    }
  }

  private static String shorten(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "");
    return s.length() > MAX_NAME_BYTES ? s.substring(0, MAX_NAME_BYTES) : s;
  }

  private void names() {
    Map<String, String> seen = new HashMap<>();
    for (Link l : r.topo.links()) {
      String path = r.path(l);
      checkIfName(r, l.name(), path + ".name", "link name");
      String first = seen.putIfAbsent(l.name(), path);
      if (first != null) {
        r.error(
            "name.duplicate",
            path + ".name",
            "link '" + l.name() + "' is declared twice (first at " + r.src.at(first) + ")",
            "names must be unique among links");
      }
    }
  }

  private void ref(String path, String target, String what, Set<String> allowedKinds) {
    if (target == null) {
      return;
    }
    Link t = byName.get(target);
    if (t == null) {
      String self = path.startsWith("links[") ? path.substring(6, path.indexOf(']')) : null;
      var candidates = byName.keySet().stream().filter(n -> !n.equals(self)).toList();
      String hint =
          Names.didYouMean(target, candidates)
              .map(m -> "did you mean '" + m + "'?")
              .orElse("declare it under links: (kind nic for an existing physical NIC)");
      r.error("ref.dangling", path, what + " '" + target + "' is not a declared link", hint);
      return;
    }
    if (allowedKinds != null && !allowedKinds.contains(t.kind())) {
      r.error(
          "ref.kind",
          path,
          what
              + " '"
              + target
              + "' is a "
              + t.kind()
              + "; expected one of "
              + String.join(", ", allowedKinds.stream().sorted().toList()),
          null);
    }
  }

  private void references() {
    Set<String> masterKinds = Set.of("bridge", "bond");
    for (Link l : r.topo.links()) {
      String p = r.path(l);
      ref(p + ".master", l.attrs().master(), "master", masterKinds);
      if (l instanceof Vlan v) {
        ref(p + ".parent", v.parent(), "parent", null);
      } else if (l instanceof Macvlan m) {
        ref(p + ".parent", m.parent(), "parent", null);
      } else if (l instanceof Macvtap m) {
        ref(p + ".parent", m.parent(), "parent", null);
      } else if (l instanceof Vxlan x) {
        ref(p + ".dev", x.underlay(), "underlay device", null);
      } else if (l instanceof Bond b) {
        for (int i = 0; i < b.ports().size(); i++) {
          ref(p + ".ports[" + i + "]", b.ports().get(i), "bond port", null);
        }
      } else if (l instanceof Bridge b) {
        for (int i = 0; i < b.ports().size(); i++) {
          ref(p + ".ports[" + i + "]", b.ports().get(i).name(), "bridge port", null);
        }
      }
    }
  }

  /** Every master claim per port link, from bridge/bond port lists and from {@code master:}. */
  private Map<String, List<Claim>> masters() {
    Map<String, List<Claim>> claims = new TreeMap<>();
    for (Link l : r.topo.links()) {
      String p = r.path(l);
      if (l.attrs().master() != null) {
        claims
            .computeIfAbsent(l.name(), k -> new ArrayList<>())
            .add(new Claim(l.attrs().master(), p + ".master"));
      }
      if (l instanceof Bond b) {
        for (int i = 0; i < b.ports().size(); i++) {
          claims
              .computeIfAbsent(b.ports().get(i), k -> new ArrayList<>())
              .add(new Claim(l.name(), p + ".ports[" + i + "]"));
        }
      } else if (l instanceof Bridge b) {
        for (int i = 0; i < b.ports().size(); i++) {
          claims
              .computeIfAbsent(b.ports().get(i).name(), k -> new ArrayList<>())
              .add(new Claim(l.name(), p + ".ports[" + i + "]"));
        }
      }
    }
    return claims;
  }

  private void masterRules(Map<String, List<Claim>> claims) {
    claims.forEach(
        (port, list) -> {
          List<String> distinct = list.stream().map(Claim::master).distinct().toList();
          if (distinct.size() > 1) {
            Claim second =
                list.stream()
                    .filter(c -> !c.master().equals(list.get(0).master()))
                    .findFirst()
                    .orElseThrow();
            r.error(
                "port.two-masters",
                second.path(),
                "link '"
                    + port
                    + "' is a port of both '"
                    + distinct.get(0)
                    + "' and '"
                    + distinct.get(1)
                    + "'",
                "a link has at most one master; remove one of the claims");
          }
          if (distinct.contains(port)) {
            r.error("master.self", list.get(0).path(), "link '" + port + "' is its own master");
          }
          Link master = byName.get(distinct.get(0));
          Link l = byName.get(port);
          // The kernel refuses a macvtap as a bridge port: its tap side holds the receive handler
          // (EBUSY). A bridge in a
          // bridge is bridge.port-is-bridge (KernelLinkRules).
          if (master instanceof Bridge && l instanceof io.vtopo.core.model.Macvtap) {
            r.error(
                "port.kind",
                list.get(0).path(),
                "a macvtap cannot be a port of bridge '"
                    + master.name()
                    + "'; the kernel refuses it (EBUSY)",
                "use a macvlan, or attach the VM to the bridge through a TAP");
          }
          if (master instanceof Bond && l != null && !l.attrs().addresses().isEmpty()) {
            r.error(
                "bond.port-address",
                r.path(l) + ".addresses",
                "link '"
                    + port
                    + "' is a port of bond '"
                    + master.name()
                    + "' but has addresses "
                    + l.attrs().addresses(),
                "put the addresses on the bond (or on a VLAN or bridge above it)");
          }
          if (master instanceof Bridge && l != null && !l.attrs().addresses().isEmpty()) {
            r.warning(
                "bridge.port-address",
                r.path(l) + ".addresses",
                "link '"
                    + port
                    + "' is a port of bridge '"
                    + master.name()
                    + "' and also has addresses "
                    + l.attrs().addresses(),
                "addresses on a bridge port are usually unreachable; put them on the bridge");
          }
        });
    masterCycles(claims);
  }

  /**
   * Cycles through master and parent relations (br0 in br1 in br0, a VLAN on its own bond port...).
   */
  private void masterCycles(Map<String, List<Claim>> claims) {
    Map<String, List<String>> up = new TreeMap<>();
    claims.forEach(
        (port, list) ->
            list.forEach(c -> up.computeIfAbsent(port, k -> new ArrayList<>()).add(c.master())));
    for (Link l : r.topo.links()) {
      String parent =
          l instanceof Vlan v
              ? v.parent()
              : l instanceof Macvlan m ? m.parent() : l instanceof Macvtap m ? m.parent() : null;
      if (parent != null) {
        up.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(parent);
      }
    }
    Set<String> reported = new java.util.HashSet<>();
    for (String start : up.keySet()) {
      List<String> path = new ArrayList<>();
      findCycle(start, up, path, new java.util.HashSet<>(), reported);
    }
  }

  private void findCycle(
      String node,
      Map<String, List<String>> up,
      List<String> path,
      Set<String> onPath,
      Set<String> reported) {
    if (onPath.contains(node)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      List<String> key = new ArrayList<>(cycle);
      java.util.Collections.sort(key);
      if (reported.add(String.join(",", key)) && cycle.size() > 1) {
        cycle.add(node);
        Link first = byName.get(cycle.get(0));
        r.error(
            "master.cycle",
            first == null ? "links" : r.path(first),
            "links form a cycle through master/parent relations: " + String.join(" -> ", cycle),
            "a link cannot sit below itself; break the cycle");
      }
      return;
    }
    if (path.size() > 64) {
      return;
    }
    onPath.add(node);
    path.add(node);
    for (String next : up.getOrDefault(node, List.of())) {
      findCycle(next, up, path, onPath, reported);
    }
    path.remove(path.size() - 1);
    onPath.remove(node);
  }

  private void vlans() {
    Map<String, String> seen = new HashMap<>();
    for (Link l : r.topo.links()) {
      if (!(l instanceof Vlan v)) {
        continue;
      }
      String p = r.path(l);
      if (v.id() < 1 || v.id() > 4094) {
        r.error(
            "vlan.id-range",
            p + ".id",
            "VLAN id " + v.id() + " is out of range; expected 1..4094",
            v.id() == 0 ? "0 means priority tagging only" : "4095 is reserved");
        continue;
      }
      String key = v.parent() + "/" + v.protocol() + "/" + v.id();
      String first = seen.putIfAbsent(key, p);
      if (first != null) {
        r.error(
            "vlan.duplicate",
            p + ".id",
            "VLAN "
                + v.id()
                + " ("
                + v.protocol().keyword()
                + ") on '"
                + v.parent()
                + "' is already declared by "
                + first
                + " ("
                + r.src.at(first)
                + ")",
            "a parent carries each VLAN id once");
      }
    }
    for (Link l : r.topo.links()) {
      var pv = l.attrs().portVlan();
      String master = l.attrs().master();
      if (pv != null
          && master != null
          && byName.get(master) instanceof Bridge b
          && !Boolean.TRUE.equals(b.vlanFiltering())) {
        r.error(
            "bridge.vlan-without-filtering",
            r.path(l) + ".bridge-vlan",
            "bridge-vlan is set but bridge '" + master + "' does not have vlan-filtering: true",
            "enable vlan-filtering on the bridge");
      }
    }
    for (Link l : r.topo.links()) {
      if (l instanceof Bridge b && !Boolean.TRUE.equals(b.vlanFiltering())) {
        for (int i = 0; i < b.ports().size(); i++) {
          BridgePort port = b.ports().get(i);
          if (port.vlan() != null) {
            r.error(
                "bridge.vlan-without-filtering",
                r.path(l) + ".ports[" + i + "]",
                "port '"
                    + port.name()
                    + "' sets pvid/vids but bridge '"
                    + b.name()
                    + "' does not have vlan-filtering: true",
                "enable vlan-filtering on the bridge");
          }
        }
      }
    }
  }

  private void mtus(Map<String, List<Claim>> claims, Set<String> pulledBridges) {
    for (Link l : r.topo.links()) {
      Integer mtu = l.attrs().mtu();
      String parent =
          l instanceof Vlan v
              ? v.parent()
              : l instanceof Macvlan m ? m.parent() : l instanceof Macvtap m ? m.parent() : null;
      Link p = parent == null ? null : byName.get(parent);
      if (mtu != null && p != null && p.attrs().mtu() != null && mtu > p.attrs().mtu()) {
        r.error(
            "mtu.above-parent",
            r.path(l) + ".mtu",
            l.kind()
                + " '"
                + l.name()
                + "' has MTU "
                + mtu
                + " but its parent '"
                + parent
                + "' has MTU "
                + p.attrs().mtu(),
            "the kernel refuses an MTU above the parent's; raise the parent's MTU or lower this one");
      }
      if (l instanceof Vxlan x
          && mtu != null
          && x.underlay() != null
          && byName.get(x.underlay()) != null) {
        Integer under = byName.get(x.underlay()).attrs().mtu();
        int overhead = KernelLinkRules.vxlanOverhead(x);
        if (under != null && mtu + overhead > under) {
          // The kernel caps a VXLAN with a dev at dev MTU - headroom: it lowers the MTU silently on
          // creation (so
          // verification fails) and refuses it with EINVAL on a later change.
          r.error(
              "mtu.vxlan-overhead",
              r.path(l) + ".mtu",
              "vxlan '"
                  + l.name()
                  + "' MTU "
                  + mtu
                  + " plus "
                  + overhead
                  + " bytes of encapsulation exceeds underlay '"
                  + x.underlay()
                  + "' MTU "
                  + under,
              "the kernel caps a VXLAN at its dev's MTU minus "
                  + overhead
                  + "; use MTU "
                  + (under - overhead)
                  + " or less, or raise the underlay's MTU");
        }
      }
    }
    // Ports of one bridge with different MTUs: the bridge takes the smallest, so larger frames are
    // dropped.
    Map<String, Map<Integer, String>> byMaster = new TreeMap<>();
    claims.forEach(
        (port, list) -> {
          Link l = byName.get(port);
          if (l != null
              && l.attrs().mtu() != null
              && byName.get(list.get(0).master()) instanceof Bridge) {
            byMaster
                .computeIfAbsent(list.get(0).master(), k -> new TreeMap<>())
                .putIfAbsent(l.attrs().mtu(), port);
          }
        });
    byMaster.forEach(
        (bridge, mtus) -> {
          Link b = byName.get(bridge);
          if (pulledBridges.contains(bridge)) {
            return; // already an error (mtu.bridge-pulled), which names the port
          }
          if (b.attrs().mtu() != null) {
            mtus.putIfAbsent(b.attrs().mtu(), bridge);
          }
          if (mtus.size() > 1) {
            List<String> parts =
                mtus.entrySet().stream().map(e -> e.getValue() + "=" + e.getKey()).toList();
            r.warning(
                "mtu.bridge-mismatch",
                r.path(b),
                "bridge '"
                    + bridge
                    + "' and its ports have different MTUs: "
                    + String.join(", ", parts),
                "use one MTU on a bridge and all its ports");
          }
        });
  }

  private void vxlans() {
    for (Link l : r.topo.links()) {
      if (!(l instanceof Vxlan x)) {
        continue;
      }
      String p = r.path(l);
      if (x.vni() < 0 || x.vni() > 16_777_215) {
        r.error(
            "vxlan.vni-range",
            p + ".vni",
            "VNI " + x.vni() + " is out of range; expected 0..16777215",
            null);
      }
      if (x.dstPort() != null && (x.dstPort() < 1 || x.dstPort() > 65535)) {
        r.error(
            "vxlan.port-range",
            p + ".dstport",
            "UDP port " + x.dstPort() + " is out of range; expected 1..65535",
            "the IANA VXLAN port is 4789");
      }
      if (x.remote() != null && x.group() != null) {
        r.error(
            "vxlan.remote-and-group",
            p,
            "vxlan '" + l.name() + "' sets both remote and group",
            "use remote for point-to-point, group for multicast");
      }
      if (x.group() != null && !x.group().isMulticast()) {
        r.error(
            "vxlan.group-not-multicast",
            p + ".group",
            "group " + x.group() + " is not a multicast address",
            "use an address in 239.0.0.0/8 or ff00::/8, or set remote instead");
      }
      if (x.group() != null && x.underlay() == null) {
        r.error(
            "vxlan.group-needs-dev",
            p,
            "vxlan '"
                + l.name()
                + "' uses multicast group "
                + x.group()
                + " but names no underlay dev",
            "set dev: to the link that carries the multicast traffic");
      }
      if (x.remote() != null && x.remote().isMulticast()) {
        r.error(
            "vxlan.remote-multicast",
            p + ".remote",
            "remote " + x.remote() + " is a multicast address",
            "use group: for multicast");
      }
      if (!x.flood().isEmpty() && x.group() != null) {
        r.error(
            "vxlan.flood-and-group",
            p + ".flood",
            "vxlan '"
                + l.name()
                + "' sets both a head-end flood list and multicast group "
                + x.group(),
            "use flood: (head-end replication) or group: (multicast), not both");
      }
      java.util.Set<IpAddress> seen = new java.util.HashSet<>();
      for (int i = 0; i < x.flood().size(); i++) {
        IpAddress f = x.flood().get(i);
        String fp = p + ".flood[" + i + "]";
        if (f.isMulticast()) {
          r.error(
              "vxlan.flood-multicast",
              fp,
              "flood entry " + f + " is a multicast address",
              "list the peers' unicast underlay addresses; use group: for multicast");
        } else if (f.equals(x.remote()) || !seen.add(f)) {
          r.error(
              "vxlan.flood-duplicate",
              fp,
              "flood entry "
                  + f
                  + (f.equals(x.remote())
                      ? " repeats remote (the kernel already floods to remote)"
                      : " is listed twice"),
              "list each peer once");
        } else if (x.local() != null && f.isV6() != x.local().isV6()) {
          r.error(
              "vxlan.family-mismatch",
              fp,
              "local " + x.local() + " and flood entry " + f + " are of different IP families",
              "the kernel refuses it: Address family not supported by protocol");
        }
      }
      var peer = x.remote() != null ? x.remote() : x.group();
      if (x.local() != null && peer != null && x.local().isV6() != peer.isV6()) {
        r.error(
            "vxlan.family-mismatch",
            p + ".local",
            "local " + x.local() + " and remote/group " + peer + " are of different IP families",
            null);
      }
    }
  }

  private void veths() {
    for (Link l : r.topo.links()) {
      if (!(l instanceof Veth v)) {
        continue;
      }
      String p = r.path(l);
      checkIfName(r, v.peer(), p + ".peer", "veth peer name");
      if (v.peerNetns() != null) {
        continue;
      }
      Link other = byName.get(v.peer());
      if (other == null) {
        continue;
      }
      if (!(other instanceof Veth ov) || !Objects.equals(ov.peer(), v.name())) {
        r.error(
            "veth.peer-clash",
            p + ".peer",
            "veth peer '"
                + v.peer()
                + "' is already declared as a "
                + other.kind()
                + (other instanceof Veth ? " with another peer" : ""),
            "declare the peer end as a veth whose peer is '"
                + v.name()
                + "', or choose another peer name");
      } else if (v.name().equals(v.peer())) {
        r.error("veth.peer-self", p + ".peer", "a veth cannot be its own peer");
      }
    }
  }
}
