package io.vtopo.core.io;

import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.BondMode;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.Dummy;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.MacvlanMode;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.model.Vxlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the {@code links:} section. */
final class LinkReader {
  /** Keys each kind accepts beyond the common ones. */
  static final Map<String, List<String>> KIND_KEYS = new LinkedHashMap<>();

  static {
    KIND_KEYS.put("nic", List.of());
    KIND_KEYS.put("bond", List.of("mode", "ports", "miimon", "lacp-rate", "xmit-hash-policy"));
    KIND_KEYS.put("vlan", List.of("parent", "id", "protocol"));
    KIND_KEYS.put("bridge", List.of("stp", "forward-delay", "vlan-filtering", "ports"));
    KIND_KEYS.put("tap", List.of("owner", "group", "multi-queue", "vnet-hdr"));
    KIND_KEYS.put("veth", List.of("peer", "peer-netns"));
    KIND_KEYS.put("vxlan", List.of("vni", "local", "remote", "group", "dstport", "dev"));
    KIND_KEYS.put("macvlan", List.of("parent", "mode"));
    KIND_KEYS.put("macvtap", List.of("parent", "mode"));
    KIND_KEYS.put("dummy", List.of());
  }

  private static final Map<String, Collection<String>> KEY_KINDS = new TreeMap<>();

  /**
   * For each kind: the keys other kinds accept, with those kinds (for "valid for vxlan, not here"
   * hints).
   */
  private static final Map<String, Map<String, Collection<String>>> ELSEWHERE = new TreeMap<>();

  static {
    KIND_KEYS.forEach(
        (kind, keys) ->
            keys.forEach(k -> KEY_KINDS.computeIfAbsent(k, x -> new TreeSet<>()).add(kind)));
    KIND_KEYS.forEach(
        (kind, keys) -> {
          Map<String, Collection<String>> m = new TreeMap<>(KEY_KINDS);
          keys.forEach(m::remove);
          ELSEWHERE.put(kind, m);
        });
  }

  private static final Map<String, String> KINDS = kinds();
  private static final Map<String, BondMode> BOND_MODES = bondModes();
  private static final Map<String, MacvlanMode> MACVLAN_MODES = macvlanModes();
  private static final Map<String, VlanProtocol> VLAN_PROTOCOLS =
      Map.of("802.1q", VlanProtocol.DOT1Q, "802.1ad", VlanProtocol.DOT1AD);

  static final Map<String, AdminState> STATES =
      Map.of("up", AdminState.UP, "down", AdminState.DOWN);
  static final Map<String, String> LACP_RATES = ordered("slow", "fast");
  static final Map<String, String> HASH_POLICIES =
      ordered("layer2", "layer2+3", "layer3+4", "encap2+3", "encap3+4", "vlan+srcmac");

  private LinkReader() {}

