package io.vtopo.core.plan;

import io.vtopo.core.backend.LinkContract;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Field-by-field comparison of a live object with its desired form. Only fields the file sets are
 * compared ("not set" is not "false"); values are compared in their normalised model form
 * (canonical addresses, lower-case MACs, bytes).
 */
final class Diff {
  private Diff() {}

  static final String NONE = "(none)";

  /** Compact display of model values (records print their component names otherwise). */
  static String show(Object o) {
    if (o == null) {
      return NONE;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(Diff::show).collect(Collectors.joining(", ", "[", "]"));
    }
    if (o instanceof io.vtopo.core.model.NetworkIp ip) {
      StringBuilder sb = new StringBuilder(ip.address().toString());
      for (var r : ip.dhcpRanges()) {
        sb.append(" dhcp ").append(r.start()).append('-').append(r.end());
        if (r.lease() != null) {
          sb.append(" lease ").append(r.lease());
        }
      }
      for (var h : ip.dhcpHosts()) {
        sb.append(" host ")
            .append(h.ip())
            .append(h.mac() == null ? "" : "=" + h.mac())
            .append(h.id() == null ? "" : "=id " + h.id())
            .append(h.name() == null ? "" : "(" + h.name() + ")")
            .append(h.lease() == null ? "" : " lease " + h.lease());
      }
      return sb.toString();
    }
    if (o instanceof io.vtopo.core.model.PortGroup g) {
      return g.name()
          + (g.vlan() == null ? "" : " vlan " + g.vlan())
          + (g.isDefault() ? " default" : "");
    }
    if (o instanceof io.vtopo.core.model.NatRange n) {
      return (n.addressStart() == null
              ? ""
              : "addresses " + n.addressStart() + "-" + n.addressEnd() + " ")
          + (n.portStart() == null ? "" : "ports " + n.portStart() + "-" + n.portEnd());
    }
    if (o instanceof io.vtopo.core.model.Dns d) {
      List<String> parts = new java.util.ArrayList<>();
      if (d.enabled() != null) {
        parts.add(d.enabled() ? "enabled" : "disabled");
      }
      if (!d.forwarders().isEmpty()) {
        parts.add("forwarders " + d.forwarders());
      }
      d.hosts().forEach(h -> parts.add("host " + h.ip() + "=" + String.join(",", h.hostnames())));
      d.srv()
          .forEach(
              x ->
                  parts.add(
                      "srv _"
                          + x.service()
                          + "._"
                          + x.protocol()
                          + (x.target() == null ? "" : " " + x.target() + ":" + x.port())));
      d.txt().forEach(x -> parts.add("txt " + x.name() + "=" + x.value()));
      return "{" + String.join("; ", parts) + "}";
    }
    if (o instanceof io.vtopo.core.model.PortVlan v) {
      return (v.pvid() == null ? "" : "pvid " + v.pvid() + " ")
          + "vids "
          + v.vids()
          + (v.untagged().isEmpty() ? "" : " untagged " + v.untagged());
    }
    if (o instanceof Route r) {
      return r.to()
          + (r.via() == null ? "" : " via " + r.via())
          + (r.metric() == null ? "" : " metric " + r.metric());
    }
    if (o instanceof io.vtopo.core.model.AdminState st) {
      return st.name().toLowerCase(java.util.Locale.ROOT);
    }
    if (o instanceof io.vtopo.core.model.BondMode m) {
      return m.keyword();
    }
    if (o instanceof io.vtopo.core.model.MacvlanMode m) {
      return m.keyword();
    }
    if (o instanceof io.vtopo.core.model.VlanProtocol p) {
      return p.keyword();
    }
    if (o instanceof Enum<?> e) {
      return keyword(e);
    }
    if (o instanceof java.util.Map<?, ?> m) {
      return m.entrySet().stream()
          .map(x -> show(x.getKey()) + ": " + show(x.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (o instanceof Record r && !OWN_TEXT.contains(r.getClass())) {
      return "{" + components(r, null) + "}";
    }
    return o.toString();
  }

  /** Model records whose own {@code toString} is their file spelling (an address, a size). */
  private static final java.util.Set<Class<?>> OWN_TEXT =
      java.util.Set.of(
          io.vtopo.core.model.ByteSize.class,
          IpPrefix.class,
          io.vtopo.core.model.MacAddress.class,
          io.vtopo.core.model.ObjectId.class,
          io.vtopo.core.model.Disk.class);

  /**
   * Any other model record in the file's spelling ({@code host: 127.0.0.1, port: 3260}): its set
   * components by kebab-case name, never the record's generated {@code Name[a=1]} form.
   */
  private static String components(Record r, String skip) {
    List<String> parts = new java.util.ArrayList<>();
    for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
      if (c.getName().equals(skip)) {
        continue;
      }
      Object v;
      try {
        java.lang.reflect.Method m = c.getAccessor();
        m.setAccessible(true);
        v = m.invoke(r);
      } catch (ReflectiveOperationException | RuntimeException e) {
        v = null;
      }
      if (v == null || v instanceof java.util.Collection<?> col && col.isEmpty()) {
        continue;
      }
      parts.add(kebab(c.getName()) + ": " + show(v));
    }
    return String.join(", ", parts);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String keyword(Enum<?> e) {
    try {
      Object k = e.getClass().getMethod("keyword").invoke(e);
      if (k instanceof String s) {
        return s;
      }
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // No keyword: the constant's name in the file's spelling below.
    }
    return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static void field(
      List<FieldChange> out, String name, Object live, Object desired, boolean inPlace) {
    if (desired != null && !Objects.equals(live, desired)) {
      out.add(new FieldChange(name, live, desired, inPlace));
    }
  }

  /** Addresses that the kernel adds by itself and vtopo never manages. */
  static boolean kernelManaged(IpPrefix p) {
    byte[] b = p.address().bytes();
    return p.address().isV6() && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
  }

  /**
   * Routes the kernel derives from addresses (connected prefixes, link-local, multicast) are not
   * the operator's and are ignored on both sides.
   */
  static boolean kernelRoute(Route r, List<IpPrefix> addresses) {
    IpPrefix to = r.to();
    if (to == null) {
      return true;
    }
    byte[] b = to.address().bytes();
    if (to.address().isV6()
        && ((b[0] & 0xff) == 0xff || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
      return true;
    }
    return r.via() == null
        && addresses.stream()
            .anyMatch(a -> a.length() == to.length() && a.network().equals(to.network()));
  }

  /**
   * Compares a live link with the desired one, field by field from {@link LinkField}'s table; each
   * change carries the effect {@code contract} declares for it. Only fields the file sets are
   * compared, except {@code master} (a link of the topology without one is released) and the
   * addresses and routes of links the topology manages at layer 3 (owned links always; a NIC only
   * when the file lists addresses or routes, so a NIC declared just to carry a VLAN keeps its
   * addresses).
   */
  static void link(Link live, Link desired, LinkContract contract, List<FieldChange> out) {
    String kind = desired.kind();
    // A NIC is whatever the host has under that name (physical NICs have no kernel kind; a VM's or
    // a sandbox's
    // stand-in may be virtio or veth): only its shared attributes are managed.
    if (!(desired instanceof Nic) && !live.kind().equals(kind)) {
      out.add(
          new FieldChange(
              LinkField.KIND, live.kind(), kind, contract.effect(kind, LinkField.KIND)));
      return;
    }
    var l = live.attrs();
    var d = desired.attrs();
    boolean manageL3 =
        !(desired instanceof Nic) || !d.addresses().isEmpty() || !d.routes().isEmpty();
    for (LinkField f : LinkField.of(kind)) {
      Object lv;
      Object dv;
      switch (f) {
        case KIND, BRIDGE_PORTS, BOND_PORTS -> {
          continue;
        }
        case MASTER -> {
          if (d.master() == null && desired instanceof Nic
              || Objects.equals(l.master(), d.master())) {
            continue;
          }
          lv = l.master();
          dv = d.master();
        }
        case BRIDGE_VLAN -> {
          if (d.portVlan() == null || d.portVlan().sameAs(l.portVlan())) {
            continue;
          }
          lv = l.portVlan();
          dv = d.portVlan();
        }
        case ADDRESSES -> {
          List<IpPrefix> la = addresses(l.addresses());
          List<IpPrefix> da = addresses(d.addresses());
          if (!manageL3 || la.equals(da)) {
            continue;
          }
          lv = la;
          dv = da;
        }
        case ROUTES -> {
          List<Route> lr = routes(l.routes(), l.addresses());
          List<Route> dr = routes(d.routes(), d.addresses());
          if (!manageL3 || lr.equals(dr)) {
            continue;
          }
          lv = lr;
          dv = dr;
        }
        case PEER, PEER_NETNS -> {
          // A pair whose live other end is in another namespace: the kernel does not say which, nor
          // the peer's
          // name, so the file's peer and namespace are compared only as "elsewhere".
          Veth lveth = (Veth) live;
          Veth dveth = (Veth) desired;
          if (Veth.ELSEWHERE.equals(lveth.peerNetns())) {
            if (f == LinkField.PEER || dveth.peerNetns() != null) {
              continue;
            }
          }
          dv = f.get(desired);
          lv = f.get(live);
          if (dv == null || dv.equals(lv)) {
            continue;
          }
        }
        default -> {
          dv = f.get(desired);
          lv = f.get(live);
          if (dv == null || contract.same(f, lv, dv)) {
            continue;
          }
        }
      }
      out.add(new FieldChange(f, lv, dv, contract.effect(kind, f)));
    }
  }

  /**
   * The addresses vtopo manages, in display order (kernel-managed link-local addresses left out).
   */
  static List<IpPrefix> addresses(List<IpPrefix> l) {
    if (l.isEmpty() || l.size() == 1 && !kernelManaged(l.get(0))) {
      return l;
    }
    return l.stream()
        .filter(p -> !kernelManaged(p))
        .distinct()
        .sorted(Comparator.comparing(IpPrefix::toString))
        .toList();
  }

  /** The routes vtopo manages, in display order (routes the kernel derives left out). */
  static List<Route> routes(List<Route> l, List<IpPrefix> addrs) {
    if (l.isEmpty()) {
      return l;
    }
    return l.stream()
        .filter(r -> !kernelRoute(r, addrs))
        .distinct()
        .sorted(Comparator.comparing(Diff::show))
        .toList();
  }

  /**
   * Network fields the file sets that differ (any of them needs at least a restart in the simple
   * classifier).
   */
  static void network(Network live, Network d, List<FieldChange> out) {
    field(out, "mode", live.mode().keyword(), d.mode().keyword(), true);
    field(out, "bridge", live.bridge(), d.bridge(), true);
    field(out, "stp", live.stp(), d.stp(), true);
    field(out, "delay", live.delay(), d.delay(), true);
    field(out, "mac", live.mac(), d.mac(), true);
    field(out, "mtu", live.mtu(), d.mtu(), true);
    field(out, "domain", live.domain(), d.domain(), true);
    field(out, "forward-dev", live.forwardDev(), d.forwardDev(), true);
    field(out, "nat", live.nat(), d.nat(), true);
    if (!d.ips().isEmpty() || !live.ips().isEmpty()) {
      field(out, "ips", live.ips(), d.ips(), true);
    }
    field(out, "dns", live.dns(), d.dns(), true);
    if (!d.portGroups().isEmpty() || !live.portGroups().isEmpty()) {
      field(out, "portgroups", live.portGroups(), d.portGroups(), true);
    }
    field(out, "autostart", live.autostart(), d.autostart(), true);
    if (d.unmodelled() != null
        && !d.unmodelled().equals(live.unmodelled() == null ? List.of() : live.unmodelled())) {
      out.add(new FieldChange("unmodelled", paths(live.unmodelled()), paths(d.unmodelled()), true));
    }
  }

  private static String paths(List<io.vtopo.core.model.Unmodelled> parts) {
    return parts == null || parts.isEmpty()
        ? "(none)"
        : String.join(", ", parts.stream().map(io.vtopo.core.model.Unmodelled::path).toList());
  }

  /** Pool fields other than volumes; source and type changes are not in place. */
  static void pool(Pool live, Pool d, List<FieldChange> out) {
    if (!live.type().equals(d.type())) {
      out.add(new FieldChange("type", live.type(), d.type(), false));
      return;
    }
    field(out, "target", norm(live.attrs().target()), norm(d.attrs().target()), false);
    if (!(d instanceof DirPool)) {
      // The source is every type-specific field, compared and shown as the file spells it.
      Map<String, String> ls = source(live);
      Map<String, String> ds = source(d);
      java.util.TreeSet<String> keys = new java.util.TreeSet<>(ls.keySet());
      keys.addAll(ds.keySet());
      for (String k : keys) {
        if (!Objects.equals(ls.get(k), ds.get(k))) {
          out.add(
              new FieldChange(
                  k, ls.getOrDefault(k, "(not set)"), ds.getOrDefault(k, "(not set)"), false));
        }
      }
    }
    if (d.attrs().cow() != null) {
      // Copy-on-write is set when libvirt builds the directory: a change is a redefinition only.
      field(out, "cow", live.attrs().cow(), d.attrs().cow(), true);
    }
    var lp = live.attrs().permissions();
    var dp = d.attrs().permissions();
    if (dp != null) {
      field(out, "permissions.mode", lp == null ? null : lp.octalMode(), dp.octalMode(), true);
      field(out, "permissions.owner", lp == null ? null : lp.owner(), dp.owner(), true);
      field(out, "permissions.group", lp == null ? null : lp.group(), dp.group(), true);
    }
    field(out, "autostart", live.attrs().autostart(), d.attrs().autostart(), true);
    List<io.vtopo.core.model.Unmodelled> lu = live.attrs().unmodelled();
    List<io.vtopo.core.model.Unmodelled> du = d.attrs().unmodelled();
    if (du != null && !du.equals(lu == null ? List.of() : lu)) {
      out.add(new FieldChange("unmodelled", paths(lu), paths(du), true));
    }
  }

  /**
   * libvirt reports a backing store as a path; the file names a volume ({@code NAME} or {@code
   * POOL/NAME}).
   */
  static boolean sameVolume(String live, String desired) {
    if (live == null) {
      return false;
    }
    String l = live.substring(live.lastIndexOf('/') + 1);
    String d = desired.substring(desired.lastIndexOf('/') + 1);
    return l.equals(d);
  }

  private static String norm(String path) {
    if (path == null) {
      return null;
    }
    String s = path.replaceAll("/+", "/");
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static final java.util.Set<String> SHARED =
      java.util.Set.of(
          "name",
          "type",
          "target",
          "permissions",
          "autostart",
          "capacity",
          "cow",
          "volumes",
          "unmodelled");

  /** The type-specific fields of a pool, flattened ({@code chap.user}), values as in the file. */
  static Map<String, String> source(Pool p) {
    Map<String, String> out = new java.util.TreeMap<>();
    io.vtopo.core.io.TopologyWriter.fields(p)
        .forEach(
            (k, v) -> {
              if (!SHARED.contains(k)) {
                flatten(k, v, out);
              }
            });
    return out;
  }

  private static void flatten(String key, Object v, Map<String, String> out) {
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> flatten(key + "." + k, x, out));
    } else if (v instanceof List<?> l) {
      out.put(
          key,
          String.join(
              ", ",
              l.stream()
                  .map(
                      x ->
                          x instanceof Map<?, ?> m
                              ? String.join(":", m.values().stream().map(String::valueOf).toList())
                              : String.valueOf(x))
                  .toList()));
    } else {
      out.put(key, String.valueOf(v));
    }
  }

  /**
   * Volume fields; format and backing changes are not in place, capacity is (grow) unless it
   * shrinks.
   */
  static void volume(Volume live, Volume d, List<FieldChange> out) {
    VolumeFormat lf = live.format() == null ? VolumeFormat.RAW : live.format();
    VolumeFormat df = d.format() == null ? VolumeFormat.RAW : d.format();
    field(out, "format", lf.keyword(), df.keyword(), false);
    if (d.backing() != null && !sameVolume(live.backing(), d.backing())) {
      out.add(new FieldChange("backing", show(live.backing()), d.backing(), false));
    }
    if (d.capacity() != null && live.capacity() != null && !d.capacity().equals(live.capacity())) {
      out.add(new FieldChange("capacity", live.capacity().human(), d.capacity().human(), true));
    }
    if (d.unmodelled() != null
        && !d.unmodelled().equals(live.unmodelled() == null ? List.of() : live.unmodelled())) {
      // Encryption, qcow2 compat or cluster size are fixed when the volume is created.
      out.add(
          new FieldChange("unmodelled", paths(live.unmodelled()), paths(d.unmodelled()), false));
    }
  }
}
