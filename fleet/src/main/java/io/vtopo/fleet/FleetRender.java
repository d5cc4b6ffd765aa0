package io.vtopo.fleet;

import io.vtopo.core.diag.Position;
import io.vtopo.core.io.SourceMap;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vnic.AttachKind;
import io.vtopo.core.model.Vxlan;
import io.vtopo.fleet.Fleet.FleetNic;
import io.vtopo.fleet.Fleet.FleetVm;
import io.vtopo.fleet.Fleet.Host;
import io.vtopo.fleet.Fleet.Replication;
import io.vtopo.fleet.Fleet.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders one host of a fleet into a plain {@code vtopo/v1} topology: the host's own objects, then
 * its underlay NIC (unless its own objects declare it), then per segment it spans a bridge and a
 * VXLAN (VNI, local underlay address, the remote peer or the multicast group, the fleet's UDP port,
 * the underlay device), then a TAP per fleet vNIC on a segment, then the VMs and the expectations
 * whose both ends run on the host. Pure and deterministic: file order.
 */
public final class FleetRender {
  /** VXLAN encapsulation over IPv4: outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8. */
  public static final int OVERHEAD_V4 = 50;

  /** VXLAN encapsulation over IPv6: outer Ethernet 14 + IPv6 40 + UDP 8 + VXLAN 8. */
  public static final int OVERHEAD_V6 = 70;

  private final Fleet fleet;
  private final Map<String, List<String>> spans = new HashMap<>();
  private final Map<String, Set<String>> spanSets = new HashMap<>();
  private final Map<String, Host> hostByName = new HashMap<>();
  private final Map<String, Segment> segmentByName = new HashMap<>();
  private final Map<String, List<FleetVm>> vmsByHost = new HashMap<>();
  private final Map<String, String> hostOfVm = new HashMap<>();

  /** Renders by host: the checks and the reachability analysis of one fleet file share them. */
  private final Map<String, Rendered> rendered = new java.util.concurrent.ConcurrentHashMap<>();

  /** Prepares the per-host indexes once, so rendering every host of a large fleet stays linear. */
  public FleetRender(Fleet fleet) {
    this.fleet = fleet;
    for (Host h : fleet.hosts()) {
      hostByName.putIfAbsent(h.name(), h);
    }
    for (Segment s : fleet.segments()) {
      segmentByName.putIfAbsent(s.name(), s);
    }
    // Fleet.span per segment, in one pass over the VMs instead of one pass per segment.
    Map<String, Set<String>> used = new HashMap<>();
    for (FleetVm vm : fleet.vms()) {
      for (FleetNic n : vm.nics()) {
        if (n.segment() != null) {
          used.computeIfAbsent(n.segment(), k -> new HashSet<>()).add(vm.host());
        }
      }
    }
    for (Segment s : fleet.segments()) {
      Set<String> on = used.getOrDefault(s.name(), Set.of());
      List<String> span =
          !s.hosts().isEmpty()
              ? s.hosts()
              : fleet.hosts().stream().map(Host::name).filter(on::contains).toList();
      spans.put(s.name(), span);
      spanSets.put(s.name(), new HashSet<>(span));
    }
    for (FleetVm vm : fleet.vms()) {
      vmsByHost.computeIfAbsent(vm.host(), k -> new ArrayList<>()).add(vm);
      hostOfVm.put(vm.name(), vm.host());
    }
    for (Host h : fleet.hosts()) {
      for (Vm vm : h.own().vms()) {
        hostOfVm.putIfAbsent(vm.name(), h.name());
      }
    }
  }

  /** The fleet this renders. */
  public Fleet fleet() {
    return fleet;
  }

  /** The hosts a segment spans ({@link Fleet#span}), computed once. */
  public List<String> span(String segment) {
    return spans.getOrDefault(segment, List.of());
  }

  /** True if {@code segment} spans {@code host}: {@code span(segment).contains(host)} in O(1). */
  public boolean spans(String segment, String host) {
    Set<String> on = spanSets.get(segment);
    return on != null && on.contains(host);
  }

