package io.vtopo.fleet;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Severity;
import io.vtopo.core.io.SourceMap;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vxlan;
import io.vtopo.core.validate.Validator;
import io.vtopo.fleet.Fleet.FleetNic;
import io.vtopo.fleet.Fleet.FleetVm;
import io.vtopo.fleet.Fleet.Host;
import io.vtopo.fleet.Fleet.Probe;
import io.vtopo.fleet.Fleet.Replication;
import io.vtopo.fleet.Fleet.Segment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fleet's cross-host rules (rule ids {@code fleet.*}, documented in docs/fleet.md), then the
 * core's rules over every rendered host with their paths prefixed by {@code hosts[NAME].}. Every
 * problem is collected; nothing stops at the first. Indexes are built once, so a fleet of 100 hosts
 * with 200 VMs each is checked in linear time.
 */
public final class FleetChecks {
  private final Fleet fleet;
  private final SourceMap src;
  private final Map<String, SourceMap> hostSources;
  private final Diagnostics diags = new Diagnostics();
  private final FleetRender render;

  private FleetChecks(FleetRender render, SourceMap src, Map<String, SourceMap> hostSources) {
    this.fleet = render.fleet();
    this.src = src;
    this.hostSources = hostSources;
    this.render = render;
  }

  /** Runs every rule over a structurally valid fleet. */
  public static Diagnostics check(Fleet fleet, SourceMap src, Map<String, SourceMap> hostSources) {
    return check(new FleetRender(fleet), src, hostSources);
  }

  /**
   * Runs every rule, rendering the hosts with {@code render} (whose renders later users can share).
   */
  public static Diagnostics check(
      FleetRender render, SourceMap src, Map<String, SourceMap> hostSources) {
    FleetChecks c = new FleetChecks(render, src, hostSources);
    boolean renderable = c.hosts() & c.segments() & c.vms();
    c.addresses();
    c.intents();
    if (renderable && !c.diags.hasErrors()) {
      c.renderedHosts();
    }
    return c.diags;
  }

  private void error(String rule, String path, String message, String hint) {
    diags.error(rule, src.at(path), path, message, hint);
  }

  private void warning(String rule, String path, String message, String hint) {
    diags.warning(rule, src.at(path), path, message, hint);
  }

  private static boolean nameOk(String n) {
    if (n.length() > 15) {
      return false; // UTF-8 takes at least a byte per character
    }
    for (int i = 0; i < n.length(); i++) {
      if (n.charAt(i) >= 0x80) {
        return n.getBytes(StandardCharsets.UTF_8).length <= 15;
      }
    }
    return true;
  }

  // -- hosts and the underlay
  // ----------------------------------------------------------------------------------------