  static Map<String, String> ordered(String... values) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String v : values) {
      m.put(v, v);
    }
    return m;
  }

  static Link read(Obj o, String path) {
    String name = o.name("link", true);
    String kind = o.keyword("kind", KINDS);
    if (!o.has("kind")) {
      o.missing("kind", "one of " + String.join(", ", KIND_KEYS.keySet()));
    }
    LinkAttrs attrs = attrs(o, name);
    if (kind == null) {
      // Without a kind, only report keys that no kind accepts.
      Map<String, Collection<String>> any = new TreeMap<>(KEY_KINDS);
      KEY_KINDS.keySet().forEach(k -> o.raw(k));
      o.finish("a link", any);
      return null;
    }
    Link link =
        switch (kind) {
          case "nic" -> new Nic(attrs);
          case "bond" ->
              new Bond(
                  attrs,
                  o.keyword("mode", BOND_MODES),
                  o.strings("ports"),
                  o.integer("miimon", 0, Integer.MAX_VALUE),
                  o.keyword("lacp-rate", LACP_RATES),
                  o.keyword("xmit-hash-policy", HASH_POLICIES));
          case "vlan" -> {
            String parent = o.reqStr("parent");
            Integer id = o.reqInt("id", 0, 4095);
            VlanProtocol proto = o.keyword("protocol", VLAN_PROTOCOLS);
            yield new Vlan(
                attrs, parent, id == null ? 0 : id, proto == null ? VlanProtocol.DOT1Q : proto);
          }
          case "bridge" ->
              new Bridge(
                  attrs,
                  o.bool("stp"),
                  o.integer("forward-delay", 0, 300),
                  o.bool("vlan-filtering"),
                  bridgePorts(o));
          case "tap" ->
              new Tap(
                  attrs,
                  idString(o, "owner"),
                  idString(o, "group"),
                  o.bool("multi-queue"),
                  o.bool("vnet-hdr"));
          case "veth" -> new Veth(attrs, o.reqStr("peer"), o.str("peer-netns"));
          case "vxlan" -> {
            Integer vni = o.reqInt("vni", 0, Long.MAX_VALUE);
            yield new Vxlan(
                attrs,
                vni == null ? 0 : vni,
                o.ip("local"),
                o.ip("remote"),
                o.ip("group"),
                o.integer("dstport", 1, 65535),
                o.str("dev"),
                o.ips("flood"));
          }
          case "macvlan" ->
              new Macvlan(attrs, o.reqStr("parent"), o.keyword("mode", MACVLAN_MODES));
          case "macvtap" ->
              new Macvtap(attrs, o.reqStr("parent"), o.keyword("mode", MACVLAN_MODES));
          case "dummy" -> new Dummy(attrs);
          default -> throw new IllegalStateException(kind);
        };
    o.finish("a " + kind + " link", ELSEWHERE.get(kind));
    return o.failed() || name == null ? null : link;
  }

  /** Owner/group: a name, or a numeric id written as a number. */
  private static String idString(Obj o, String key) {
    YNode n = o.raw(key);
    if (n instanceof YScalar s && s.isInt()) {
      return s.value();
    }
    return o.str(key);
  }

  private static LinkAttrs attrs(Obj o, String name) {
    AdminState state = o.keyword("state", STATES);
    Integer mtu = o.integer("mtu", 68, 65535);
    var mac = o.mac("mac");
    String master = o.str("master");
    PortVlan pv = null;
    Obj bv = o.obj("bridge-vlan");
    if (bv != null) {
      pv = portVlan(bv);
      bv.finish("bridge-vlan");
    }
    List<IpPrefix> addrs =
        o.list(
            "addresses",
            (n, p) -> {
              if (n instanceof YScalar s && !s.isNull()) {
                var c = IpPrefix.parse(s.value());
                if (c.isPresent()) {
                  return c.get();
                }
                o.ctx()
                    .diags
                    .error(
                        "schema.format",
                        o.ctx().pos(n),
                        p,
                        "'"
                            + s.value()
                            + "' is not an address with prefix length (e.g. 192.0.2.1/24)",
                        IpPrefix.parse(s.value() + "/24").isPresent()
                            ? "add the prefix length, e.g. " + s.value() + "/24"
                            : null);
                return null;
              }
              o.ctx().typeError(n, p, "an address string");
              return null;
            });
    List<Route> routes =
        o.list(
            "routes",
            (n, p) -> {
              if (!(n instanceof YMap m)) {
                o.ctx().typeError(n, p, "a mapping with to, via, metric");
                return null;
              }
              Obj r = new Obj(o.ctx(), m, p);
              IpPrefix to =
                  r.parsed(
                      "to",
                      "a destination prefix (e.g. 198.51.100.0/24 or 0.0.0.0/0)",
                      s -> s.equals("default") ? IpPrefix.parse("0.0.0.0/0") : IpPrefix.parse(s));
              if (!r.has("to")) {
                r.missing("to", "a destination prefix");
              }
              var via = r.ip("via");
              Integer metric = r.integer("metric", 0, 4294967295L);
              r.finish("a route");
              return r.failed() ? null : new Route(to, via, metric);
            });
    return new LinkAttrs(name, state, mtu, mac, master, pv, addrs, routes);
  }

  static PortVlan portVlan(Obj o) {
    Integer pvid = o.integer("pvid", 1, 4094);
    List<Integer> vids = vidList(o, "vids");
    List<Integer> untagged = vidList(o, "untagged");
    for (int v : untagged) {
      if (vids.contains(v)) {
        o.invalid(
            "untagged",
            "VLAN "
                + v
                + " is listed both tagged (vids) and untagged; a port sends a VLAN one way"
                + " or the other",
            "remove it from one of the two lists");
        break;
      }
    }
    return new PortVlan(pvid, vids, untagged);
  }

  /** VLAN id lists accept numbers and ranges such as {@code "100-110"}. */
  static List<Integer> vidList(Obj o, String key) {
    List<List<Integer>> parts =
        o.list(
            key,
            (n, p) -> {
              if (n instanceof YScalar s && s.isInt()) {
                long v = Obj.parseInt(s.value());
                if (v >= 1 && v <= 4094) {
                  return List.of((int) v);
                }
              } else if (n instanceof YScalar s && s.value().matches("[0-9]{1,4}-[0-9]{1,4}")) {
                String[] ab = s.value().split("-");
                int a = Integer.parseInt(ab[0]);
                int b = Integer.parseInt(ab[1]);
                if (a >= 1 && b <= 4094 && a <= b) {
                  List<Integer> r = new ArrayList<>();
                  for (int v = a; v <= b; v++) {
                    r.add(v);
                  }
                  return r;
                }
              }
              o.ctx()
                  .diags
                  .error(
                      "schema.value",
                      o.ctx().pos(n),
                      p,
                      "expected a VLAN id 1..4094 or a range like \"100-110\", found "
                          + n.describe(),
                      null);
              return null;
            });
    List<Integer> out = new ArrayList<>();
    parts.forEach(out::addAll);
    return out;
  }

  private static List<BridgePort> bridgePorts(Obj o) {
    return o.list(
        "ports",
        (n, p) -> {
          if (n instanceof YScalar s
              && !s.isNull()
              && !(s.plain() && (s.isInt() || s.isBool() || s.isFloat()))) {
            return new BridgePort(s.value(), null);
          }
          if (n instanceof YMap m) {
            Obj po = new Obj(o.ctx(), m, p);
            String name = po.reqStr("name");
            PortVlan pv = null;
            if (po.has("pvid") || po.has("vids") || po.has("untagged")) {
              pv = portVlan(po);
            }
            po.finish("a bridge port");
            return po.failed() ? null : new BridgePort(name, pv);
          }
          o.ctx().typeError(n, p, "a port name or a mapping with name, pvid, vids, untagged");
          return null;
        });
  }

  static Map<String, String> kinds() {
    Map<String, String> m = new LinkedHashMap<>();
    KIND_KEYS.keySet().forEach(k -> m.put(k, k));
    return m;
  }

  static Map<String, BondMode> bondModes() {
    Map<String, BondMode> m = new LinkedHashMap<>();
    for (BondMode b : BondMode.values()) {
      m.put(b.keyword(), b);
    }
    return m;
  }

  static Map<String, MacvlanMode> macvlanModes() {
    Map<String, MacvlanMode> m = new LinkedHashMap<>();
    for (MacvlanMode b : MacvlanMode.values()) {
      m.put(b.keyword(), b);
    }
    return m;
  }
}