  /** The first host declared with this name ({@link Fleet#host}) in O(1), or null. */
  public Host host(String name) {
    return hostByName.get(name);
  }

  /** The first segment declared with this name ({@link Fleet#segment}) in O(1), or null. */
  public Segment segment(String name) {
    return segmentByName.get(name);
  }

  /** The host a VM runs on (fleet VMs and the hosts' own VMs), or null. */
  public String hostOf(String vm) {
    return hostOfVm.get(vm);
  }

  /** The fleet VMs placed on a host. */
  public List<FleetVm> vmsOn(String host) {
    return vmsByHost.getOrDefault(host, List.of());
  }

  /** The segments a host is on, in file order. */
  public List<Segment> segmentsOn(String host) {
    return fleet.segments().stream().filter(s -> spans(s.name(), host)).toList();
  }

  /**
   * The overlay MTU of a segment: as declared, else the underlay MTU minus the VXLAN overhead of
   * its family.
   */
  public int overlayMtu(Segment s, Host h) {
    if (s.mtu() != null) {
      return s.mtu();
    }
    return fleet.underlay().mtu() - overhead(h);
  }

  /** 50 bytes over an IPv4 underlay, 70 over IPv6. */
  public static int overhead(Host h) {
    return h.address() != null && h.address().address().isV6() ? OVERHEAD_V6 : OVERHEAD_V4;
  }

  /**
   * The TAP name of a fleet vNIC on a segment: {@code tap:}, else {@code tap-VM} (first) or {@code
   * tap-VM-N}.
   */
  public static String tapName(FleetVm vm, int index) {
    FleetNic n = vm.nics().get(index);
    if (n.tap() != null) {
      return n.tap();
    }
    return index == 0 ? "tap-" + vm.name() : "tap-" + vm.name() + "-" + index;
  }