  private boolean hosts() {
    boolean ok = true;
    Set<String> names = new HashSet<>();
    Map<IpAddress, String> addresses = new HashMap<>();
    Boolean v6 = null;
    for (int i = 0; i < fleet.hosts().size(); i++) {
      Host h = fleet.hosts().get(i);
      String p = src.item("hosts", i);
      if (!names.add(h.name())) {
        error(
            "fleet.host-duplicate", p + ".name", "host '" + h.name() + "' is declared twice", null);
        ok = false;
      }
      String prev = addresses.putIfAbsent(h.address().address(), h.name());
      if (prev != null) {
        error(
            "fleet.underlay-address-duplicate",
            p + ".underlay.address",
            "host '"
                + h.name()
                + "' has underlay"
                + " address "
                + h.address().address()
                + ", which host '"
                + prev
                + "' already has",
            "every host needs its own tunnel endpoint address; VXLAN peers are derived from these addresses");
      }
      if (v6 == null) {
        v6 = h.address().address().isV6();
      } else if (v6 != h.address().address().isV6()) {
        error(
            "fleet.underlay-family",
            p + ".underlay.address",
            "host '"
                + h.name()
                + "' has an IPv"
                + (v6 ? "4" : "6")
                + " underlay address but the first host's is IPv"
                + (v6 ? "6" : "4"),
            "a VXLAN's local and remote addresses must be of one family");
      }
      IpAddress gw = gateway(h);
      if (gw != null && !h.address().contains(gw)) {
        error(
            "fleet.underlay-gateway",
            h.gateway() != null ? p + ".underlay.gateway" : "underlay.gateway",
            "gateway "
                + gw
                + " is not in host '"
                + h.name()
                + "''s underlay subnet "
                + h.address().network()
                + "/"
                + h.address().length(),
            null);
      }
      if (gw != null && gw.equals(h.address().address())) {
        error(
            "fleet.underlay-gateway",
            p + ".underlay.address",
            "host '" + h.name() + "''s underlay address is its" + " own gateway " + gw,
            null);
      }
      for (Host o : fleet.hosts()) {
        if (gw != null && gw.equals(o.address().address())) {
          error(
              "fleet.underlay-gateway",
              p + ".underlay",
              "host '"
                  + h.name()
                  + "''s gateway "
                  + gw
                  + " is host '"
                  + o.name()
                  + "''s underlay address",
              "the gateway is a router, not another hypervisor");
          break;
        }
      }
      if (h.dev() != null && !nameOk(h.dev())) {
        error(
            "fleet.name-length",
            p + ".underlay.dev",
            "'" + h.dev() + "' is longer than 15 bytes",
            null);
      }
    }
    // One routable network: hosts on different subnets must each have a gateway.
    Map<String, List<Host>> bySubnet = new LinkedHashMap<>();
    for (Host h : fleet.hosts()) {
      bySubnet
          .computeIfAbsent(
              h.address().network() + "/" + h.address().length(), k -> new ArrayList<>())
          .add(h);
    }
    if (bySubnet.size() > 1) {
      for (int i = 0; i < fleet.hosts().size(); i++) {
        Host h = fleet.hosts().get(i);
        if (gateway(h) == null) {
          error(
              "fleet.underlay-unroutable",
              src.item("hosts", i) + ".underlay",
              "host '"
                  + h.name()
                  + "''s"
                  + " underlay "
                  + h.address().network()
                  + "/"
                  + h.address().length()
                  + " is one of "
                  + bySubnet.size()
                  + " underlay subnets "
                  + bySubnet.keySet()
                  + " and it has no gateway to the others",
              "put the hosts on one subnet, or give underlay.gateway (fleet-wide or per host)");
        }
      }
    }
    return ok;
  }

  private IpAddress gateway(Host h) {
    return h.gateway() != null ? h.gateway() : fleet.underlay().gateway();
  }

  // -- segments
  // ------------------------------------------------------------------------------------------------------

