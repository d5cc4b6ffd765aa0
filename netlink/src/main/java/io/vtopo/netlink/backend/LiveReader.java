package io.vtopo.netlink.backend;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.Dummy;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.MacvlanMode;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.UnknownLink;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.model.Vxlan;
import io.vtopo.netlink.Snapshot;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.BridgeVlan;
import io.vtopo.netlink.model.DummyInfo;
import io.vtopo.netlink.model.FloodEntry;
import io.vtopo.netlink.model.LinkInfo;
import io.vtopo.netlink.model.MacvlanInfo;
import io.vtopo.netlink.model.MacvtapInfo;
import io.vtopo.netlink.model.PortVlans;
import io.vtopo.netlink.model.TunInfo;
import io.vtopo.netlink.model.VethInfo;
import io.vtopo.netlink.model.VlanInfo;
import io.vtopo.netlink.model.VxlanInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one {@link Snapshot} (one dump per object class) into the core model. Pure: no kernel
 * access, so it is tested with hand-made snapshots.
 *
 * <p>What is left out on purpose, because the kernel manages it and vtopo never declares it: IPv6
 * link-local addresses, routes the kernel adds for addresses (protocol kernel), routes outside the
 * main table, and non-unicast routes.
 */
public final class LiveReader {
  private static final int IFF_LOOPBACK = 0x8;
  private static final int RTPROT_KERNEL = 2;
  private static final int RTPROT_RA = 9;

  private LiveReader() {}

  /**
   * Names the other end of a veth pair that lives in another namespace: the kernel reports only the
   * id this namespace gives that namespace (IFLA_LINK_NETNSID) and the peer's index there.
   */
  interface PeerResolver {
    /** Resolves nothing: such a peer reads as {@link Veth#ELSEWHERE}. */
    PeerResolver NONE = (nsid, index) -> null;

    /**
     * The peer's namespace name and its own name, or null when the namespace has no name under
     * /run/netns (a container's, say) or the peer cannot be read.
     */
    String[] peer(int nsid, int index);
  }

  /** Converts every link of the snapshot, sorted by name. */
  public static List<Owned<Link>> read(Snapshot s) {
    return read(s, PeerResolver.NONE);
  }

  /** Converts every link of the snapshot, sorted by name, naming veth peers elsewhere. */
  static List<Owned<Link>> read(Snapshot s, PeerResolver peers) {
    Map<Integer, String> names = new HashMap<>();
    for (io.vtopo.netlink.model.Link l : s.links()) {
      names.put(l.index(), l.name());
    }
    Map<Integer, List<IpPrefix>> addrs = new HashMap<>();
    for (Address a : s.addresses()) {
      if (a.address().isLinkLocalAddress() && a.family() == 10) {
        continue;
      }
      addrs
          .computeIfAbsent(a.index(), k -> new ArrayList<>())
          .add(new IpPrefix(ip(a.address()), a.prefixLength()));
    }
    Map<Integer, List<Route>> routes = new HashMap<>();
    for (io.vtopo.netlink.model.Route r : s.routes()) {
      if (r.table() != 254
          || r.type() != 1
          || r.protocol() == RTPROT_KERNEL
          || r.protocol() == RTPROT_RA
          || r.oif() == 0) {
        continue;
      }
      if (r.family() == 10 && r.destination() != null && r.destination().isLinkLocalAddress()) {
        continue;
      }
      IpAddress to =
          r.destination() != null
              ? ip(r.destination())
              : IpAddress.parse(r.family() == 10 ? "::" : "0.0.0.0").orElseThrow();
      routes
          .computeIfAbsent(r.oif(), k -> new ArrayList<>())
          .add(
              new Route(
                  new IpPrefix(to, r.prefixLength()),
                  r.gateway() == null ? null : ip(r.gateway()),
                  r.metric()));
    }
    Map<Integer, List<String>> ports = new HashMap<>();
    for (io.vtopo.netlink.model.Link l : s.links()) {
      if (l.master() != 0) {
        ports.computeIfAbsent(l.master(), k -> new ArrayList<>()).add(l.name());
      }
    }
    Map<Integer, PortVlan> vlans = new HashMap<>();
    for (PortVlans pv : s.bridgeVlans()) {
      // The dump lists the bridge itself too (its own VLAN entries); only ports have a membership
      // in the file format.
      if (pv.master() != 0 && !pv.vlans().isEmpty()) {
        vlans.put(pv.index(), PortVlan.ofFlags(BridgeVlan.expand(pv.vlans())));
      }
    }
    Map<Integer, List<InetAddress>> floods = new HashMap<>();
    for (FloodEntry f : s.floods()) {
      floods.computeIfAbsent(f.index(), k -> new ArrayList<>()).add(f.dst());
    }
    List<Owned<Link>> out = new ArrayList<>();
    for (io.vtopo.netlink.model.Link l : s.links()) {
      LinkAttrs attrs =
          new LinkAttrs(
              l.name(),
              l.up() ? AdminState.UP : AdminState.DOWN,
              l.mtu(),
              l.mac() == null ? null : new MacAddress(l.mac().value()),
              l.master() == 0 ? null : names.get(l.master()),
              vlans.get(l.index()),
              sorted(addrs.getOrDefault(l.index(), List.of())),
              routes.getOrDefault(l.index(), List.of()));
      Link link = convert(l, attrs, names, ports.getOrDefault(l.index(), List.of()), peers);
      if (link instanceof Vxlan x && floods.containsKey(l.index())) {
        link = withFlood(x, floods.get(l.index()));
      }
      out.add(new Owned<>(link, Ownership.ownerOf(l)));
    }
    out.sort(Comparator.comparing(o -> o.value().name()));
    return out;
  }

