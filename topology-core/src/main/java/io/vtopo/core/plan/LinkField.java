package io.vtopo.core.plan;

import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.Vxlan;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every field of every link kind of the file format, with the kinds that have it and how to read it
 * from a link: the one table behind the link diff ({@link PlanDiff#link}), the backends'
 * declarations of what they can change ({@link io.vtopo.core.backend.LinkContract}), and the test
 * that walks the JSON Schema.
 *
 * <p>Two fields are derived: a bridge's or bond's {@code ports} are the {@link #MASTER} of each
 * port link (the planner resolves both spellings into that one), so a change of {@code ports} shows
 * up as a change of {@code master} on the ports and never on the bridge or bond itself.
 */
public enum LinkField implements FieldKey {
  /** The link kind; another kind is another object. */
  KIND("kind", null, Link::kind),
  /** Administrative state. */
  STATE("state", null, l -> l.attrs().state()),
  /** MTU. */
  MTU("mtu", null, l -> l.attrs().mtu()),
  /** MAC address. */
  MAC("mac", null, l -> l.attrs().mac()),
  /** The bridge or bond this link is a port of. */
  MASTER("master", null, l -> l.attrs().master()),
  /** VLAN membership as a bridge port. */
  BRIDGE_VLAN("bridge-vlan", null, l -> l.attrs().portVlan()),
  /** Interface addresses. */
  ADDRESSES("addresses", null, l -> l.attrs().addresses()),
  /** Routes through the link. */
  ROUTES("routes", null, l -> l.attrs().routes()),
  /** Spanning tree. */
  STP("stp", Set.of("bridge"), l -> ((Bridge) l).stp()),
  /** STP forward delay, seconds. */
  FORWARD_DELAY("forward-delay", Set.of("bridge"), l -> ((Bridge) l).forwardDelay()),
  /** 802.1Q filtering. */
  VLAN_FILTERING("vlan-filtering", Set.of("bridge"), l -> ((Bridge) l).vlanFiltering()),
  /** A bridge's ports: derived, see the class comment. */
  BRIDGE_PORTS("ports", Set.of("bridge"), l -> ((Bridge) l).ports()),
  /** Bonding mode. */
  BOND_MODE("mode", Set.of("bond"), l -> ((Bond) l).mode()),
  /** A bond's ports: derived, see the class comment. */
  BOND_PORTS("ports", Set.of("bond"), l -> ((Bond) l).ports()),
  /** MII monitoring interval. */
  MIIMON("miimon", Set.of("bond"), l -> ((Bond) l).miimon()),
  /** LACPDU rate. */
  LACP_RATE("lacp-rate", Set.of("bond"), l -> ((Bond) l).lacpRate()),
  /** Transmit hash policy. */
  XMIT_HASH_POLICY("xmit-hash-policy", Set.of("bond"), l -> ((Bond) l).xmitHashPolicy()),
  /** A VLAN's parent link. */
  VLAN_PARENT("parent", Set.of("vlan"), l -> ((Vlan) l).parent()),
  /** VLAN id. */
  VLAN_ID("id", Set.of("vlan"), l -> ((Vlan) l).id()),
  /** VLAN tag protocol. */
  VLAN_PROTOCOL("protocol", Set.of("vlan"), l -> ((Vlan) l).protocol()),
  /** TAP owner. */
  TAP_OWNER("owner", Set.of("tap"), l -> ((Tap) l).owner()),
  /** TAP group. */
  TAP_GROUP("group", Set.of("tap"), l -> ((Tap) l).group()),
  /** IFF_MULTI_QUEUE. */
  MULTI_QUEUE("multi-queue", Set.of("tap"), l -> ((Tap) l).multiQueue()),
  /** IFF_VNET_HDR. */
  VNET_HDR("vnet-hdr", Set.of("tap"), l -> ((Tap) l).vnetHdr()),
  /** The other end of a veth pair. */
  PEER("peer", Set.of("veth"), l -> ((Veth) l).peer()),
  /** The namespace of the other end. */
  PEER_NETNS("peer-netns", Set.of("veth"), l -> ((Veth) l).peerNetns()),
  /** VXLAN network identifier. */
  VNI("vni", Set.of("vxlan"), l -> ((Vxlan) l).vni()),
  /** VXLAN local address. */
  LOCAL("local", Set.of("vxlan"), l -> ((Vxlan) l).local()),
  /** VXLAN unicast remote. */
  REMOTE("remote", Set.of("vxlan"), l -> ((Vxlan) l).remote()),
  /** VXLAN multicast group. */
  VXLAN_GROUP("group", Set.of("vxlan"), l -> ((Vxlan) l).group()),
  /** VXLAN UDP port. */
  DSTPORT("dstport", Set.of("vxlan"), l -> ((Vxlan) l).dstPort()),
  /** VXLAN underlay device. */
  DEV("dev", Set.of("vxlan"), l -> ((Vxlan) l).underlay()),
  /** VXLAN head-end replication list (all-zeros FDB entries), sorted: the order means nothing. */
  FLOOD("flood", Set.of("vxlan"), l -> ((Vxlan) l).flood().stream().sorted().toList()),
  /** A macvlan's or macvtap's lower link. */
  LOWER(
      "parent",
      Set.of("macvlan", "macvtap"),
      l -> l instanceof Macvlan m ? m.parent() : ((Macvtap) l).parent()),
  /** macvlan/macvtap mode. */
  MACVLAN_MODE(
      "mode",
      Set.of("macvlan", "macvtap"),
      l -> l instanceof Macvlan m ? m.mode() : ((Macvtap) l).mode());

  private final String key;
  private final Set<String> kinds;
  private final Function<Link, Object> getter;

  LinkField(String key, Set<String> kinds, Function<Link, Object> getter) {
    this.key = key;
    this.kinds = kinds;
    this.getter = getter;
  }

  @Override
  public String key() {
    return key;
  }

  /** True for fields every kind has (the common keys). */
  public boolean common() {
    return kinds == null;
  }

  /** True for {@code ports}, which the planner turns into the ports' {@link #MASTER}. */
  public boolean derived() {
    return this == BRIDGE_PORTS || this == BOND_PORTS;
  }

  /** Whether links of {@code kind} (a file keyword) have this field. */
  public boolean appliesTo(String kind) {
    return kinds == null || kinds.contains(kind);
  }

  /**
   * The field's value on {@code link}, as a model value (null: not set); the link must have the
   * field.
   */
  public Object get(Link link) {
    return getter.apply(link);
  }

  private static final java.util.Map<String, List<LinkField>> BY_KIND =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The fields of a kind, common ones first, in declaration order (computed once per kind: diffs
   * run per link).
   */
  public static List<LinkField> of(String kind) {
    return BY_KIND.computeIfAbsent(
        kind, k -> java.util.Arrays.stream(values()).filter(f -> f.appliesTo(k)).toList());
  }

  /** The field of {@code kind} spelled {@code key} in the file, or null. */
  public static LinkField of(String kind, String key) {
    for (LinkField f : values()) {
      if (f.key.equals(key) && f.appliesTo(kind)) {
        return f;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return key;
  }
}
