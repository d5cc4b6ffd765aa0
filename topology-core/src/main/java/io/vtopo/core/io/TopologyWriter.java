package io.vtopo.core.io;

import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.DiskPool;
import io.vtopo.core.model.Dns;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.FsPool;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.IscsiPool;
import io.vtopo.core.model.IscsiSource;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.Permissions;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PortGroup;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.UnknownLink;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.Vxlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a topology in the {@code vtopo/v1} file format, so that {@link TopologyReader} reads back
 * an equal model ({@code vtopo export}, the apply journal). Output is deterministic; fields that
 * are not set are left out. Links of kinds the format cannot express ({@link UnknownLink}) are
 * skipped, and listed in a comment.
 */
public final class TopologyWriter {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+-]*");

  private TopologyWriter() {}

  /** The YAML text. */
  public static String write(Topology t) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", Topology.API_VERSION);
    root.put("name", t.name());
    List<String> skipped = new ArrayList<>();
    if (!t.links().isEmpty()) {
      List<Object> links = new ArrayList<>();
      for (Link l : t.links()) {
        if (l instanceof UnknownLink u) {
          skipped.add(
              u.name() + " (" + (u.kernelKind().isEmpty() ? "no kind" : u.kernelKind()) + ")");
        } else {
          links.add(link(l));
        }
      }
      root.put("links", links);
    }
    if (!t.networks().isEmpty()) {
      root.put("networks", t.networks().stream().map(TopologyWriter::network).toList());
    }
    if (!t.pools().isEmpty()) {
      root.put("pools", t.pools().stream().map(TopologyWriter::pool).toList());
    }
    if (!t.vms().isEmpty()) {
      root.put("vms", t.vms().stream().map(TopologyWriter::vm).toList());
    }
    if (!t.expectations().isEmpty()) {
      root.put("expect", t.expectations().stream().map(TopologyWriter::expect).toList());
    }
    StringBuilder sb = new StringBuilder();
    if (!skipped.isEmpty()) {
      sb.append("# not exported (kinds vtopo does not manage): ")
          .append(String.join(", ", skipped))
          .append('\n');
    }
    emitMap(sb, root, 0);
    return sb.toString();
  }

  /**
   * One object's fields as the file spells them (keys in file order, unset fields left out): for
   * display, e.g. the field panel of {@code vtopo serve}. Values are strings, numbers, booleans,
   * lists and maps.
   *
   * @param o a {@link Link}, {@link Network}, {@link Pool} or {@link Vm}
   */
  public static Map<String, Object> fields(Object o) {
    if (o instanceof Link l) {
      return link(l);
    } else if (o instanceof Network n) {
      return network(n);
    } else if (o instanceof Pool p) {
      return pool(p);
    } else if (o instanceof Vm v) {
      return vm(v);
    }
    throw new IllegalArgumentException("not a topology object: " + o);
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v == null || v instanceof List<?> l && l.isEmpty()) {
      return;
    }
    m.put(k, v);
  }

  private static Map<String, Object> link(Link l) {
    Map<String, Object> m = new LinkedHashMap<>();
    LinkAttrs a = l.attrs();
    m.put("name", a.name());
    m.put("kind", l.kind());
    put(m, "state", a.state() == null ? null : a.state().name().toLowerCase(Locale.ROOT));
    put(m, "mtu", a.mtu());
    put(m, "mac", a.mac() == null ? null : a.mac().toString());
    put(m, "master", a.master());
    put(m, "bridge-vlan", portVlan(a.portVlan()));
    put(m, "addresses", a.addresses().stream().map(Object::toString).toList());
    put(m, "routes", a.routes().stream().map(TopologyWriter::route).toList());
    if (l instanceof Bond b) {
      put(m, "mode", b.mode() == null ? null : b.mode().keyword());
      put(m, "ports", b.ports());
      put(m, "miimon", b.miimon());
      put(m, "lacp-rate", b.lacpRate());
      put(m, "xmit-hash-policy", b.xmitHashPolicy());
    } else if (l instanceof Vlan v) {
      m.put("parent", v.parent());
      m.put("id", v.id());
      if (v.protocol() != VlanProtocol.DOT1Q) {
        m.put("protocol", v.protocol().keyword());
      }
    } else if (l instanceof Bridge b) {
      put(m, "stp", b.stp());
      put(m, "forward-delay", b.forwardDelay());
      put(m, "vlan-filtering", b.vlanFiltering());
      List<Object> ports = new ArrayList<>();
      for (BridgePort p : b.ports()) {
        if (p.vlan() == null) {
          ports.add(p.name());
        } else {
          Map<String, Object> pm = new LinkedHashMap<>();
          pm.put("name", p.name());
          pm.putAll(portVlan(p.vlan()));
          ports.add(pm);
        }
      }
      put(m, "ports", ports);
    } else if (l instanceof Tap t) {
      put(m, "owner", t.owner());
      put(m, "group", t.group());
      put(m, "multi-queue", t.multiQueue());
      put(m, "vnet-hdr", t.vnetHdr());
    } else if (l instanceof Veth v) {
      m.put("peer", v.peer());
      put(m, "peer-netns", v.peerNetns());
    } else if (l instanceof Vxlan x) {
      m.put("vni", x.vni());
      put(m, "local", str(x.local()));
      put(m, "remote", str(x.remote()));
      put(m, "group", str(x.group()));
      put(m, "dstport", x.dstPort());
      put(m, "dev", x.underlay());
      if (!x.flood().isEmpty()) {
        m.put("flood", x.flood().stream().map(IpAddress::toString).toList());
      }
    } else if (l instanceof Macvlan v) {
      m.put("parent", v.parent());
      put(m, "mode", v.mode() == null ? null : v.mode().keyword());
    } else if (l instanceof Macvtap v) {
      m.put("parent", v.parent());
      put(m, "mode", v.mode() == null ? null : v.mode().keyword());
    }
    return m;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static Map<String, Object> portVlan(PortVlan pv) {
    if (pv == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "pvid", pv.pvid());
    put(m, "vids", new ArrayList<Object>(pv.vids()));
    put(m, "untagged", new ArrayList<Object>(pv.untagged()));
    return m;
  }

  private static Map<String, Object> route(Route r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("to", r.to().toString());
    put(m, "via", str(r.via()));
    put(m, "metric", r.metric());
    return m;
  }

  /**
   * {@code unmodelled:}, written whenever the object says (an empty list too: it means "nothing to
   * keep").
   */
  static void putUnmodelled(Map<String, Object> m, List<io.vtopo.core.model.Unmodelled> parts) {
    if (parts == null || parts.isEmpty()) {
      return;
    }
    m.put(
        "unmodelled",
        parts.stream()
            .map(
                u -> {
                  Map<String, Object> um = new LinkedHashMap<>();
                  um.put("path", u.path());
                  um.put("xml", u.xml());
                  return (Object) um;
                })
            .toList());
  }

  private static Map<String, Object> network(Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.name());
    m.put("mode", n.mode().keyword());
    put(m, "bridge", n.bridge());
    put(m, "stp", n.stp());
    put(m, "delay", n.delay());
    put(m, "mac", str(n.mac()));
    put(m, "mtu", n.mtu());
    put(m, "domain", n.domain());
    put(m, "forward-dev", n.forwardDev());
    if (n.nat() != null) {
      Map<String, Object> nat = new LinkedHashMap<>();
      put(nat, "address-start", str(n.nat().addressStart()));
      put(nat, "address-end", str(n.nat().addressEnd()));
      put(nat, "port-start", n.nat().portStart());
      put(nat, "port-end", n.nat().portEnd());
      m.put("nat", nat);
    }
    List<Object> ips = new ArrayList<>();
    for (NetworkIp ip : n.ips()) {
      Map<String, Object> im = new LinkedHashMap<>();
      im.put("address", ip.address().toString());
      if (!ip.dhcpRanges().isEmpty() || !ip.dhcpHosts().isEmpty()) {
        Map<String, Object> d = new LinkedHashMap<>();
        List<Object> ranges = new ArrayList<>();
        for (DhcpRange r : ip.dhcpRanges()) {
          Map<String, Object> rm = new LinkedHashMap<>();
          rm.put("start", r.start().toString());
          rm.put("end", r.end().toString());
          put(rm, "lease", r.lease());
          ranges.add(rm);
        }
        put(d, "ranges", ranges);
        List<Object> hosts = new ArrayList<>();
        for (DhcpHost h : ip.dhcpHosts()) {
          Map<String, Object> hm = new LinkedHashMap<>();
          put(hm, "mac", str(h.mac()));
          put(hm, "id", h.id());
          put(hm, "name", h.name());
          hm.put("ip", h.ip().toString());
          put(hm, "lease", h.lease());
          hosts.add(hm);
        }
        put(d, "hosts", hosts);
        im.put("dhcp", d);
      }
      ips.add(im);
    }
    put(m, "ips", ips);
    if (n.dns() != null) {
      Dns d = n.dns();
      Map<String, Object> dm = new LinkedHashMap<>();
      put(dm, "enabled", d.enabled());
      put(dm, "forwarders", d.forwarders().stream().map(Object::toString).toList());
      put(
          dm,
          "hosts",
          d.hosts().stream()
              .map(
                  h -> {
                    Map<String, Object> hm = new LinkedHashMap<>();
                    hm.put("ip", h.ip().toString());
                    put(hm, "hostnames", h.hostnames());
                    return (Object) hm;
                  })
              .toList());
      put(
          dm,
          "srv",
          d.srv().stream()
              .map(
                  s -> {
                    Map<String, Object> sm = new LinkedHashMap<>();
                    sm.put("service", s.service());
                    sm.put("protocol", s.protocol());
                    put(sm, "target", s.target());
                    put(sm, "port", s.port());
                    put(sm, "priority", s.priority());
                    put(sm, "weight", s.weight());
                    return (Object) sm;
                  })
              .toList());
      put(
          dm,
          "txt",
          d.txt().stream()
              .map(
                  x -> {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("name", x.name());
                    tm.put("value", x.value());
                    return (Object) tm;
                  })
              .toList());
      m.put("dns", dm);
    }
    List<Object> pgs = new ArrayList<>();
    for (PortGroup g : n.portGroups()) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("name", g.name());
      put(gm, "vlan", g.vlan());
      if (g.isDefault()) {
        gm.put("default", true);
      }
      pgs.add(gm);
    }
    put(m, "portgroups", pgs);
    put(m, "autostart", n.autostart());
    putUnmodelled(m, n.unmodelled());
    return m;
  }

  private static Map<String, Object> permissions(Permissions p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (p.mode() != null) {
      m.put("mode", new Raw(p.octalMode()));
    }
    put(m, "owner", p.owner());
    put(m, "group", p.group());
    put(m, "label", p.label());
    return m;
  }

  private static Map<String, Object> pool(Pool p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("type", p.type());
    put(m, "target", p.attrs().target());
    put(m, "permissions", permissions(p.attrs().permissions()));
    put(m, "autostart", p.attrs().autostart());
    put(m, "capacity", p.attrs().capacity() == null ? null : p.attrs().capacity().human());
    put(m, "cow", p.attrs().cow());
    if (p instanceof FsPool f) {
      m.put("device", f.device());
      put(m, "format", f.format());
    } else if (p instanceof NetfsPool n) {
      m.put("format", n.format().keyword());
      m.put("host", n.host());
      m.put("path", n.sourcePath());
      put(m, "protocol-version", n.protocolVersion());
    } else if (p instanceof LogicalPool l) {
      put(m, "vg", l.vgName());
      put(m, "devices", l.devices());
    } else if (p instanceof IscsiPool i) {
      iscsi(m, i.source());
    } else if (p instanceof IscsiDirectPool i) {
      iscsi(m, i.source());
    } else if (p instanceof DiskPool d) {
      m.put("device", d.device());
      put(m, "format", d.format());
      put(m, "part-separator", d.partSeparator());
    } else if (p instanceof io.vtopo.core.model.ScsiPool sc) {
      put(m, "adapter", adapter(sc.adapter()));
    } else if (p instanceof io.vtopo.core.model.RbdPool r) {
      m.put("hosts", r.hosts().stream().map(h -> (Object) host(h)).toList());
      m.put("ceph-pool", r.cephPool());
      put(m, "auth", auth(r.auth(), true));
    } else if (p instanceof io.vtopo.core.model.SheepdogPool sh) {
      if (sh.host() != null) {
        put(m, "host", sh.host().name());
        put(m, "port", sh.host().port());
      }
      m.put("cluster", sh.cluster());
    } else if (p instanceof io.vtopo.core.model.GlusterPool g) {
      if (g.host() != null) {
        put(m, "host", g.host().name());
        put(m, "port", g.host().port());
      }
      m.put("volume", g.volume());
      put(m, "dir", g.dir());
    } else if (p instanceof io.vtopo.core.model.ZfsPool z) {
      m.put("zpool", z.zpool());
      put(m, "devices", z.devices());
    } else if (p instanceof io.vtopo.core.model.VstoragePool v) {
      m.put("cluster", v.cluster());
    } else if (!(p instanceof DirPool || p instanceof io.vtopo.core.model.MpathPool)) {
      throw new IllegalArgumentException(p.type());
    }
    List<Object> vols = new ArrayList<>();
    for (Volume v : p.attrs().volumes()) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("name", v.name());
      put(vm, "format", v.format() == null ? null : v.format().keyword());
      put(vm, "capacity", v.capacity() == null ? null : v.capacity().human());
      put(vm, "allocation", v.allocation() == null ? null : v.allocation().human());
      put(vm, "backing", v.backing());
      put(vm, "permissions", permissions(v.permissions()));
      putUnmodelled(vm, v.unmodelled());
      vols.add(vm);
    }
    put(m, "volumes", vols);
    putUnmodelled(m, p.attrs().unmodelled());
    return m;
  }

  private static Map<String, Object> host(io.vtopo.core.model.PoolHost h) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "name", h.name());
    put(m, "port", h.port());
    return m;
  }

  private static Map<String, Object> auth(io.vtopo.core.model.PoolAuth a, boolean typed) {
    if (a == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (typed) {
      put(m, "type", a.type());
    }
    put(m, "user", a.username());
    put(m, "secret", a.secretUsage());
    put(m, "secret-uuid", a.secretUuid());
    return m;
  }

  private static Map<String, Object> adapter(io.vtopo.core.model.ScsiAdapter a) {
    if (a == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "type", a.type());
    put(m, "name", a.name());
    put(m, "parent-unique-id", a.parentUniqueId());
    put(m, "parent-address", a.parentAddress());
    put(m, "parent", a.parent());
    put(m, "parent-wwnn", a.parentWwnn());
    put(m, "parent-wwpn", a.parentWwpn());
    put(m, "parent-fabric-wwn", a.parentFabricWwn());
    put(m, "wwnn", a.wwnn());
    put(m, "wwpn", a.wwpn());
    put(m, "managed", a.managed());
    return m;
  }

  private static void iscsi(Map<String, Object> m, IscsiSource s) {
    m.put("host", s.host());
    put(m, "port", s.port());
    m.put("iqn", s.targetIqn());
    put(m, "initiator", s.initiatorIqn());
    if (s.chapUser() != null) {
      m.put(
          "chap",
          auth(
              new io.vtopo.core.model.PoolAuth(
                  "chap", s.chapUser(), s.chapSecretUuid(), s.chapSecret()),
              false));
    }
  }

  private static Map<String, Object> vm(Vm v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", v.name());
    put(m, "domain", v.domain());
    List<Object> nics = new ArrayList<>();
    for (Vnic n : v.nics()) {
      nics.add(vnic(n));
    }
    put(m, "nics", nics);
    put(m, "disks", v.disks().stream().map(d -> (Object) disk(d)).toList());
    return m;
  }

  /** One vNIC as the file spells it (also the plan's and the serve page's view of a device). */
  public static Map<String, Object> vnic(Vnic n) {
    Map<String, Object> nm = new LinkedHashMap<>();
    put(nm, "name", n.name());
    nm.put(n.attachment().kind().name().toLowerCase(Locale.ROOT), n.attachment().target());
    put(nm, "mode", n.mode());
    put(nm, "mac", str(n.mac()));
    put(nm, "ip", str(n.ip()));
    put(nm, "vlan", n.vlan());
    put(nm, "portgroup", n.portGroup());
    put(nm, "model", n.model());
    put(nm, "link", n.link());
    put(nm, "mtu", n.mtu());
    put(nm, "filterref", n.filterref());
    if (n.bandwidth() != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      put(b, "inbound", n.bandwidth().inbound());
      put(b, "outbound", n.bandwidth().outbound());
      nm.put("bandwidth", b);
    }
    return nm;
  }

  /** One disk as the file spells it. */
  public static Map<String, Object> disk(Disk d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", d.target());
    Disk.Source s = d.source();
    switch (s.kind()) {
      case VOLUME -> m.put("volume", s.pool() + "/" + s.name());
      case FILE -> m.put("file", s.name());
      case BLOCK -> m.put("block", s.name());
      case NETWORK -> m.put("network", s.toString());
      case NONE -> {}
      default -> throw new IllegalStateException();
    }
    put(m, "device", d.device());
    put(m, "bus", d.bus());
    put(m, "format", d.format());
    put(m, "readonly", d.readonly());
    put(m, "shareable", d.shareable());
    return m;
  }

  private static Map<String, Object> expect(Expectation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", e.from());
    m.put("to", e.to());
    m.put("reachable", e.reachable());
    return m;
  }

  /** A value written exactly as given (octal modes). */
  private record Raw(String text) {}

  private static void emitMap(StringBuilder sb, Map<String, Object> m, int indent) {
    boolean first = true;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!first || indent > 0) {
        sb.append(" ".repeat(indent));
      }
      first = false;
      sb.append(e.getKey()).append(':');
      emitValue(sb, e.getValue(), indent);
    }
  }

  @SuppressWarnings("unchecked")
  private static void emitValue(StringBuilder sb, Object v, int indent) {
    if (v instanceof Map<?, ?> mm) {
      sb.append('\n');
      emitMap(sb, (Map<String, Object>) mm, indent + 2);
    } else if (v instanceof List<?> l) {
      if (l.stream().allMatch(x -> !(x instanceof Map) && !(x instanceof List))) {
        sb.append(" [");
        for (int i = 0; i < l.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(scalar(l.get(i)));
        }
        sb.append("]\n");
        return;
      }
      sb.append('\n');
      for (Object item : l) {
        sb.append(" ".repeat(indent + 2)).append("- ");
        if (item instanceof Map<?, ?> im) {
          StringBuilder inner = new StringBuilder();
          emitMap(inner, (Map<String, Object>) im, indent + 4);
          sb.append(inner.substring(indent + 4));
        } else {
          sb.append(scalar(item)).append('\n');
        }
      }
    } else {
      sb.append(' ').append(scalar(v)).append('\n');
    }
  }

  private static String scalar(Object v) {
    if (v instanceof Raw r) {
      return r.text();
    }
    if (v instanceof Boolean || v instanceof Number) {
      return v.toString();
    }
    String s = v.toString();
    boolean special =
        s.equals("true")
            || s.equals("false")
            || s.equals("null")
            || s.equals("~")
            || s.equalsIgnoreCase("yes")
            || s.equalsIgnoreCase("no");
    if (!special && PLAIN.matcher(s).matches() && !s.matches("[0-9.+-].*")) {
      return s;
    }
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\x%02x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
