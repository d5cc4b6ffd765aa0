package io.vtopo.core.reach;

import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code vtopo check --live} probes and what the static analysis predicts for each probe,
 * decided before any packet is sent (pure: the live facts it needs come in as {@link Facts}).
 *
 * <p>Every vNIC that can be stood in for gets a {@link Probe}: a veth whose host end takes the
 * vNIC's place on its bridge and whose other end, in a fresh namespace, carries the vNIC's MAC and
 * address and the default route a guest would have. Every ordered pair of probes of different VMs
 * is a {@link Check} with the {@link Verdict} of {@link Reachability#path}; so is every probe's
 * ping of its gateway (the host's address on its segment), which is as far as outbound traffic is
 * probed: nothing is sent off the machine. Checks whose observation could not test the analysis are
 * kept with the reason they are not probed.
 */
public final class LivePlan {
  /** Where the host end of a probe lives. */
  public enum Side {
    /** The namespace holding the topology's links ({@code --netns}, or the current one). */
    TOPOLOGY,
    /** The namespace libvirt's networks put their bridges in: the current one. */
    ROOT
  }

  /** Which pairs to test. */
  public enum Pairs {
    /** Every ordered pair of probed vNICs of different VMs, and each probe's gateway. */
    ALL,
    /** Only the vNIC pairs of the {@code expect:} intents. */
    INTENTS
  }

  /**
   * Live facts the plan needs.
   *
   * @param tapMasters the live master of each TAP in the topology's namespace (TAP name to bridge
   *     name)
   * @param networkBridges the live bridge of each running libvirt network (network name to bridge)
   * @param splitNamespaces true when the topology's links are in another namespace than libvirt's
   *     bridges, so the host's router is split in two and nothing routes between the two sides
   * @param downLinks links of the topology's namespace that are administratively down on the live
   *     host
   * @param forwarding whether the side forwards the family: {@code forwarding.test(side, v6)}
   * @param guests the VMs whose domain runs on the host, each with the addresses libvirt knows for
   *     its vNICs by MAC (DHCP leases, ARP): a running guest is pinged at its real address and
   *     never stood in for
   */
  public record Facts(
      Map<String, String> tapMasters,
      Map<String, String> networkBridges,
      boolean splitNamespaces,
      Set<String> downLinks,
      java.util.function.BiPredicate<Side, Boolean> forwarding,
      Map<String, Map<MacAddress, IpPrefix>> guests) {
    /** Facts without running guests. */
    public Facts(
        Map<String, String> tapMasters,
        Map<String, String> networkBridges,
        boolean splitNamespaces,
        Set<String> downLinks,
        java.util.function.BiPredicate<Side, Boolean> forwarding) {
      this(tapMasters, networkBridges, splitNamespaces, downLinks, forwarding, Map.of());
    }
  }

  /**
   * One stand-in for a vNIC.
   *
   * @param n index, part of the probe's link name
   * @param endpoint the vNIC it stands in for
   * @param mac the vNIC's MAC, or null (the kernel's random one)
   * @param address the address the probe takes
   * @param addressSource {@code declared}, {@code dhcp reservation}, or {@code picked outside the
   *     DHCP range}
   * @param gateway the host address the probe's default route goes through, or null
   * @param gatewayIface the host interface holding the gateway address, or null
   * @param side where the bridge is
   * @param bridge the bridge the probe's host end is enslaved to
   * @param nicName the interface name inside the probe namespace
   * @param up whether the host end goes up: a TAP that is down on the host leaves its stand-in down
   *     too
   * @param guest true when the vNIC belongs to a running guest: nothing is built, the guest itself
   *     answers at {@code address} (its real one), and no ping starts from it
   */
  public record Probe(
      int n,
      Endpoint endpoint,
      MacAddress mac,
      IpPrefix address,
      String addressSource,
      IpAddress gateway,
      String gatewayIface,
      Side side,
      String bridge,
      String nicName,
      boolean up,
      boolean guest) {
    /** {@code web1/eth0}. */
    public String label() {
      return endpoint.label();
    }
  }

  /**
   * A vNIC without a probe.
   *
   * @param label the vNIC
   * @param reason why it cannot be stood in for
   */
  public record Unprobed(String label, String reason) {}

  /**
   * One directed reachability test.
   *
   * @param from the probe that pings
   * @param to the probe pinged, or null for the gateway check
   * @param target the address pinged
   * @param group {@code segment -> segment} (or {@code segment -> host}) for grouping
   * @param predicted what the analysis says
   * @param verdict the analysis' answer with the path (a gateway check has a one-hop verdict)
   * @param skip why this check is not probed, or null when it is
   */
  public record Check(
      Probe from,
      Probe to,
      IpAddress target,
      String group,
      boolean predicted,
      Verdict verdict,
      String skip) {
    /** {@code web1/eth0 -> db1/eth0} or {@code web1/eth0 -> gateway 192.0.2.1}. */
    public String title() {
      return from.label() + " -> " + (to == null ? "gateway " + target : to.label());
    }
  }

  private final Reachability reach;
  private final List<Probe> probes = new ArrayList<>();
  private final List<Unprobed> unprobed = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();

  private LivePlan(Reachability reach) {
    this.reach = reach;
  }

  /** Plans the probes and checks for an analysed topology. */
  public static LivePlan of(Reachability reach, Facts facts, Pairs pairs) {
    LivePlan p = new LivePlan(reach);
    p.build(facts, pairs);
    return p;
  }

  /** The analysis the predictions come from. */
  public Reachability reachability() {
    return reach;
  }

  /** The probes, in VM and vNIC order. */
  public List<Probe> probes() {
    return List.copyOf(probes);
  }

  /** The vNICs that get no probe, with the reason. */
  public List<Unprobed> unprobed() {
    return List.copyOf(unprobed);
  }

  /** Every check, probed or not, in probe order. */
  public List<Check> checks() {
    return List.copyOf(checks);
  }

  private void build(Facts facts, Pairs pairs) {
    Topology t = reach.topology();
    Set<IpAddress> taken = takenAddresses(t);
    for (Vm vm : t.vms()) {
      List<Endpoint> eps = reach.endpoints(vm.name());
      for (int i = 0; i < eps.size(); i++) {
        Endpoint e = eps.get(i);
        Vnic nic = vm.nics().get(i);
        String why = probe(t, facts, e, nic, taken);
        if (why != null) {
          unprobed.add(new Unprobed(e.label(), why));
        }
      }
    }
    for (Probe a : probes) {
      for (Probe b : probes) {
        if (a.endpoint().vm().equals(b.endpoint().vm())
            || (pairs == Pairs.INTENTS && !inIntent(a, b))) {
          continue;
        }
        checks.add(pair(facts, a, b));
      }
      if ((pairs == Pairs.ALL || hostIntent(a)) && a.gateway() != null) {
        // The prediction is the analysis' own answer for "reaches the host" (the same rule picked
        // the gateway).
        Verdict v = reach.toHost(a.label());
        checks.add(
            new Check(
                a,
                null,
                a.gateway(),
                a.endpoint().segment() + " -> host",
                v.reachable(),
                v,
                a.guest() ? FROM_GUEST : null));
      }
    }
  }

  private boolean inIntent(Probe a, Probe b) {
    for (Expectation e : reach.topology().expectations()) {
      if (matches(e.from(), a) && matches(e.to(), b)) {
        return true;
      }
    }
    return false;
  }

  private boolean hostIntent(Probe a) {
    for (Expectation e : reach.topology().expectations()) {
      if (Expectation.HOST.equals(e.to()) && matches(e.from(), a)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a VM or {@code vm/nic} spec of an intent covers the probe. */
  public static boolean matches(String spec, Probe p) {
    Endpoint e = p.endpoint();
    return spec.equals(e.vm()) || spec.equals(e.label()) || spec.equals(e.vm() + "/" + e.index());
  }

  private Check pair(Facts facts, Probe a, Probe b) {
    Verdict v = reach.path(a.label(), b.label());
    String group = a.endpoint().segment() + " -> " + b.endpoint().segment();
    IpAddress target = b.address().address();
    boolean viaHost =
        v.hops().stream().anyMatch(h -> h.startsWith("host ["))
            || v.explanation().contains("the host routes between them");
    String skip = null;
    if (a.guest()) {
      skip = FROM_GUEST;
    } else if (a.address().address().isV6() != target.isV6()) {
      skip = "the two probes' addresses are of different families";
    } else if (facts.splitNamespaces() && a.side() != b.side()) {
      skip =
          "the host side of "
              + a.label()
              + " is in "
              + sideText(a.side())
              + " and that of "
              + b.label()
              + " in "
              + sideText(b.side())
              + "; nothing routes between the two namespaces, so the result would not"
              + " test the analysis";
    } else if (viaHost && v.reachable() && !facts.forwarding().test(a.side(), target.isV6())) {
      skip =
          "the prediction assumes the host forwards ("
              + (target.isV6() ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward")
              + "=1), and it is 0 in "
              + sideText(a.side());
    }
    return new Check(a, b, target, group, v.reachable(), v, skip);
  }

  /** Why no ping starts from a running guest. */
  public static final String FROM_GUEST =
      "the source is a running guest: vtopo runs nothing inside guests, so no ping can start there"
          + " (pings to it are probed)";

  /** {@code the topology's namespace} or {@code the root namespace (libvirt's bridges)}. */
  public static String sideText(Side s) {
    return s == Side.TOPOLOGY
        ? "the topology's namespace"
        : "the root namespace (libvirt's bridges)";
  }

  /** Adds a probe for the vNIC, or returns why there can be none. */
  private String probe(Topology t, Facts facts, Endpoint e, Vnic nic, Set<IpAddress> taken) {
    if (nic.vlan() != null) {
      return "tagged vNICs (vlan: "
          + nic.vlan()
          + ") are not probed: the probe would need a VLAN sub-interface";
    }
    Side side;
    String bridge;
    Vnic.Attachment at = nic.attachment();
    switch (at.kind()) {
      case TAP -> {
        side = Side.TOPOLOGY;
        bridge = facts.tapMasters().get(at.target());
        if (bridge == null) {
          return "TAP "
              + at.target()
              + " is not a port of a bridge on the live host, so nothing on the host side"
              + " can take its place";
        }
      }
      case BRIDGE -> {
        bridge = at.target();
        side = declared(t, bridge) ? Side.TOPOLOGY : Side.ROOT;
      }
      case DIRECT, OTHER -> {
        return at.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " vNICs ("
            + at.target()
            + ") are not probed:"
            + " no host bridge carries them";
      }
      default -> {
        Network net = t.network(at.target()).orElse(null);
        if (net == null) {
          return "network " + at.target() + " is not declared";
        }
        if (net.mode() == NetworkMode.BRIDGE) {
          bridge = net.bridge();
          side = declared(t, bridge) ? Side.TOPOLOGY : Side.ROOT;
        } else {
          bridge = facts.networkBridges().get(net.name());
          side = Side.ROOT;
        }
        if (bridge == null) {
          return "libvirt network "
              + net.name()
              + " has no live bridge (not running, or libvirt not connected)";
        }
      }
    }
    Map<MacAddress, IpPrefix> real = facts.guests().get(e.vm());
    if (real != null) {
      IpPrefix addr = nic.mac() == null ? null : real.get(nic.mac());
      if (addr == null) {
        return "its domain is running and libvirt knows no address for this vNIC (no DHCP lease on a"
            + " libvirt network, no ARP entry); a running guest is never stood in for";
      }
      probes.add(
          new Probe(
              probes.size(),
              e,
              nic.mac(),
              addr,
              "the running guest's (libvirt)",
              gateway(e, addr).address(),
              gateway(e, addr).iface(),
              side,
              bridge,
              nic.name() == null ? "eth0" : nic.name(),
              true,
              true));
      return null;
    }
    IpPrefix address = null;
    String source = e.addressSource();
    for (IpPrefix p : e.subnets()) {
      if (address == null || (address.address().isV6() && !p.address().isV6())) {
        address = p;
      }
    }
    if (address == null) {
      return "no address is known for it (no ip:, no DHCP reservation, no DHCP range), so there is nothing to"
          + " ping";
    }
    if (source.equals("dhcp")) {
      IpAddress pick = pick(t, nic.attachment().target(), address, taken);
      if (pick == null) {
        return "no free address outside the DHCP ranges of "
            + address.network()
            + "/"
            + address.length();
      }
      taken.add(pick);
      address = new IpPrefix(pick, address.length());
      source = "picked outside the DHCP range";
    }
    Gw gw = gateway(e, address);
    IpAddress gateway = gw.address();
    String gatewayIface = gw.iface();
    String nicName =
        nic.name() != null
                && nic.name().matches("[A-Za-z][A-Za-z0-9_.-]{0,14}")
                && !nic.name().equals("lo")
            ? nic.name()
            : "eth0";
    boolean up = at.kind() != Vnic.AttachKind.TAP || !facts.downLinks().contains(at.target());
    probes.add(
        new Probe(
            probes.size(),
            e,
            nic.mac(),
            address,
            source,
            gateway,
            gatewayIface,
            side,
            bridge,
            nicName,
            up,
            false));
    return null;
  }

  private record Gw(IpAddress address, String iface) {}

  /** The host's address on the endpoint's segment in {@code address}'s subnet (its gateway). */
  private Gw gateway(Endpoint e, IpPrefix address) {
    Segment s = reach.segment(e.segment()).orElse(null);
    if (s != null) {
      for (HostAddress h : s.hostAddresses()) {
        IpAddress g = h.address().address();
        if (h.address().contains(address.address())
            && address.contains(g)
            && !g.equals(address.address())
            && g.isV6() == address.address().isV6()) {
          return new Gw(g, h.iface());
        }
      }
    }
    return new Gw(null, null);
  }

  private static boolean declared(Topology t, String link) {
    return t.link(link).isPresent();
  }

  /**
   * Every address the file names: host addresses, network gateways, DHCP reservations, declared
   * vNIC addresses.
   */
  private static Set<IpAddress> takenAddresses(Topology t) {
    Set<IpAddress> out = new HashSet<>();
    for (Link l : t.links()) {
      l.attrs().addresses().forEach(a -> out.add(a.address()));
    }
    for (Network n : t.networks()) {
      for (NetworkIp ip : n.ips()) {
        out.add(ip.address().address());
        for (DhcpHost h : ip.dhcpHosts()) {
          out.add(h.ip());
        }
      }
    }
    for (Vm vm : t.vms()) {
      for (Vnic v : vm.nics()) {
        if (v.ip() != null) {
          out.add(v.ip().address());
        }
      }
    }
    return out;
  }

  /**
   * The highest address of the subnet that is outside every DHCP range of the network and not
   * taken, so that no DHCP lease and no declared address can collide with it (no DHCP client is
   * run).
   */
  private static IpAddress pick(Topology t, String network, IpPrefix subnet, Set<IpAddress> taken) {
    List<DhcpRange> ranges = new ArrayList<>();
    t.network(network).ifPresent(n -> n.ips().forEach(ip -> ranges.addAll(ip.dhcpRanges())));
    BigInteger first = num(subnet.network());
    BigInteger last = num(subnet.last());
    int bytes = subnet.address().isV6() ? 16 : 4;
    if (!subnet.address().isV6()) {
      last = last.subtract(BigInteger.ONE);
    }
    int tries = 0;
    for (BigInteger x = last;
        x.compareTo(first) > 0 && tries < 4096;
        x = x.subtract(BigInteger.ONE), tries++) {
      IpAddress a = addr(x, bytes);
      boolean inRange = false;
      for (DhcpRange r : ranges) {
        if (r.start().isV6() == a.isV6()
            && a.compareTo(r.start()) >= 0
            && a.compareTo(r.end()) <= 0) {
          inRange = true;
        }
      }
      if (!inRange && !taken.contains(a)) {
        return a;
      }
    }
    return null;
  }

  private static BigInteger num(IpAddress a) {
    return new BigInteger(1, a.bytes());
  }

  private static IpAddress addr(BigInteger x, int bytes) {
    byte[] raw = x.toByteArray();
    byte[] out = new byte[bytes];
    int n = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - n, out, bytes - n, n);
    return IpAddress.of(out);
  }
}
