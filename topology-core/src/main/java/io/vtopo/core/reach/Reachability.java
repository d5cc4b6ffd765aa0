package io.vtopo.core.reach;

import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.MacvlanMode;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.reach.L2.Kind;
import io.vtopo.core.reach.L2.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Static reachability between the VMs of a topology (a file, or what was read from a live host).
 *
 * <p>Layer 2: {@link L2} partitions every place a frame can be into broadcast domains once (bridges
 * and their ports, bonds, VLAN sub-interfaces and tags, VLAN-filtering bridges with PVIDs and VIDs,
 * veth pairs, VXLANs with the same VNI, bridge-mode macvlans, libvirt networks). Domains holding
 * vNICs are {@link Segment}s.
 *
 * <p>Layer 3: two vNICs of one segment talk directly when they share a subnet, or with L2 only when
 * an address is unknown. Across segments the host is the only router the model knows: it forwards
 * between two segments when it has an address in each vNIC's subnet on each segment (assuming
 * {@code net.ipv4.ip_forward=1} and no firewall of its own) and libvirt's rules allow it (nat:
 * outbound only; isolated: nothing; route: only via forward-dev when set; open: anything).
 *
 * <p>Building costs one pass over the objects; a query costs the size of the two segments involved,
 * never the number of VMs.
 */
public final class Reachability {
  private final Topology topology;
  private final L2 l2;
  private L2 allUp;
  private final Map<Integer, SegmentInfo> byRoot = new HashMap<>();
  private final List<Segment> segments;
  private final Map<String, List<Endpoint>> endpoints = new LinkedHashMap<>();
  private final Map<String, Vm> vms = new HashMap<>();

  /** Per-segment facts the queries need, beside the public record. */
  private static final class SegmentInfo {
    final int root;
    String id;
    int rank = Integer.MAX_VALUE;
    final Set<String> via = new TreeSet<>();
    final Set<IpPrefix> subnets = new TreeSet<>();
    final List<HostAddress> host = new ArrayList<>();
    final Map<String, Integer> hostNodes = new HashMap<>();

    /** Declared routes (not default) through links of this segment: link name, route. */
    final List<Map.Entry<String, Route>> routes = new ArrayList<>();

    Network network;
    final List<Endpoint> vnics = new ArrayList<>();
    final List<int[]> tags = new ArrayList<>();
    final List<Link> macvlans = new ArrayList<>();
    Segment record;

    SegmentInfo(int root) {
      this.root = root;
    }

    Policy policy() {
      if (network == null) {
        return Policy.HOST;
      }
      return switch (network.mode()) {
        case NAT -> Policy.NAT;
        case ROUTE -> Policy.ROUTE;
        case OPEN -> Policy.OPEN;
        case ISOLATED -> Policy.ISOLATED;
        case BRIDGE, PRIVATE, VEPA, PASSTHROUGH, HOSTDEV -> Policy.HOST;
      };
    }
  }

  private Reachability(Topology topology) {
    this.topology = topology;
    this.l2 = L2.build(topology, true);
    for (Vm vm : topology.vms()) {
      vms.put(vm.name(), vm);
    }
    this.segments = buildSegments();
  }

  /**
   * Analyses a topology. References to undeclared objects are tolerated (validation reports them).
   */
  public static Reachability of(Topology topology) {
    return new Reachability(topology);
  }

  /** The topology analysed. */
  public Topology topology() {
    return topology;
  }

  /** The segments that hold vNICs, sorted by id. */
  public List<Segment> segments() {
    return segments;
  }

  /** A VM's vNIC endpoints in file order (empty for an unknown VM). */
  public List<Endpoint> endpoints(String vm) {
    return endpoints.getOrDefault(vm, List.of());
  }

