package io.vtopo.fleet;

import io.vtopo.core.io.SourceMap;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Links;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vxlan;
import io.vtopo.core.reach.Reachability;
import io.vtopo.core.reach.Verdict;
import io.vtopo.fleet.Fleet.Host;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reachability across the fleet with the core's analysis: every host is rendered, its links and
 * libvirt networks are renamed {@code HOST::NAME} and all hosts are put into one topology. The core
 * joins every VXLAN with one VNI and UDP port into one broadcast domain, which is exactly what a
 * segment is across hosts, so paths run from a vNIC on one host through its TAP, bridge and VXLAN,
 * the tunnel, and the far host's VXLAN, bridge and TAP. Hops are then labelled with the host they
 * are on. The core treats "the host" as one router; a path that would need one host to route into a
 * segment only another host has an address on is reported as not reachable (hosts do not route each
 * other's overlays).
 */
public final class FleetReach {
  /**
   * Separates the host from a link or network name in the combined topology (host names never
   * contain ':').
   */
  static final String SEP = "::";

  /**
   * The core labels a VNI by the first VXLAN's remote or group; across hosts each end has its own,
   * so drop it.
   */
  private static final java.util.regex.Pattern PEER =
      java.util.regex.Pattern.compile(" \\((remote|group) [^)]*\\)");

  private final FleetRender render;
  private final Reachability reach;
  private Topology combined;
  private final Map<String, String> addressHost = new HashMap<>();

  private FleetReach(FleetRender render, Reachability reach) {
    this.render = render;
    this.reach = reach;
  }

  /** Builds the fleet-wide analysis (renders every host once). */
  public static FleetReach of(Fleet fleet, SourceMap src, Map<String, SourceMap> hostSources) {
    return of(new FleetRender(fleet), src, hostSources);
  }

  /**
   * Builds the fleet-wide analysis with {@code r}'s renders (shared with the checks that already
   * ran).
   */
  public static FleetReach of(FleetRender r, SourceMap src, Map<String, SourceMap> hostSources) {
    Fleet fleet = r.fleet();
    List<Link> links = new ArrayList<>();
    List<Network> networks = new ArrayList<>();
    List<Vm> vms = new ArrayList<>();
    Map<String, String> addressHost = new HashMap<>();
    for (Host h : fleet.hosts()) {
      Topology t = r.render(h.name(), src, hostSources.get(h.name())).topology();
      String p = h.name() + SEP;
      for (Link l : t.links()) {
        links.add(rename(l, p));
        for (IpPrefix a : l.attrs().addresses()) {
          addressHost.put(a.address().toString(), h.name());
        }
      }
      for (Network n : t.networks()) {
        networks.add(
            n.toBuilder()
                .name(p + n.name())
                .bridge(n.bridge() == null ? null : p + n.bridge())
                .forwardDev(n.forwardDev() == null ? null : p + n.forwardDev())
                .unmodelled(null)
                .build());
        n.ips().forEach(ip -> addressHost.put(ip.address().toString(), h.name()));
      }
      for (Vm vm : t.vms()) {
        List<Vnic> nics = new ArrayList<>();
        for (Vnic n : vm.nics()) {
          nics.add(
              new Vnic(
                  n.name(),
                  new Vnic.Attachment(n.attachment().kind(), p + n.attachment().target()),
                  n.mac(),
                  n.ip(),
                  n.vlan(),
                  n.portGroup()));
        }
        vms.add(new Vm(vm.name(), nics));
      }
    }
    Topology all =
        new Topology(fleet.name(), links, networks, List.of(), vms, fleet.expectations());
    FleetReach fr = new FleetReach(r, Reachability.of(all));
    fr.addressHost.putAll(addressHost);
    fr.combined = all;
    return fr;
  }

  private static Link rename(Link l, String p) {
    LinkAttrs a = l.attrs();
    LinkAttrs na =
        new LinkAttrs(
            p + a.name(),
            a.state(),
            a.mtu(),
            a.mac(),
            a.master() == null ? null : p + a.master(),
            a.portVlan(),
            a.addresses(),
            a.routes());
    if (l instanceof Bond b) {
      return new Bond(
          na,
          b.mode(),
          b.ports().stream().map(x -> p + x).toList(),
          b.miimon(),
          b.lacpRate(),
          b.xmitHashPolicy());
    } else if (l instanceof Vlan v) {
      return new Vlan(na, p + v.parent(), v.id(), v.protocol());
    } else if (l instanceof Bridge b) {
      return new Bridge(
          na,
          b.stp(),
          b.forwardDelay(),
          b.vlanFiltering(),
          b.ports().stream().map(x -> new BridgePort(p + x.name(), x.vlan())).toList());
    } else if (l instanceof Veth v) {
      return v.peerNetns() == null
          ? new Veth(na, p + v.peer(), null)
          : new Veth(na, v.peer(), p + v.peerNetns());
    } else if (l instanceof Vxlan x) {
      return new Vxlan(
          na,
          x.vni(),
          x.local(),
          x.remote(),
          x.group(),
          x.dstPort(),
          x.underlay() == null ? null : p + x.underlay(),
          x.flood());
    } else if (l instanceof Macvlan m) {
      return new Macvlan(na, p + m.parent(), m.mode());
    } else if (l instanceof Macvtap m) {
      return new Macvtap(na, p + m.parent(), m.mode());
    }
    return Links.withAttrs(l, na);
  }

  /**
   * Every host in one topology, links and networks named {@code HOST::NAME} (what the SVG drawing
   * shows).
   */
  public Topology combined() {
    return combined;
  }

  /** The renderer the analysis was built from. */
  public FleetRender render() {
    return render;
  }

  /**
   * The path from VM (or {@code vm/nic}) {@code from} to {@code to} across the fleet, every hop
   * labelled with its host.
   *
   * @throws IllegalArgumentException if a VM or vNIC is not in the fleet
   */
  public Verdict path(String from, String to) {
    if (Expectation.HOST.equals(to)) {
      throw new IllegalArgumentException(
          "'host' is ambiguous in a fleet; run 'vtopo path' on the host's rendered"
              + " file ('vtopo fleet render FILE HOST') for the path to its own host");
    }
    Verdict v = reach.path(from, to);
    List<String> hops = new ArrayList<>();
    String crossing = null;
    String lastHost = null;
    for (int i = 0; i < v.hops().size(); i++) {
      String hop = v.hops().get(i);
      int sep = hop.indexOf(SEP);
      if (sep > 0) {
        String host = hop.substring(0, sep);
        hops.add(
            host
                + ": "
                + PEER.matcher(hop.substring(sep + SEP.length()))
                    .replaceAll("")
                    .replaceAll("\\b[\\w.-]+::", ""));
        lastHost = host;
      } else if (hop.startsWith("host [")) {
        String ga = hop.substring(6, hop.indexOf(' ', 6));
        String h = addressHost.getOrDefault(ga, "?");
        String next = i + 1 < v.hops().size() ? v.hops().get(i + 1) : "";
        int ns = next.indexOf(SEP);
        String nextHost = ns > 0 ? next.substring(0, ns) : h;
        if (!nextHost.equals(h)) {
          crossing =
              "host '"
                  + h
                  + "' (gateway "
                  + ga
                  + ") would have to route into a segment whose host address"
                  + " is on host '"
                  + nextHost
                  + "'; fleet hosts do not route each other's overlays";
        }
        hops.add(h + ": " + hop.replaceAll("\\b[\\w.-]+::", ""));
        lastHost = h;
      } else if (hop.startsWith("vni ")) {
        String vni = PEER.matcher(hop).replaceAll("");
        hops.add("underlay: vxlan " + vni + tunnelEnds(v.hops(), i));
      } else {
        String vm = hop.contains("/") ? hop.substring(0, hop.indexOf('/')) : null;
        String host = vm == null ? null : render.hostOf(vm);
        hops.add((host != null ? host : lastHost != null ? lastHost : "?") + ": " + hop);
        if (host != null) {
          lastHost = host;
        }
      }
    }
    if (crossing != null && v.reachable()) {
      return new Verdict(
          v.from(), v.to(), false, hops, "breaks at the routing step: " + crossing, v.warnings());
    }
    return new Verdict(
        v.from(),
        v.to(),
        v.reachable(),
        hops,
        v.explanation().replaceAll("\\b[\\w.-]+::", ""),
        v.warnings().stream().map(w -> w.replaceAll("([\\w.-]+)::", "$1:")).toList());
  }

  private String tunnelEnds(List<String> hops, int i) {
    String a = i > 0 ? hostOfHop(hops.get(i - 1)) : null;
    String b = i + 1 < hops.size() ? hostOfHop(hops.get(i + 1)) : null;
    if (a == null || b == null) {
      return "";
    }
    Fleet f = render.fleet();
    Fleet.Segment seg = null;
    for (Fleet.Segment s : f.segments()) {
      if (hops.get(i).startsWith("vni " + s.vni())) {
        seg = s;
      }
    }
    String how =
        seg == null
            ? ""
            : seg.replication() == Fleet.Replication.MULTICAST
                ? ", multicast group " + seg.group()
                : ", head-end";
    return how
        + ": "
        + a
        + " ("
        + f.host(a).map(h -> h.address().address().toString()).orElse("?")
        + ") -> "
        + b
        + " ("
        + f.host(b).map(h -> h.address().address().toString()).orElse("?")
        + ")";
  }

  private static String hostOfHop(String hop) {
    int sep = hop.indexOf(SEP);
    return sep > 0 ? hop.substring(0, sep) : null;
  }

  /** Every fleet intent's verdict, in file order. */
  public List<Verdict> intents() {
    List<Verdict> out = new ArrayList<>();
    for (Expectation e : render.fleet().expectations()) {
      Verdict v = path(e.from(), e.to());
      out.add(v);
    }
    return out;
  }
}
