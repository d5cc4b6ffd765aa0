package io.vtopo.core.plan;

import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import io.vtopo.core.model.Vxlan;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Field-by-field comparison of a live object with its desired form. Only fields the file sets are compared ("not set"
 * is not "false"); values are compared in their normalised model form (canonical addresses, lower-case MACs, bytes).
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
        sb.append(" host ").append(h.ip()).append(h.mac() == null ? "" : "=" + h.mac())
            .append(h.name() == null ? "" : "(" + h.name() + ")");
      }
      return sb.toString();
    }
    if (o instanceof io.vtopo.core.model.PortGroup g) {
      return g.name() + (g.vlan() == null ? "" : " vlan " + g.vlan()) + (g.isDefault() ? " default" : "");
    }
    if (o instanceof io.vtopo.core.model.NatRange n) {
      return (n.addressStart() == null ? "" : "addresses " + n.addressStart() + "-" + n.addressEnd() + " ")
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
      d.srv().forEach(x -> parts.add("srv _" + x.service() + "._" + x.protocol() + (x.target() == null ? "" : " "
          + x.target() + ":" + x.port())));
      d.txt().forEach(x -> parts.add("txt " + x.name() + "=" + x.value()));
      return "{" + String.join("; ", parts) + "}";
    }
    if (o instanceof io.vtopo.core.model.PortVlan v) {
      return (v.pvid() == null ? "" : "pvid " + v.pvid() + " ") + "vids " + v.vids();
    }
    return o.toString();
  }

  private static void field(List<FieldChange> out, String name, Object live, Object desired, boolean inPlace) {
    if (desired != null && !Objects.equals(live, desired)) {
      out.add(new FieldChange(name, show(live), show(desired), inPlace));
    }
  }

  /** Addresses that the kernel adds by itself and vtopo never manages. */
  static boolean kernelManaged(IpPrefix p) {
    byte[] b = p.address().bytes();
    return p.address().isV6() && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
  }

  /**
   * Routes the kernel derives from addresses (connected prefixes, link-local, multicast) are not the operator's and
   * are ignored on both sides.
   */
  static boolean kernelRoute(Route r, List<IpPrefix> addresses) {
    IpPrefix to = r.to();
    if (to == null) {
      return true;
    }
    byte[] b = to.address().bytes();
    if (to.address().isV6() && ((b[0] & 0xff) == 0xff || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
      return true;
    }
    return r.via() == null && addresses.stream()
        .anyMatch(a -> a.length() == to.length() && a.network().equals(to.network()));
  }

  static Set<String> addressSet(List<IpPrefix> l) {
    return l.stream().filter(p -> !kernelManaged(p)).map(IpPrefix::toString).collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> routeSet(List<Route> l, List<IpPrefix> addrs) {
    return l.stream().filter(r -> !kernelRoute(r, addrs))
        .map(r -> r.to() + (r.via() == null ? "" : " via " + r.via()) + (r.metric() == null ? "" : " metric " + r.metric()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Compares a live link with the desired one.
   *
   * @param manageL3 whether to compare addresses and routes exactly (owned links always; a NIC only when the file
   *     lists addresses, so a NIC declared just to carry a VLAN keeps its addresses)
   */
  static void link(Link live, Link desired, List<FieldChange> out) {
    // A NIC is whatever the host has under that name (physical NICs have no kernel kind; a VM's or a sandbox's
    // stand-in may be virtio or veth): only its shared attributes are managed.
    if (!(desired instanceof Nic) && !live.kind().equals(desired.kind())) {
      out.add(new FieldChange("kind", live.kind(), desired.kind(), false));
      return;
    }
    var l = live.attrs();
    var d = desired.attrs();
    field(out, "state", l.state() == null ? null : l.state().name().toLowerCase(java.util.Locale.ROOT),
        d.state() == null ? null : d.state().name().toLowerCase(java.util.Locale.ROOT), true);
    field(out, "mtu", l.mtu(), d.mtu(), true);
    field(out, "mac", l.mac(), d.mac(), true);
    if (d.master() != null || !(desired instanceof Nic)) {
      if (!Objects.equals(l.master(), d.master())) {
        out.add(new FieldChange("master", show(l.master()), show(d.master()), true));
      }
    }
    field(out, "bridge-vlan", l.portVlan(), d.portVlan(), true);
    boolean manageL3 = !(desired instanceof Nic) || !d.addresses().isEmpty() || !d.routes().isEmpty();
    if (manageL3) {
      Set<String> la = addressSet(l.addresses());
      Set<String> da = addressSet(d.addresses());
      if (!la.equals(da)) {
        out.add(new FieldChange("addresses", la.toString(), da.toString(), true));
      }
      Set<String> lr = routeSet(l.routes(), l.addresses());
      Set<String> dr = routeSet(d.routes(), d.addresses());
      if (!lr.equals(dr)) {
        out.add(new FieldChange("routes", lr.toString(), dr.toString(), true));
      }
    }
    if (live instanceof Bridge lb && desired instanceof Bridge db) {
      field(out, "stp", lb.stp(), db.stp(), true);
      field(out, "forward-delay", lb.forwardDelay(), db.forwardDelay(), true);
      field(out, "vlan-filtering", lb.vlanFiltering(), db.vlanFiltering(), true);
    } else if (live instanceof Bond lb && desired instanceof Bond db) {
      field(out, "mode", lb.mode() == null ? null : lb.mode().keyword(),
          db.mode() == null ? null : db.mode().keyword(), false);
      field(out, "miimon", lb.miimon(), db.miimon(), true);
      field(out, "lacp-rate", lb.lacpRate(), db.lacpRate(), true);
      field(out, "xmit-hash-policy", lb.xmitHashPolicy(), db.xmitHashPolicy(), true);
    } else if (live instanceof Vlan lv && desired instanceof Vlan dv) {
      field(out, "parent", lv.parent(), dv.parent(), false);
      field(out, "id", lv.id(), dv.id(), false);
      field(out, "protocol", lv.protocol().keyword(), dv.protocol().keyword(), false);
    } else if (live instanceof Tap lt && desired instanceof Tap dt) {
      field(out, "owner", lt.owner(), dt.owner(), false);
      field(out, "group", lt.group(), dt.group(), false);
      field(out, "multi-queue", lt.multiQueue(), dt.multiQueue(), false);
      field(out, "vnet-hdr", lt.vnetHdr(), dt.vnetHdr(), false);
    } else if (live instanceof Veth lv && desired instanceof Veth dv) {
      field(out, "peer", lv.peer(), dv.peer(), false);
      field(out, "peer-netns", lv.peerNetns(), dv.peerNetns(), false);
    } else if (live instanceof Vxlan lx && desired instanceof Vxlan dx) {
      field(out, "vni", lx.vni(), dx.vni(), false);
      field(out, "local", lx.local(), dx.local(), false);
      field(out, "remote", lx.remote(), dx.remote(), false);
      field(out, "group", lx.group(), dx.group(), false);
      field(out, "dstport", lx.dstPort(), dx.dstPort(), false);
      field(out, "dev", lx.underlay(), dx.underlay(), false);
    } else if (live instanceof Macvlan lm && desired instanceof Macvlan dm) {
      field(out, "parent", lm.parent(), dm.parent(), false);
      field(out, "mode", lm.mode(), dm.mode(), true);
    } else if (live instanceof Macvtap lm && desired instanceof Macvtap dm) {
      field(out, "parent", lm.parent(), dm.parent(), false);
      field(out, "mode", lm.mode(), dm.mode(), true);
    }
  }

  /** Network fields the file sets that differ (any of them needs at least a restart in the simple classifier). */
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
    if (d.unmodelled() != null && !d.unmodelled().equals(live.unmodelled() == null ? List.of() : live.unmodelled())) {
      out.add(new FieldChange("unmodelled", paths(live.unmodelled()), paths(d.unmodelled()), true));
    }
  }

  private static String paths(List<io.vtopo.core.model.Unmodelled> parts) {
    return parts == null || parts.isEmpty() ? "(none)"
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
      // The source is everything beside the shared attributes: compare the records with shared attributes blanked.
      String ls = source(live);
      String ds = source(d);
      if (!ls.equals(ds)) {
        out.add(new FieldChange("source", ls, ds, false));
      }
    }
    var lp = live.attrs().permissions();
    var dp = d.attrs().permissions();
    if (dp != null) {
      field(out, "permissions.mode", lp == null ? null : lp.octalMode(), dp.octalMode(), true);
      field(out, "permissions.owner", lp == null ? null : lp.owner(), dp.owner(), true);
      field(out, "permissions.group", lp == null ? null : lp.group(), dp.group(), true);
    }
    field(out, "autostart", live.attrs().autostart(), d.attrs().autostart(), true);
  }

  /** libvirt reports a backing store as a path; the file names a volume ({@code NAME} or {@code POOL/NAME}). */
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

  private static String source(Pool p) {
    String s = p.toString();
    String attrs = p.attrs().toString();
    return s.replace("attrs=" + attrs + ", ", "").replace("attrs=" + attrs, "");
  }

  /** Volume fields; format and backing changes are not in place, capacity is (grow) unless it shrinks. */
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
  }
}