  /**
   * The tunnel's all-zeros FDB entries but the one the kernel keeps for {@code remote} or {@code
   * group} (it makes it when the link is created with either, and deletes it with the link): the
   * head-end list.
   */
  private static Vxlan withFlood(Vxlan x, List<InetAddress> entries) {
    List<IpAddress> flood = new ArrayList<>();
    for (InetAddress a : entries) {
      IpAddress ip = ip(a);
      if (!ip.equals(x.remote()) && !ip.equals(x.group())) {
        flood.add(ip);
      }
    }
    flood.sort(null);
    return new Vxlan(
        x.attrs(), x.vni(), x.local(), x.remote(), x.group(), x.dstPort(), x.underlay(), flood);
  }

  private static List<IpPrefix> sorted(List<IpPrefix> l) {
    List<IpPrefix> c = new ArrayList<>(l);
    c.sort(null);
    return c;
  }

  static Link convert(
      io.vtopo.netlink.model.Link l,
      LinkAttrs attrs,
      Map<Integer, String> names,
      List<String> ports,
      PeerResolver peers) {
    LinkInfo info = l.info();
    if (info instanceof BridgeInfo b) {
      List<BridgePort> bp = new ArrayList<>();
      ports.stream().sorted().forEach(p -> bp.add(new BridgePort(p, null)));
      return new Bridge(
          attrs,
          b.stpState() == null ? null : b.stpState() != 0,
          b.forwardDelay() == null ? null : b.forwardDelay() / 100,
          b.vlanFiltering(),
          bp);
    }
    if (info instanceof TunInfo t) {
      if (!t.tap()) {
        return new UnknownLink(attrs, "tun");
      }
      return new Tap(
          attrs,
          t.owner() == null ? null : IdNames.user(t.owner()),
          t.group() == null ? null : IdNames.group(t.group()),
          t.multiQueue(),
          t.vnetHdr());
    }
    if (info instanceof VethInfo) {
      if (l.linkNetnsId() == null) {
        return new Veth(attrs, names.get(l.parent()), null);
      }
      // The peer lives in another namespace: named when that namespace has a name (ip netns),
      // else only known to be elsewhere.
      String[] there = peers.peer(l.linkNetnsId(), l.parent());
      return there == null
          ? new Veth(attrs, null, Veth.ELSEWHERE)
          : new Veth(attrs, there[1], there[0]);
    }
    if (info instanceof VxlanInfo v) {
      boolean multicast = v.remote() != null && v.remote().isMulticastAddress();
      return new Vxlan(
          attrs,
          v.id(),
          v.local() == null ? null : ip(v.local()),
          v.remote() == null || multicast ? null : ip(v.remote()),
          multicast ? ip(v.remote()) : null,
          v.port(),
          v.device() == null ? null : names.get(v.device()),
          List.of());
    }
    if (info instanceof VlanInfo v) {
      VlanProtocol p =
          v.protocol() != null && v.protocol() == VlanInfo.P_8021AD
              ? VlanProtocol.DOT1AD
              : VlanProtocol.DOT1Q;
      return new Vlan(attrs, names.get(l.parent()), v.id(), p);
    }
    if (info instanceof BondInfo b) {
      return new Bond(
          attrs,
          b.mode() == null ? null : io.vtopo.core.model.BondMode.values()[b.mode().value()],
          ports.stream().sorted().toList(),
          b.miimon(),
          b.lacpRate() == null ? null : b.lacpRate() == 1 ? "fast" : "slow",
          b.xmitHashPolicy() == null || b.xmitHashPolicy() >= BondInfo.HASH_POLICIES.size()
              ? null
              : BondInfo.HASH_POLICIES.get(b.xmitHashPolicy()));
    }
    if (info instanceof MacvlanInfo m) {
      return new Macvlan(attrs, names.get(l.parent()), mode(m.mode()));
    }
    if (info instanceof DummyInfo) {
      return new Dummy(attrs);
    }
    if (info instanceof MacvtapInfo m) {
      return new Macvtap(attrs, names.get(l.parent()), mode(m.mode()));
    }
    if (l.kind().isEmpty() && (l.flags() & IFF_LOOPBACK) == 0) {
      return new Nic(attrs);
    }
    return new UnknownLink(attrs, l.kind());
  }

  private static MacvlanMode mode(io.vtopo.netlink.model.MacvlanMode m) {
    return m == null ? null : MacvlanMode.valueOf(m.name());
  }

  static IpAddress ip(InetAddress a) {
    return IpAddress.of(a.getAddress());
  }
}
