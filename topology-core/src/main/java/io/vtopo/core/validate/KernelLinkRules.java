package io.vtopo.core.validate;

import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.MacvlanMode;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.Vxlan;
import io.vtopo.core.validate.LinkRules.Claim;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Link combinations the file format can express but the Linux kernel refuses or silently changes,
 * predicted offline so that {@code validate} fails instead of an apply half-way through (each rule
 * names the kernel's answer):
 *
 * <ul>
 *   <li>{@code mtu.bridge-pulled}: a bridge is set to its smallest port's MTU whenever a port joins
 *       (unless its MTU was changed after creation), so a bridge declared at 9000 with a TAP that
 *       keeps the default 1500 ends at 1500;
 *   <li>{@code master.parent}: a link enslaved to a device it is stacked on (EBUSY);
 *   <li>{@code macvlan.parent-enslaved}: a macvlan/macvtap on a bridge or bond port (both need the
 *       port's receive handler: EBUSY, in whichever order they are made);
 *   <li>{@code macvlan.passthru-shared}: a passthru macvlan/macvtap beside another one on the same
 *       parent (EINVAL);
 *   <li>{@code bridge.port-is-bridge}: a bridge as a port of a bridge (ELOOP);
 *   <li>{@code vxlan.duplicate-vni}: two VXLANs with one VNI, UDP port and address family (EEXIST).
 * </ul>
 *
 * Checked against the kernel of the project's machines (Linux 6.1) with {@code ip link} in a
 * throwaway namespace.
 */
final class KernelLinkRules {
  /**
   * The port the kernel uses when a VXLAN names none (IFLA_VXLAN_PORT absent): Linux's historical
   * 8472.
   */
  static final int KERNEL_VXLAN_PORT = 8472;

  /** The MTU the kernel gives a new TAP, veth or dev-less VXLAN. */
  static final int DEFAULT_MTU = 1500;

  private final Report r;
  private final Map<String, Link> byName;
  private final Map<String, List<Claim>> claims;

  /** Ports per master, from the same claims. */
  private final Map<String, List<String>> portsOf = new TreeMap<>();

  private final Set<String> pulled = new HashSet<>();

  KernelLinkRules(Report r, Map<String, Link> byName, Map<String, List<Claim>> claims) {
    this.r = r;
    this.byName = byName;
    this.claims = claims;
    claims.forEach(
        (port, list) ->
            list.stream()
                .map(Claim::master)
                .distinct()
                .forEach(m -> portsOf.computeIfAbsent(m, k -> new ArrayList<>()).add(port)));
  }

  void run() {
    bridgeMtus();
    enslavedBelow();
    macvlanParents();
    bridgeInBridge();
    vxlanVnis();
  }

  /**
   * Bridges reported by {@code mtu.bridge-pulled} (the milder {@code mtu.bridge-mismatch} then
   * stays quiet).
   */
  Set<String> pulledBridges() {
    return pulled;
  }

  /**
   * The VXLAN encapsulation the kernel reserves below its dev's MTU (VXLAN_HEADROOM /
   * VXLAN6_HEADROOM).
   */
  static int vxlanOverhead(Vxlan x) {
    boolean v6 =
        (x.local() != null && x.local().isV6())
            || (x.remote() != null && x.remote().isV6())
            || (x.group() != null && x.group().isV6());
    return v6 ? 70 : 50;
  }

  private static String parentOf(Link l) {
    return l instanceof Vlan v
        ? v.parent()
        : l instanceof Macvlan m ? m.parent() : l instanceof Macvtap m ? m.parent() : null;
  }

  /**
   * A link's MTU once created, and why; null when only the host knows it (a NIC, a bond, a bridge
   * without mtu).
   */
  private record Mtu(int value, String why) {}

  private Mtu effectiveMtu(Link l, int depth) {
    if (l.attrs().mtu() != null) {
      return new Mtu(l.attrs().mtu(), "has MTU " + l.attrs().mtu());
    }
    if (depth > 16) {
      return null;
    }
    if (l instanceof Tap || l instanceof Veth) {
      return new Mtu(DEFAULT_MTU, "has no mtu, and a new " + l.kind() + " gets " + DEFAULT_MTU);
    }
    if (l instanceof Vxlan x) {
      if (x.underlay() == null) {
        return new Mtu(DEFAULT_MTU, "has no mtu, and a new vxlan without dev gets " + DEFAULT_MTU);
      }
      Link dev = byName.get(x.underlay());
      Mtu d = dev == null ? null : effectiveMtu(dev, depth + 1);
      return d == null
          ? null
          : new Mtu(
              Math.max(68, d.value() - vxlanOverhead(x)),
              "has no mtu, and a vxlan gets"
                  + " its dev '"
                  + dev.name()
                  + "' MTU minus "
                  + vxlanOverhead(x));
    }
    String parent = parentOf(l);
    Link p = parent == null ? null : byName.get(parent);
    Mtu pm = p == null ? null : effectiveMtu(p, depth + 1);
    return pm == null
        ? null
        : new Mtu(
            pm.value(),
            "has no mtu, and inherits " + pm.value() + " from its parent '" + parent + "'");
  }

  private void bridgeMtus() {
    // "b != byName.get(...)": the first declaration of the name, by identity (a record's generated
    // equals links an invokedynamic on first use, a noticeable part of a short validate).
    for (Link b : r.topo.links()) {
      if (!(b instanceof Bridge) || b.attrs().mtu() == null || b != byName.get(b.name())) {
        continue;
      }
      int want = b.attrs().mtu();
      String minPort = null;
      Mtu min = null;
      boolean allKnown = true;
      for (String port : portsOf.getOrDefault(b.name(), List.of())) {
        Link pl = byName.get(port);
        Mtu m = pl == null || pl instanceof Bridge ? null : effectiveMtu(pl, 0);
        if (m == null) {
          allKnown = false;
        } else if (min == null || m.value() < min.value()) {
          min = m;
          minPort = port;
        }
      }
      // The bridge ends at the smallest port MTU: surely wrong when a known port is below the
      // declared MTU, and
      // wrong too when every port is known and all are above it (the bridge is raised).
      if (min != null && (min.value() < want || (allKnown && min.value() > want))) {
        pulled.add(b.name());
        r.error(
            "mtu.bridge-pulled",
            r.path(b) + ".mtu",
            "bridge '"
                + b.name()
                + "' has MTU "
                + want
                + " but its port '"
                + minPort
                + "' "
                + min.why()
                + ": the kernel sets a bridge to its smallest port's MTU, so '"
                + b.name()
                + "' would end at "
                + min.value(),
            "set mtu: "
                + want
                + " on '"
                + minPort
                + "' (and every port of the"
                + " bridge), or give the bridge the ports' MTU");
      }
    }
  }

  /**
   * A link enslaved to a device below it: through its parent chain (and the ports of what is
   * below).
   */
  private void enslavedBelow() {
    claims.forEach(
        (port, list) -> {
          Link l = byName.get(port);
          if (l == null) {
            return;
          }
          Set<String> masters = new java.util.LinkedHashSet<>();
          list.forEach(c -> masters.add(c.master()));
          for (String m : masters) {
            List<String> path = new ArrayList<>();
            path.add(port);
            if (!m.equals(port) && below(port, m, path, new HashSet<>(), false)) {
              Claim c = list.stream().filter(x -> x.master().equals(m)).findFirst().orElseThrow();
              r.error(
                  "master.parent",
                  c.path(),
                  l.kind()
                      + " '"
                      + port
                      + "' is enslaved to '"
                      + m
                      + "', which is below"
                      + " it ("
                      + String.join(" -> ", path)
                      + "): the kernel refuses to make a link a port of a device it is"
                      + " stacked on (EBUSY)",
                  "enslave the parent itself, or stack the link on another device");
            }
          }
        });
  }

  /**
   * Depth-first down the parent and port relations from {@code node}, looking for {@code target}
   * via a parent.
   */
  private boolean below(
      String node, String target, List<String> path, Set<String> seen, boolean viaParent) {
    if (!seen.add(node) || path.size() > 64) {
      return false;
    }
    Link l = byName.get(node);
    if (l == null) {
      return false;
    }
    String parent = parentOf(l);
    Map<String, Boolean> next = new LinkedHashMap<>();
    if (parent != null) {
      next.put(parent, true);
    }
    for (String p : portsOf.getOrDefault(node, List.of())) {
      next.putIfAbsent(p, false);
    }
    for (Map.Entry<String, Boolean> e : next.entrySet()) {
      boolean parentSeen = viaParent || e.getValue();
      path.add((e.getValue() ? "parent " : "port ") + e.getKey());
      if (e.getKey().equals(target) && parentSeen) {
        return true;
      }
      if (below(e.getKey(), target, path, seen, parentSeen)) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }

  private void macvlanParents() {
    Map<String, List<Link>> onParent = new TreeMap<>();
    for (Link l : r.topo.links()) {
      if ((l instanceof Macvlan || l instanceof Macvtap) && parentOf(l) != null) {
        onParent.computeIfAbsent(parentOf(l), k -> new ArrayList<>()).add(l);
      }
    }
    onParent.forEach(
        (parent, children) -> {
          List<Claim> parentMasters = claims.getOrDefault(parent, List.of());
          for (Link child : children) {
            String p = r.path(child) + ".parent";
            String master = parentMasters.isEmpty() ? null : parentMasters.get(0).master();
            if (master != null && !master.equals(child.name())) {
              Link m = byName.get(master);
              r.error(
                  "macvlan.parent-enslaved",
                  p,
                  child.kind()
                      + " '"
                      + child.name()
                      + "' sits on '"
                      + parent
                      + "', which is a port of "
                      + (m == null ? "" : m.kind() + " ")
                      + "'"
                      + master
                      + "': a bridge or bond"
                      + " port cannot also carry a macvlan or macvtap (the kernel answers EBUSY)",
                  "stack the "
                      + child.kind()
                      + " on '"
                      + master
                      + "' itself, or plug a tap or veth into the bridge instead");
            }
            MacvlanMode mode = child instanceof Macvlan mv ? mv.mode() : ((Macvtap) child).mode();
            if (mode == MacvlanMode.PASSTHRU && children.size() > 1) {
              String other =
                  children.stream()
                      .filter(c -> c != child)
                      .map(Link::name)
                      .findFirst()
                      .orElseThrow();
              r.error(
                  "macvlan.passthru-shared",
                  p,
                  "passthru "
                      + child.kind()
                      + " '"
                      + child.name()
                      + "' shares parent '"
                      + parent
                      + "' with '"
                      + other
                      + "': passthru takes the whole device (the kernel answers EINVAL)",
                  "give the passthru link a parent of its own, or use mode bridge for all of them");
            }
          }
        });
  }

  private void bridgeInBridge() {
    claims.forEach(
        (port, list) -> {
          if (!(byName.get(port) instanceof Bridge)) {
            return;
          }
          for (Claim c : list) {
            if (byName.get(c.master()) instanceof Bridge) {
              r.error(
                  "bridge.port-is-bridge",
                  c.path(),
                  "bridge '"
                      + port
                      + "' is a port of bridge '"
                      + c.master()
                      + "': the kernel cannot enslave a bridge to a bridge (ELOOP)",
                  "join the two bridges with a veth pair," + " one end a port of each");
              return;
            }
          }
        });
  }

  private void vxlanVnis() {
    Map<String, Link> seen = new HashMap<>();
    for (Link l : r.topo.links()) {
      if (!(l instanceof Vxlan x) || l != byName.get(l.name())) {
        continue;
      }
      int port = x.dstPort() == null ? KERNEL_VXLAN_PORT : x.dstPort();
      boolean v6 = vxlanOverhead(x) == 70;
      Link first = seen.putIfAbsent(x.vni() + "/" + port + "/" + v6, l);
      if (first != null) {
        r.error(
            "vxlan.duplicate-vni",
            r.path(l) + ".vni",
            "vxlan '"
                + l.name()
                + "' uses VNI "
                + x.vni()
                + " on UDP"
                + " port "
                + port
                + (x.dstPort() == null ? " (the kernel default)" : "")
                + " like '"
                + first.name()
                + "' ("
                + r.src.at(r.path(first))
                + "): the kernel allows one VXLAN per VNI, port and address family in"
                + " a namespace (EEXIST)",
            "use another vni or dstport, or one vxlan for both");
      }
    }
  }
}