  private boolean segments() {
    boolean ok = true;
    Map<Integer, String> vnis = new HashMap<>();
    Map<String, String> linkNames = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < fleet.segments().size(); i++) {
      Segment s = fleet.segments().get(i);
      String p = src.item("segments", i);
      if (!names.add(s.name())) {
        error(
            "fleet.segment-duplicate",
            p + ".name",
            "segment '" + s.name() + "' is declared twice",
            null);
        ok = false;
      }
      String prev = vnis.putIfAbsent(s.vni(), s.name());
      if (prev != null) {
        error(
            "fleet.vni-duplicate",
            p + ".vni",
            "segment '"
                + s.name()
                + "' has VNI "
                + s.vni()
                + ", which segment '"
                + prev
                + "' already uses",
            "two segments with one VNI are one broadcast domain; give each its own VNI");
      }
      for (String[] n :
          List.of(new String[] {"bridge", s.bridge()}, new String[] {"vxlan", s.vxlan()})) {
        if (prev != null && n[0].equals("vxlan") && n[1].equals("vx" + s.vni())) {
          continue; // the default name repeats the duplicate VNI, reported above
        }
        if (!nameOk(n[1])) {
          error(
              "fleet.name-length",
              p
                  + (s.bridge().equals("br-" + s.name()) && n[0].equals("bridge")
                      ? ".name"
                      : "." + n[0]),
              "the segment's " + n[0] + " name '" + n[1] + "' is longer than 15 bytes",
              "set " + n[0] + ": to a shorter name");
          ok = false;
        }
        String other = linkNames.putIfAbsent(n[1], s.name());
        if (other != null) {
          error(
              "fleet.name-clash",
              p + "." + n[0],
              "link name '" + n[1] + "' is also used by segment '" + other + "'",
              null);
          ok = false;
        }
      }
      if (s.replication() == Replication.MULTICAST) {
        if (s.group() == null) {
          error(
              "fleet.group-missing",
              p,
              "segment '" + s.name() + "' uses multicast replication but has no group",
              "add group: 239.1.1.1 (an administratively scoped IPv4 group) or choose replication: head-end");
          ok = false;
        } else if (!s.group().isMulticast()) {
          error(
              "fleet.group-invalid",
              p + ".group",
              "group " + s.group() + " is not a multicast address",
              null);
          ok = false;
        }
      } else if (s.group() != null) {
        error(
            "fleet.group-unused",
            p + ".group",
            "segment '" + s.name() + "' has a group but head-end replication",
            "drop replication: head-end (a group means multicast)");
        ok = false;
      }
      List<String> span = render.span(s.name());
      Set<String> known = new HashSet<>();
      for (String h : s.hosts()) {
        if (render.host(h) == null) {
          error(
              "fleet.ref",
              p + ".hosts",
              "segment '" + s.name() + "' names host '" + h + "', which is not declared",
              null);
          ok = false;
        } else if (!known.add(h)) {
          error(
              "fleet.ref",
              p + ".hosts",
              "segment '" + s.name() + "' lists host '" + h + "' twice",
              null);
        }
      }
      for (String h : s.addresses().keySet()) {
        if (!span.contains(h)) {
          error(
              "fleet.ref",
              p + ".addresses." + h,
              "segment '"
                  + s.name()
                  + "' gives an address to host '"
                  + h
                  + "', which the segment does not span (it spans "
                  + span
                  + ")",
              null);
        }
      }
      if (span.isEmpty()) {
        warning(
            "fleet.segment-unused",
            p,
            "segment '"
                + s.name()
                + "' spans no host: no VM uses it and it has no"
                + " hosts: list",
            null);
      }
      Set<String> subnets = new HashSet<>();
      for (String hn : span) {
        fleet
            .host(hn)
            .ifPresent(h -> subnets.add(h.address().network() + "/" + h.address().length()));
      }
      if (s.replication() == Replication.MULTICAST && subnets.size() > 1) {
        error(
            "fleet.multicast-routed",
            p + ".group",
            "segment '"
                + s.name()
                + "' uses multicast across "
                + subnets.size()
                + " underlay subnets "
                + new java.util.TreeSet<>(subnets)
                + "; the VXLAN's multicast leaves with TTL 1 and no router forwards it",
            "keep a multicast segment's hosts on one underlay subnet, or use head-end between two hosts");
      }
      for (String hn : span) {
        Host h = render.host(hn);
        if (h == null) {
          continue;
        }
        int mtu = render.overlayMtu(s, h);
        int need = mtu + FleetRender.overhead(h);
        if (need > fleet.underlay().mtu()) {
          error(
              "fleet.mtu-overlay",
              s.mtu() != null ? p + ".mtu" : p,
              "segment '"
                  + s.name()
                  + "' has overlay MTU "
                  + mtu
                  + " on host '"
                  + hn
                  + "': with "
                  + FleetRender.overhead(h)
                  + " bytes of VXLAN over IPv"
                  + (h.address().address().isV6() ? "6" : "4")
                  + " its packets are "
                  + need
                  + " bytes on an underlay"
                  + " of MTU "
                  + fleet.underlay().mtu(),
              "lower mtu to "
                  + (fleet.underlay().mtu() - FleetRender.overhead(h))
                  + " or raise underlay.mtu to "
                  + need);
        }
        for (Link l : h.own().links()) {
          if (l.name().equals(s.bridge()) || l.name().equals(s.vxlan())) {
            error(
                "fleet.name-clash",
                p,
                "segment '"
                    + s.name()
                    + "' would create link '"
                    + l.name()
                    + "' on host '"
                    + hn
                    + "', which the host's own objects already declare",
                "rename the segment's bridge or vxlan");
            ok = false;
          }
          if (l instanceof Vxlan x
              && x.vni() == s.vni()
              && (x.dstPort() == null ? 8472 : x.dstPort()) == fleet.underlay().dstPort()) {
            error(
                "fleet.vni-host-clash",
                p + ".vni",
                "segment '"
                    + s.name()
                    + "' uses VNI "
                    + s.vni()
                    + " on port "
                    + fleet.underlay().dstPort()
                    + ", and host '"
                    + hn
                    + "''s own VXLAN '"
                    + x.name()
                    + "' has the same VNI and port",
                "the kernel refuses two VXLANs with one VNI and port");
          }
        }
      }
    }
    return ok;
  }

  // -- VMs
  // ----------------------------------------------------------------------------------------------------------

  private boolean vms() {
    boolean ok = true;
    Map<String, String> vmNames = new HashMap<>();
    for (Host h : fleet.hosts()) {
      for (Vm vm : h.own().vms()) {
        String prev = vmNames.putIfAbsent(vm.name(), h.name());
        if (prev != null) {
          error(
              "fleet.vm-duplicate",
              "hosts[" + h.name() + "]",
              "VM '"
                  + vm.name()
                  + "' of host '"
                  + h.name()
                  + "' is also declared on host '"
                  + prev
                  + "'",
              "VM names are unique across the fleet");
        }
      }
    }
    Map<String, Map<String, String>> taps = new HashMap<>(); // host -> TAP -> VM
    for (int i = 0; i < fleet.vms().size(); i++) {
      FleetVm vm = fleet.vms().get(i);
      String p = src.item("vms", i);
      String prev = vmNames.putIfAbsent(vm.name(), vm.host());
      if (prev != null) {
        error(
            "fleet.vm-duplicate",
            p + ".name",
            "VM '" + vm.name() + "' is already declared (on host '" + prev + "')",
            "VM names are unique across the fleet");
      }
      if (render.host(vm.host()) == null) {
        error(
            "fleet.ref",
            p + ".host",
            "VM '"
                + vm.name()
                + "' is placed on host '"
                + vm.host()
                + "', which is not"
                + " declared",
            null);
        ok = false;
        continue;
      }
      for (int n = 0; n < vm.nics().size(); n++) {
        FleetNic nic = vm.nics().get(n);
        if (nic.segment() == null) {
          continue;
        }
        Segment s = render.segment(nic.segment());
        if (s == null) {
          error(
              "fleet.ref",
              nicPath(p, n) + ".segment",
              "segment '" + nic.segment() + "' is not declared",
              null);
          ok = false;
          continue;
        }
        if (!render.spans(s.name(), vm.host())) {
          error(
              "fleet.vm-off-segment",
              nicPath(p, n) + ".segment",
              "VM '"
                  + vm.name()
                  + "' runs on host '"
                  + vm.host()
                  + "' but segment '"
                  + s.name()
                  + "' spans only "
                  + render.span(s.name()),
              "add the host to the" + " segment's hosts: list");
          ok = false;
        }
        String tap = FleetRender.tapName(vm, n);
        if (!nameOk(tap)) {
          error(
              "fleet.name-length",
              nicPath(p, n) + (nic.tap() != null ? ".tap" : ""),
              "TAP name '" + tap + "' is longer than" + " 15 bytes",
              "set tap: to a name of at most 15 bytes");
          ok = false;
        }
        Map<String, String> onHost = taps.get(vm.host());
        if (onHost == null) {
          onHost = new HashMap<>();
          taps.put(vm.host(), onHost);
        }
        String other = onHost.putIfAbsent(tap, vm.name());
        if (other != null) {
          error(
              "fleet.name-clash",
              nicPath(p, n),
              "TAP '" + tap + "' on host '" + vm.host() + "' is also VM '" + other + "''s",
              null);
          ok = false;
        }
        if (s.subnet() != null && nic.ip() != null && !s.subnet().contains(nic.ip().address())) {
          error(
              "fleet.ip-outside",
              nicPath(p, n) + ".ip",
              "address "
                  + nic.ip()
                  + " is not in segment '"
                  + s.name()
                  + "''s subnet "
                  + s.subnet(),
              null);
        }
      }
    }
    return ok;
  }

  /** The path of vNIC {@code n} of the VM at {@code vmPath}, built only for a finding. */
  private static String nicPath(String vmPath, int n) {
    return vmPath + ".nics[" + n + "]";
  }

  // -- addresses, MACs and subnets across hosts
  // ---------------------------------------------------------------------

  /** One address use: where it is written and whether it is on a shared (fleet) network. */
  private record Use(Supplier<String> pathOf, Supplier<String> whatOf, boolean shared) {
    // Built only for a duplicate: a fleet of 20,000 vNICs has none, and building every path and
    // description up front was about half of this rule's time.
    String path() {
      return pathOf.get();
    }

    String what() {
      return whatOf.get();
    }
  }

  private void addresses() {
    Map<IpAddress, Use> ips = new HashMap<>();
    Map<MacAddress, Use> macs = new HashMap<>();
    for (int i = 0; i < fleet.hosts().size(); i++) {
      Host h = fleet.hosts().get(i);
      // Two hosts with one underlay address are fleet.underlay-address-duplicate already.
      int hi = i;
      ips.putIfAbsent(
          h.address().address(),
          new Use(
              () -> src.item("hosts", hi) + ".underlay.address",
              () -> "host '" + h.name() + "''s underlay",
              true));
      for (Vm vm : h.own().vms()) {
        for (Vnic n : vm.nics()) {
          Use u =
              new Use(
                  () -> "hosts[" + h.name() + "]",
                  () -> "VM '" + vm.name() + "' (host '" + h.name() + "')",
                  false);
          if (n.ip() != null) {
            ip(ips, n.ip().address(), u);
          }
          if (n.mac() != null) {
            mac(macs, n.mac(), u);
          }
        }
      }
    }
    Map<String, List<IpPrefix>> segmentNets = new LinkedHashMap<>();
    for (int i = 0; i < fleet.segments().size(); i++) {
      Segment s = fleet.segments().get(i);
      List<IpPrefix> nets = segmentNets.computeIfAbsent(s.name(), k -> new ArrayList<>());
      if (s.subnet() != null) {
        nets.add(s.subnet());
      }
      int si = i;
      for (Map.Entry<String, IpPrefix> a : s.addresses().entrySet()) {
        ip(
            ips,
            a.getValue().address(),
            new Use(
                () -> src.item("segments", si) + ".addresses." + a.getKey(),
                () -> "host '" + a.getKey() + "''s address on segment '" + s.name() + "'",
                true));
        if (s.subnet() == null) {
          nets.add(net(a.getValue()));
        }
      }
    }
    for (int i = 0; i < fleet.vms().size(); i++) {
      FleetVm vm = fleet.vms().get(i);
      int vi = i;
      Supplier<String> what = () -> "VM '" + vm.name() + "'";
      for (int n = 0; n < vm.nics().size(); n++) {
        FleetNic nic = vm.nics().get(n);
        int ni = n;
        if (nic.ip() != null) {
          ip(
              ips,
              nic.ip().address(),
              new Use(
                  () -> src.item("vms", vi) + ".nics[" + ni + "].ip", what, nic.segment() != null));
          if (nic.segment() != null
              && segmentNets.containsKey(nic.segment())
              && render.segment(nic.segment()).subnet() == null) {
            segmentNets.get(nic.segment()).add(net(nic.ip()));
          }
        }
        if (nic.mac() != null) {
          mac(
              macs,
              nic.mac(),
              new Use(() -> src.item("vms", vi) + ".nics[" + ni + "].mac", what, true));
        }
      }
    }
    // Segments are separate broadcast domains: their subnets must not overlap each other or the
    // underlay.
    List<Map.Entry<String, IpPrefix>> all = new ArrayList<>();
    for (Map.Entry<String, List<IpPrefix>> e : segmentNets.entrySet()) {
      for (IpPrefix p : new java.util.TreeSet<>(e.getValue())) {
        all.add(Map.entry(e.getKey(), p));
      }
    }
    all.sort(Map.Entry.comparingByValue());
    Set<String> reported = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1;
          j < all.size() && all.get(j).getValue().overlaps(all.get(i).getValue());
          j++) {
        String a = all.get(i).getKey();
        String b = all.get(j).getKey();
        if (!a.equals(b) && reported.add(a + "\0" + b)) {
          error(
              "fleet.subnet-overlap",
              "segments[" + b + "]",
              "segment '"
                  + b
                  + "''s subnet "
                  + all.get(j).getValue()
                  + " overlaps segment '"
                  + a
                  + "''s "
                  + all.get(i).getValue(),
              "each segment is its own broadcast" + " domain; give each its own subnet");
        }
      }
      for (Host h : fleet.hosts()) {
        if (h.address().overlaps(all.get(i).getValue())
            && reported.add(all.get(i).getKey() + "\0underlay")) {
          error(
              "fleet.subnet-underlay",
              "segments[" + all.get(i).getKey() + "]",
              "segment '"
                  + all.get(i).getKey()
                  + "''s subnet "
                  + all.get(i).getValue()
                  + " overlaps the underlay (host '"
                  + h.name()
                  + "' has "
                  + h.address()
                  + ")",
              "tunnelled traffic would be routed into the tunnel; use another subnet");
        }
      }
    }
  }

  private static IpPrefix net(IpPrefix p) {
    return new IpPrefix(p.network(), p.length());
  }

  private void ip(Map<IpAddress, Use> seen, IpAddress a, Use u) {
    Use prev = seen.putIfAbsent(a, u);
    if (prev == null) {
      return;
    }
    String msg = "address " + a + " of " + u.what() + " is also " + prev.what() + "'s";
    if (u.shared() || prev.shared()) {
      error(
          "fleet.ip-duplicate",
          u.path(),
          msg,
          "addresses are unique across the fleet's shared networks");
    } else {
      warning(
          "fleet.ip-duplicate",
          u.path(),
          msg,
          "fine only if the two are on separate host-local networks");
    }
  }

  private void mac(Map<MacAddress, Use> seen, MacAddress m, Use u) {
    Use prev = seen.putIfAbsent(m, u);
    if (prev != null) {
      error(
          "fleet.mac-duplicate",
          u.path(),
          "MAC " + m + " of " + u.what() + " is also " + prev.what() + "'s",
          "MACs are unique across the fleet: two guests with one MAC on one overlay steal each other's frames");
    }
  }

  // -- intents and probes
  // -------------------------------------------------------------------------------------------

  private void intents() {
    for (int i = 0; i < fleet.expectations().size(); i++) {
      Expectation e = fleet.expectations().get(i);
      String p = "expect[" + i + "]";
      for (String[] end : List.of(new String[] {"from", e.from()}, new String[] {"to", e.to()})) {
        String vm = end[1].contains("/") ? end[1].substring(0, end[1].indexOf('/')) : end[1];
        if (render.hostOf(vm) == null) {
          error(
              "fleet.ref",
              p + "." + end[0],
              Expectation.HOST.equals(vm)
                  ? "'host' is ambiguous in a fleet"
                  : "no VM named '" + vm + "' in the fleet",
              Expectation.HOST.equals(vm)
                  ? "write the intent in the" + " host's own file, or name a VM"
                  : null);
        }
      }
    }
    for (int i = 0; i < fleet.probes().size(); i++) {
      Probe pr = fleet.probes().get(i);
      for (String h : pr.hosts()) {
        if (render.host(h) == null) {
          error(
              "fleet.ref",
              "probes[" + i + "].hosts",
              "probe '" + pr.name() + "' names host '" + h + "', which is not declared",
              null);
        }
      }
    }
  }

  // -- every host's rendered topology through the core's rules
  // ------------------------------------------------------

  private void renderedHosts() {
    // Hosts are independent: render and validate them in parallel, report in host order.
    List<Diagnostics> perHost =
        fleet.hosts().parallelStream()
            .map(
                h -> {
                  FleetRender.Rendered r = render.render(h.name(), src, hostSources.get(h.name()));
                  return Validator.validate(r.topology(), r.sources());
                })
            .toList();
    for (int i = 0; i < perHost.size(); i++) {
      Host h = fleet.hosts().get(i);
      for (Diagnostic x : perHost.get(i).sorted()) {
        String path = "hosts[" + h.name() + "]" + (x.path().isEmpty() ? "" : "." + x.path());
        if (x.severity() == Severity.ERROR) {
          diags.error(x.rule(), x.position(), path, x.message(), x.hint());
        } else {
          diags.warning(x.rule(), x.position(), path, x.message(), x.hint());
        }
      }
    }
  }
}