  private List<Segment> buildSegments() {
    for (Map.Entry<String, int[]> e : l2.vnicNodes.entrySet()) {
      for (int n : e.getValue()) {
        byRoot.computeIfAbsent(l2.find(n), SegmentInfo::new);
      }
    }
    for (int i = 0; i < l2.nodes.size(); i++) {
      SegmentInfo s = byRoot.get(l2.find(i));
      if (s == null) {
        continue;
      }
      Node n = l2.nodes.get(i);
      switch (n.kind()) {
        case NETWORK -> {
          Network net = l2.networks.get(n.link());
          if (net != null) {
            name(s, 0, net.name());
            s.network = net;
            String iface = net.bridge() != null ? net.bridge() : "network " + net.name();
            for (NetworkIp ip : net.ips()) {
              hostAddress(s, i, new HostAddress(iface, ip.address()));
            }
          }
        }
        case FILTERED -> {
          name(s, 1, n.link() + " " + L2.vlanText(n.vid()));
          s.tags.add(0, new int[] {i, n.vid()});
        }
        case TAGGED -> s.tags.add(new int[] {i, n.vid()});
        case VNI -> s.via.add("vxlan " + n.label());
        case NETNS_PEER -> s.via.add("veth peer " + n.label());
        case MACVLAN_GROUP -> name(s, 3, n.label());
        case LINK -> {
          Link l = l2.links.get(n.link());
          if (l == null) {
            name(s, 5, n.link());
            break;
          }
          if (l.kind().equals("bridge") && !l2.filtering(l.name())) {
            name(s, 2, l.name());
          } else {
            name(s, 4, l.name());
          }
          if (l instanceof Vlan v) {
            s.via.add(
                L2.vlanText(v.id() + (v.protocol().keyword().equals("802.1ad") ? L2.QINQ : 0))
                    + " via "
                    + v.name());
          } else if (l instanceof Macvlan || l instanceof Macvtap) {
            s.macvlans.add(l);
          }
          for (IpPrefix a : l.attrs().addresses()) {
            hostAddress(s, i, new HostAddress(l.name(), a));
          }
          for (Route r : l.attrs().routes()) {
            // A default route leads off this host; only specific routes can lead to a subnet behind
            // a router here.
            if (r.to().length() > 0 && !l2.isDown(i)) {
              s.routes.add(Map.entry(l.name(), r));
              s.hostNodes.putIfAbsent(l.name(), i);
            }
          }
        }
        case VNIC -> name(s, 6, n.label());
        default -> {}
      }
    }
    for (Vm vm : topology.vms()) {
      int[] ids = l2.vnicNodes.get(vm.name());
      List<Endpoint> eps = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) {
        SegmentInfo s = byRoot.get(l2.find(ids[i]));
        Endpoint ep = endpoint(vm, i, s.id);
        eps.add(ep);
        s.vnics.add(ep);
        s.subnets.addAll(
            ep.subnets().stream().map(p -> new IpPrefix(p.network(), p.length())).toList());
      }
      endpoints.put(vm.name(), List.copyOf(eps));
    }
    TreeMap<String, Segment> sorted = new TreeMap<>();
    for (SegmentInfo s : byRoot.values()) {
      s.host.sort(Comparator.comparing(HostAddress::iface).thenComparing(HostAddress::address));
      s.record =
          new Segment(
              s.id,
              List.copyOf(s.via),
              List.copyOf(s.subnets),
              s.host,
              s.policy(),
              s.network == null ? null : s.network.name(),
              s.network == null ? null : s.network.forwardDev(),
              s.vnics);
      sorted.put(s.id, s.record);
    }
    return List.copyOf(sorted.values());
  }

  /**
   * Names a segment after its most telling member: network, filtering VLAN, bridge, macvlan group,
   * link, vNIC.
   */
  private static void name(SegmentInfo s, int rank, String candidate) {
    if (rank < s.rank || (rank == s.rank && candidate.compareTo(s.id) < 0)) {
      s.rank = rank;
      s.id = candidate;
    }
  }

  private void hostAddress(SegmentInfo s, int node, HostAddress a) {
    if (l2.isDown(node)) {
      return;
    }
    s.host.add(a);
    s.hostNodes.putIfAbsent(a.iface(), node);
    s.subnets.add(new IpPrefix(a.address().network(), a.address().length()));
  }

  private Endpoint endpoint(Vm vm, int i, String segment) {
    Vnic nic = vm.nics().get(i);
    String label = vm.name() + "/" + (nic.name() == null ? "nic" + i : nic.name());
    if (nic.ip() != null) {
      return new Endpoint(vm.name(), i, label, List.of(nic.ip()), "declared", segment);
    }
    Network n =
        nic.attachment().kind() == Vnic.AttachKind.NETWORK
            ? l2.networks.get(nic.attachment().target())
            : null;
    if (n == null || n.mode() == NetworkMode.BRIDGE) {
      return new Endpoint(vm.name(), i, label, List.of(), "none", segment);
    }
    List<IpPrefix> reserved = new ArrayList<>();
    List<IpPrefix> pools = new ArrayList<>();
    for (NetworkIp ip : n.ips()) {
      for (DhcpHost h : ip.dhcpHosts()) {
        if (nic.mac() != null && nic.mac().equals(h.mac())) {
          reserved.add(new IpPrefix(h.ip(), ip.address().length()));
        }
      }
      if (!ip.dhcpRanges().isEmpty()) {
        pools.add(ip.address());
      }
    }
    if (!reserved.isEmpty()) {
      return new Endpoint(vm.name(), i, label, reserved, "dhcp reservation", segment);
    }
    return new Endpoint(vm.name(), i, label, pools, pools.isEmpty() ? "none" : "dhcp", segment);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Queries

  /** Checks one intent. */
  public Verdict check(Expectation e) {
    return path(e.from(), e.to());
  }

  /**
   * Whether {@code from} (a VM, or {@code vm/nic}) reaches the host itself: one of its vNICs is on
   * a segment where the host has an address in the vNIC's subnet (a bridge's address, a libvirt
   * network's gateway). That address is the guest's gateway; whether the host forwards further
   * (NAT, routes) is {@link #path}'s business between VMs.
   *
   * @throws IllegalArgumentException if the VM or vNIC is not declared
   */
  public Verdict toHost(String from) {
    List<Endpoint> as = resolve(from);
    if (as.isEmpty()) {
      return new Verdict(
          from, Expectation.HOST, false, List.of(), from + " has no vNICs", List.of());
    }
    List<String> whys = new ArrayList<>();
    for (Endpoint a : as) {
      int na = l2.vnicNodes.get(a.vm())[a.index()];
      SegmentInfo s = byRoot.get(l2.find(na));
      HostAddress h = gateway(s, a);
      if (h != null) {
        return new Verdict(
            from,
            Expectation.HOST,
            true,
            List.of(a.label(), h.iface() + " (host)"),
            "the host's address "
                + h
                + " is on segment "
                + s.id
                + ", in "
                + a.label()
                + "'s subnet",
            List.of());
      }
      whys.add(
          a.label()
              + ": "
              + (linkDown(a)
                  ? linkDownText(a)
                  : a.subnets().isEmpty()
                      ? "no address is known for it"
                      : s.host.isEmpty()
                          ? "the host has no address on its segment " + s.id
                          : "the host's addresses on its segment "
                              + s.id
                              + " ("
                              + String.join(
                                  ", ", s.host.stream().map(HostAddress::toString).toList())
                              + ") are not in its subnet "
                              + subnetText(a)));
    }
    return new Verdict(
        from,
        Expectation.HOST,
        false,
        List.of(),
        (as.size() == 1 ? "" : "no vNIC reaches the host; ") + String.join("; ", whys),
        List.of());
  }

  /**
   * Whether {@code from} reaches {@code to}. Each may be a VM name (any of its vNICs counts) or
   * {@code vm/nic} for one vNIC (by its name or index); {@code to} may also be {@code host} ({@link
   * #toHost}). Of several vNIC pairs the most direct reachable one is shown; when none reaches,
   * every pair's break is explained.
   *
   * @throws IllegalArgumentException if a VM or vNIC is not declared
   */
  public Verdict path(String from, String to) {
    if (Expectation.HOST.equals(to) && !vms.containsKey(Expectation.HOST)) {
      return toHost(from);
    }
    List<Endpoint> as = resolve(from);
    List<Endpoint> bs = resolve(to);
    if (as.isEmpty() || bs.isEmpty()) {
      String who = as.isEmpty() ? from : to;
      return new Verdict(from, to, false, List.of(), who + " has no vNICs", List.of());
    }
    Pair best = null;
    List<Pair> failures = new ArrayList<>();
    for (Endpoint a : as) {
      for (Endpoint b : bs) {
        Pair p = pair(a, b);
        if (p.reachable) {
          if (best == null || p.rank < best.rank) {
            best = p;
          }
        } else {
          failures.add(p);
        }
      }
    }
    if (best != null) {
      return new Verdict(from, to, true, best.hops, best.why, best.warnings);
    }
    if (failures.size() == 1) {
      Pair p = failures.get(0);
      return new Verdict(from, to, false, p.hops, p.why, p.warnings);
    }
    List<String> whys = new ArrayList<>();
    for (Pair p : failures) {
      whys.add(p.a.label() + " -> " + p.b.label() + ": " + p.why);
    }
    return new Verdict(
        from, to, false, List.of(), "no vNIC pair connects; " + String.join("; ", whys), List.of());
  }

  private List<Endpoint> resolve(String spec) {
    int slash = spec.indexOf('/');
    String vm = slash < 0 ? spec : spec.substring(0, slash);
    if (!vms.containsKey(vm)) {
      throw new IllegalArgumentException(
          "no VM named '" + vm + "' in topology '" + topology.name() + "'");
    }
    List<Endpoint> all = endpoints(vm);
    if (slash < 0) {
      return all;
    }
    String nic = spec.substring(slash + 1);
    for (Endpoint e : all) {
      if (e.label().equals(spec) || String.valueOf(e.index()).equals(nic)) {
        return List.of(e);
      }
    }
    throw new IllegalArgumentException(
        "VM '"
            + vm
            + "' has no vNIC '"
            + nic
            + "' (it has "
            + all.stream().map(Endpoint::label).toList()
            + ")");
  }

  /** One vNIC pair's answer; rank orders reachable answers by directness. */
  private record Pair(
      Endpoint a,
      Endpoint b,
      boolean reachable,
      int rank,
      List<String> hops,
      String why,
      List<String> warnings) {}

  private Pair pair(Endpoint a, Endpoint b) {
    int na = l2.vnicNodes.get(a.vm())[a.index()];
    int nb = l2.vnicNodes.get(b.vm())[b.index()];
    SegmentInfo sa = byRoot.get(l2.find(na));
    SegmentInfo sb = byRoot.get(l2.find(nb));
    if (sa == sb) {
      return sameSegment(a, b, na, nb, sa);
    }
    return acrossSegments(a, b, na, nb, sa, sb);
  }

  private Pair sameSegment(Endpoint a, Endpoint b, int na, int nb, SegmentInfo s) {
    List<Integer> nodes = l2.path(na, nb);
    List<String> hops = hops(nodes, s);
    List<String> warn = mtu(nodes);
    if (a.subnets().isEmpty() || b.subnets().isEmpty()) {
      String who =
          a.subnets().isEmpty() && b.subnets().isEmpty()
              ? "either vNIC"
              : a.subnets().isEmpty() ? a.label() : b.label();
      return new Pair(
          a,
          b,
          true,
          1,
          hops,
          "same L2 segment " + s.id + "; L2 only: no address is declared for " + who,
          warn);
    }
    for (IpPrefix pa : a.subnets()) {
      for (IpPrefix pb : b.subnets()) {
        if (onLink(pa, pb)) {
          return new Pair(
              a,
              b,
              true,
              0,
              hops,
              "same L2 segment, subnet " + pa.network() + "/" + pa.length(),
              warn);
        }
      }
    }
    HostAddress ga = gateway(s, a);
    HostAddress gb = gateway(s, b);
    String subnets = subnetText(a) + " and " + subnetText(b);
    if (ga != null && gb != null && s.policy() != Policy.ISOLATED) {
      return new Pair(
          a,
          b,
          true,
          2,
          hops,
          "same L2 segment, different subnets "
              + subnets
              + "; the host routes between them ("
              + ga
              + ", "
              + gb
              + "; assuming net.ipv4.ip_forward=1)",
          warn);
    }
    return new Pair(
        a,
        b,
        false,
        9,
        hops,
        "breaks at "
            + s.id
            + ": same L2 segment but different subnets "
            + subnets
            + ", and nothing on it routes between them"
            + (s.policy() == Policy.ISOLATED
                ? " (libvirt network " + s.network.name() + " is isolated)"
                : ""),
        warn);
  }

  private Pair acrossSegments(
      Endpoint a, Endpoint b, int na, int nb, SegmentInfo sa, SegmentInfo sb) {
    String[] l2Break = l2Break(a, b, na, nb, sa, sb);
    String l3 = l3Problem(a, b, sa, sb);
    if (l3 != null) {
      return new Pair(
          a,
          b,
          false,
          9,
          List.of(),
          "breaks at " + l2Break[0] + ": " + l2Break[1] + ", and " + l3,
          List.of());
    }
    HostAddress ga = gateway(sa, a);
    HostAddress gb = gateway(sb, b);
    Map.Entry<String, Route> route = gb == null ? routeTo(sb, b) : null;
    String out = gb != null ? gb.iface() : route.getKey();
    List<Integer> first = l2.path(na, sa.hostNodes.get(ga.iface()));
    List<Integer> second = l2.path(sb.hostNodes.get(out), nb);
    List<String> hops = new ArrayList<>(hops(first, sa));
    String next =
        gb != null
            ? gb.address().address().toString()
            : "route "
                + route.getValue().to()
                + (route.getValue().via() == null
                    ? " dev " + out
                    : " via " + route.getValue().via());
    hops.add("host [" + ga.address().address() + " -> " + next + "]");
    hops.addAll(hops(second, sb));
    List<String> warn = new ArrayList<>(mtu(first));
    warn.addAll(mtu(second));
    String nat =
        sa.policy() == Policy.NAT ? "; masqueraded by libvirt nat " + sa.network.name() : "";
    String how =
        gb != null
            ? ""
            : " by its declared route to "
                + route.getValue().to()
                + (route.getValue().via() == null
                    ? " on " + out
                    : " via "
                        + route.getValue().via()
                        + " on "
                        + out
                        + " (that router is assumed to deliver)");
    return new Pair(
        a,
        b,
        true,
        3,
        hops,
        "routed by the host from "
            + subnetText(a)
            + " on "
            + sa.id
            + " to "
            + subnetText(b)
            + " on "
            + sb.id
            + how
            + nat
            + ", assuming net.ipv4.ip_forward=1",
        warn);
  }

  /** Whether the endpoint's vNIC declares {@code link: down} (its cable is cut). */
  private boolean linkDown(Endpoint e) {
    Vm vm = vms.get(e.vm());
    return vm != null
        && e.index() < vm.nics().size()
        && "down".equals(vm.nics().get(e.index()).link());
  }

  private static String linkDownText(Endpoint e) {
    return "vNIC "
        + e.label()
        + " has link: down (libvirt cuts its cable: the guest sees no carrier), so its frames"
        + " reach nothing";
  }

  /** Where and why the two vNICs' L2 domains are apart: {place, reason}. */
  private String[] l2Break(Endpoint a, Endpoint b, int na, int nb, SegmentInfo sa, SegmentInfo sb) {
    for (Endpoint e : List.of(a, b)) {
      if (linkDown(e)) {
        return new String[] {e.label(), linkDownText(e)};
      }
    }
    // A link that is down: would the two meet if every link were up?
    if (!l2.down.isEmpty()) {
      L2 up = allUp();
      List<Integer> p = up.path(na, nb);
      for (int n : p) {
        Node x = up.nodes.get(n);
        if (x.kind() == Kind.LINK && l2.down.contains(x.link())) {
          Link dl = l2.links.get(x.link());
          String why =
              dl != null && L2.createdDown(dl)
                  ? "no state: in the file, and vtopo creates links down"
                  : "state: down";
          return new String[] {
            x.link(),
            "link " + x.link() + " is down (" + why + "), which splits " + sa.id + " from " + sb.id
          };
        }
      }
    }
    for (Link ma : sa.macvlans) {
      for (Link mb : sb.macvlans) {
        String pa = ma instanceof Macvlan m ? m.parent() : ((Macvtap) ma).parent();
        String pb = mb instanceof Macvlan m ? m.parent() : ((Macvtap) mb).parent();
        if (pa.equals(pb)) {
          Link odd = mode(ma) != MacvlanMode.BRIDGE ? ma : mb;
          return new String[] {pa, macvlanReason(odd, pa)};
        }
      }
    }
    for (int[] ta : sa.tags) {
      for (int[] tb : sb.tags) {
        Node x = l2.nodes.get(ta[0]);
        Node y = l2.nodes.get(tb[0]);
        if (ta[1] != tb[1] && x.kind() == y.kind() && sameWire(x, y)) {
          return new String[] {
            x.link(),
            a.label()
                + " is in "
                + L2.vlanText(ta[1])
                + " ("
                + sa.id
                + "), "
                + b.label()
                + " in "
                + L2.vlanText(tb[1])
                + " ("
                + sb.id
                + "): different L2 segments"
          };
        }
      }
    }
    return new String[] {
      sa.id,
      a.label()
          + " and "
          + b.label()
          + " are on different L2 segments ("
          + sa.id
          + " and "
          + sb.id
          + " are not connected)"
    };
  }

  private boolean sameWire(Node x, Node y) {
    if (x.link().equals(y.link())) {
      return true;
    }
    int bx = l2.linkNode(x.link());
    int by = l2.linkNode(y.link());
    return bx >= 0 && by >= 0 && l2.find(bx) == l2.find(by);
  }

  private static MacvlanMode mode(Link l) {
    MacvlanMode m = l instanceof Macvlan x ? x.mode() : ((Macvtap) l).mode();
    return m == null ? MacvlanMode.VEPA : m;
  }

  private static String macvlanReason(Link l, String parent) {
    return switch (mode(l)) {
      case PRIVATE ->
          l.kind() + " " + l.name() + " is in private mode: it talks to no sibling on " + parent;
      case PASSTHRU ->
          l.kind()
              + " "
              + l.name()
              + " is in passthru mode: it owns "
              + parent
              + " alone, siblings meet only on the external switch, which vtopo does not model";
      default ->
          l.kind()
              + " "
              + l.name()
              + " is in "
              + mode(l).keyword()
              + " mode: traffic to a sibling on "
              + parent
              + " must hairpin through the external switch (reflective relay), which vtopo does not model;"
              + " treated as not reachable on this host";
    };
  }

  /** Null if the host routes from a to b, else why not. */
  private String l3Problem(Endpoint a, Endpoint b, SegmentInfo sa, SegmentInfo sb) {
    for (Endpoint e : List.of(a, b)) {
      if (e.subnets().isEmpty()) {
        return "no address is known for "
            + e.label()
            + " (declare ip:, or attach it to a libvirt network with"
            + " DHCP), so no route via the host can be shown (L2 only)";
      }
    }
    HostAddress ga = gateway(sa, a);
    if (ga == null) {
      return "the host has no address on "
          + sa.id
          + " in "
          + a.label()
          + "'s subnet "
          + subnetText(a)
          + ", so it routes nothing from there (missing route)";
    }
    HostAddress gb = gateway(sb, b);
    Map.Entry<String, Route> route = gb == null ? routeTo(sb, b) : null;
    if (gb == null && route == null) {
      return "the host has no address on "
          + sb.id
          + " in "
          + b.label()
          + "'s subnet "
          + subnetText(b)
          + " and no declared route to it there, so it has no route to it (missing route)";
    }
    return policyProblem(sa, ga.iface(), sb, gb != null ? gb.iface() : route.getKey());
  }

  /**
   * Null if libvirt's rules let the host forward from segment a (entered on ifaceA) to b (left on
   * ifaceB).
   */
  private String policyProblem(SegmentInfo sa, String ifaceA, SegmentInfo sb, String ifaceB) {
    if (sa.policy() == Policy.ISOLATED) {
      return "libvirt network " + sa.network.name() + " is isolated: nothing is forwarded off it";
    }
    if (sb.policy() == Policy.ISOLATED) {
      return "libvirt network " + sb.network.name() + " is isolated: nothing is forwarded onto it";
    }
    if (sb.policy() == Policy.NAT) {
      return "libvirt network "
          + sb.network.name()
          + " is nat: it accepts no inbound connections"
          + " (outbound only; inbound needs a port forward)";
    }
    String fa = sa.network == null ? null : sa.network.forwardDev();
    if ((sa.policy() == Policy.NAT || sa.policy() == Policy.ROUTE)
        && fa != null
        && !onIface(fa, ifaceB, sb)) {
      return "libvirt network "
          + sa.network.name()
          + " forwards only out through "
          + fa
          + ", not through "
          + ifaceB
          + " (the host's interface on "
          + sb.id
          + ")";
    }
    String fb = sb.network == null ? null : sb.network.forwardDev();
    if (sb.policy() == Policy.ROUTE && fb != null && !onIface(fb, ifaceA, sa)) {
      return "libvirt network "
          + sb.network.name()
          + " accepts forwarded traffic only from "
          + fb
          + ", not from "
          + ifaceA
          + " (the host's interface on "
          + sa.id
          + ")";
    }
    return null;
  }

  private boolean onIface(String dev, String iface, SegmentInfo s) {
    if (dev.equals(iface)) {
      return true;
    }
    int n = l2.linkNode(dev);
    return n >= 0 && l2.find(n) == s.root;
  }

  /**
   * A declared route through a link of the segment whose destination holds the endpoint's address,
   * or null.
   */
  private static Map.Entry<String, Route> routeTo(SegmentInfo s, Endpoint e) {
    if (e.addressSource().equals("dhcp")) {
      return null;
    }
    for (IpPrefix p : e.subnets()) {
      for (Map.Entry<String, Route> r : s.routes) {
        if (r.getValue().to().contains(p.address())) {
          return r;
        }
      }
    }
    return null;
  }

  /** The host's address on the segment in one of the endpoint's subnets, or null. */
  private static HostAddress gateway(SegmentInfo s, Endpoint e) {
    for (IpPrefix p : e.subnets()) {
      for (HostAddress h : s.host) {
        boolean dhcp = e.addressSource().equals("dhcp");
        if (onLink(h.address(), p) && (dhcp || !h.address().address().equals(p.address()))) {
          return h;
        }
      }
    }
    return null;
  }

  /** Both addresses are inside each other's prefix: they talk without a router. */
  private static boolean onLink(IpPrefix x, IpPrefix y) {
    return x.contains(y.address()) && y.contains(x.address());
  }

  private static String subnetText(Endpoint e) {
    Set<String> s = new LinkedHashSet<>();
    for (IpPrefix p : e.subnets()) {
      s.add(p.network() + "/" + p.length());
    }
    return String.join(", ", s);
  }

  /** Hop labels of a node chain; a bridge hop carries the segment's VLAN context. */
  private List<String> hops(List<Integer> nodes, SegmentInfo s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      int n = nodes.get(i);
      Node x = l2.nodes.get(n);
      String label = x.label();
      if (x.kind() == Kind.VNIC) {
        int at = l2.attachedTo.get(n);
        Node t = l2.nodes.get(at);
        boolean tap =
            t.kind() == Kind.LINK
                && l2.links.get(t.link()) != null
                && l2.links.get(t.link()).kind().equals("tap");
        if (i == 0) {
          out.add(label);
          if (!tap) {
            out.add("vnet (libvirt tap)");
          }
        } else {
          if (!tap) {
            out.add("vnet (libvirt tap)");
          }
          out.add(label);
        }
        continue;
      }
      if (x.kind() == Kind.LINK
          && l2.links.get(x.link()) != null
          && l2.links.get(x.link()).kind().equals("bridge")
          && !l2.filtering(x.link())
          && !s.via.isEmpty()) {
        label = label + " (" + String.join(", ", s.via) + ")";
      }
      if (x.kind() == Kind.TAGGED
          && (i == 0
              || i == nodes.size() - 1
              || !out.isEmpty() && out.get(out.size() - 1).startsWith(x.link()))) {
        continue;
      }
      out.add(label);
    }
    return out;
  }

  /** A warning when the declared MTUs along an L2 chain differ. */
  private List<String> mtu(List<Integer> nodes) {
    Map<String, Integer> mtus = new LinkedHashMap<>();
    for (int n : nodes) {
      Node x = l2.nodes.get(n);
      Integer m = null;
      if (x.kind() == Kind.LINK && l2.links.get(x.link()) != null) {
        m = l2.links.get(x.link()).attrs().mtu();
      } else if (x.kind() == Kind.NETWORK && l2.networks.get(x.link()) != null) {
        m = l2.networks.get(x.link()).mtu();
      }
      if (m != null) {
        mtus.putIfAbsent(x.link(), m);
      }
    }
    if (mtus.values().stream().distinct().count() <= 1) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    mtus.forEach((k, v) -> parts.add(k + " " + v));
    return List.of(
        "MTU mismatch on the path: "
            + String.join(", ", parts)
            + "; frames above the smallest are dropped");
  }

  private synchronized L2 allUp() {
    if (allUp == null) {
      allUp = L2.build(topology, false);
    }
    return allUp;
  }

  /**
   * The segments a segment's guests can open connections to through the host, for the summary. Uses
   * the first host address of each segment as its gateway.
   */
  public List<String> reachesViaHost(Segment from) {
    SegmentInfo a = info(from);
    List<String> out = new ArrayList<>();
    if (a == null || !from.routed()) {
      return out;
    }
    for (Segment to : segments) {
      SegmentInfo b = info(to);
      if (b != a
          && to.routed()
          && policyProblem(
                  a, from.hostAddresses().get(0).iface(), b, to.hostAddresses().get(0).iface())
              == null) {
        out.add(to.id());
      }
    }
    return out;
  }

  private SegmentInfo info(Segment s) {
    if (s.vnics().isEmpty()) {
      return null;
    }
    Endpoint e = s.vnics().get(0);
    return byRoot.get(l2.find(l2.vnicNodes.get(e.vm())[e.index()]));
  }

  /** The segment with this id, if any. */
  public Optional<Segment> segment(String id) {
    return segments.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