  /** The peers of {@code host} on a segment: the other hosts it spans. */
  public List<Host> peers(Segment s, String host) {
    List<Host> out = new ArrayList<>();
    for (String name : span(s.name())) {
      Host h = name.equals(host) ? null : hostByName.get(name);
      if (h != null) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * A rendered host.
   *
   * @param topology the host's {@code vtopo/v1} topology
   * @param sources where each of its objects was written (host file, inline objects, or the fleet
   *     object it came from)
   */
  public record Rendered(Topology topology, SourceMap sources) {}

  /**
   * Renders one host. Renders are kept per host, so use one renderer per fleet file (one set of
   * sources).
   *
   * @param host the host's name
   * @param fleetSources positions in the fleet file
   * @param hostSources positions of the host's own objects, or null
   * @throws IllegalArgumentException if the fleet has no such host
   */
  public Rendered render(String host, SourceMap fleetSources, SourceMap hostSources) {
    Rendered done = rendered.get(host);
    if (done != null) {
      return done;
    }
    Rendered r = renderOnce(host, fleetSources, hostSources);
    rendered.put(host, r);
    return r;
  }

  private Rendered renderOnce(String host, SourceMap fleetSources, SourceMap hostSources) {
    Host h =
        fleet
            .host(host)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no host named '"
                            + host
                            + "' in fleet '"
                            + fleet.name()
                            + "' (hosts: "
                            + String.join(
                                ", ", fleet.hosts().stream().map(Host::name).limit(20).toList())
                            + (fleet.hosts().size() > 20 ? ", ..." : "")
                            + ")"));
    SourceMap src = new SourceMap(fleetSources.file());
    if (hostSources != null) {
      src.putAll(hostSources);
    }
    String hostPath = "hosts[" + host + "]";
    Topology own = h.own();
    List<Link> links = new ArrayList<>(own.links());
    Set<String> declared = new HashSet<>();
    own.links().forEach(l -> declared.add(l.name()));
    if (h.dev() != null && !declared.contains(h.dev())) {
      IpAddress gw = h.gateway() != null ? h.gateway() : fleet.underlay().gateway();
      List<Route> routes = gw == null ? List.of() : List.of(new Route(defaultRoute(gw), gw, null));
      links.add(
          new Nic(
              new LinkAttrs(
                  h.dev(), AdminState.UP, null, null, null, null, List.of(h.address()), routes)));
      src.put("links[" + h.dev() + "]", fleetSources.at(hostPath + ".underlay"));
    }
    Map<String, Segment> bySegment = new HashMap<>();
    for (Segment s : segmentsOn(host)) {
      bySegment.put(s.name(), s);
      int mtu = overlayMtu(s, h);
      Position at = fleetSources.at("segments[" + s.name() + "]");
      IpPrefix addr = s.addresses().get(host);
      links.add(
          new Bridge(
              new LinkAttrs(
                  s.bridge(),
                  AdminState.UP,
                  mtu,
                  null,
                  null,
                  null,
                  addr == null ? List.of() : List.of(addr),
                  List.of()),
              false,
              null,
              null,
              List.of()));
      src.put("links[" + s.bridge() + "]", at);
      IpAddress remote = null;
      IpAddress group = null;
      List<IpAddress> flood = List.of();
      if (s.replication() == Replication.MULTICAST) {
        group = s.group();
      } else {
        List<Host> peers = peers(s, host);
        if (peers.size() == 1) {
          // One peer: its address is the remote, for which the kernel installs the flood entry.
          remote = peers.get(0).address().address();
        } else {
          // Several: one all-zeros flood entry per peer (head-end replication), no remote.
          flood = peers.stream().map(p -> p.address().address()).toList();
        }
      }
      links.add(
          new Vxlan(
              new LinkAttrs(
                  s.vxlan(), AdminState.UP, mtu, null, s.bridge(), null, List.of(), List.of()),
              s.vni(),
              h.address().address(),
              remote,
              group,
              fleet.underlay().dstPort(),
              h.dev(),
              flood));
      src.put("links[" + s.vxlan() + "]", at);
    }
    List<Vm> vms = new ArrayList<>(own.vms());
    for (FleetVm vm : vmsOn(host)) {
      List<Vnic> nics = new ArrayList<>();
      for (int i = 0; i < vm.nics().size(); i++) {
        FleetNic n = vm.nics().get(i);
        String nicPath = "vms[" + vm.name() + "].nics[" + i + "]";
        Vnic.Attachment att;
        if (n.segment() != null) {
          Segment s = bySegment.get(n.segment());
          String tap = tapName(vm, i);
          if (s != null) {
            links.add(
                new Tap(
                    new LinkAttrs(
                        tap,
                        AdminState.UP,
                        overlayMtu(s, h),
                        null,
                        s.bridge(),
                        null,
                        List.of(),
                        List.of()),
                    null,
                    null,
                    null,
                    null));
            src.put("links[" + tap + "]", fleetSources.at(nicPath));
          }
          att = new Vnic.Attachment(AttachKind.TAP, tap);
        } else if (n.bridge() != null) {
          att = new Vnic.Attachment(AttachKind.BRIDGE, n.bridge());
        } else {
          att = new Vnic.Attachment(AttachKind.NETWORK, n.network());
        }
        nics.add(new Vnic(n.name(), att, n.mac(), n.ip(), null, null));
        src.put(nicPath, fleetSources.at(nicPath));
      }
      vms.add(new Vm(vm.name(), nics));
      src.put("vms[" + vm.name() + "]", fleetSources.at("vms[" + vm.name() + "]"));
    }
    List<Expectation> expects = new ArrayList<>(own.expectations());
    for (Expectation e : fleet.expectations()) {
      if (host.equals(hostOfVm.get(e.from())) && host.equals(hostOfVm.get(e.to()))) {
        expects.add(e);
      }
    }
    Topology t = new Topology(fleet.name(), links, own.networks(), own.pools(), vms, expects);
    return new Rendered(t, src);
  }

  private static IpPrefix defaultRoute(IpAddress gw) {
    return new IpPrefix(
        gw.isV6() ? IpAddress.parse("::").orElseThrow() : IpAddress.parse("0.0.0.0").orElseThrow(),
        0);
  }
}
