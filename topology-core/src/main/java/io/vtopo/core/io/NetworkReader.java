package io.vtopo.core.io;

import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.Dns;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.NatRange;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import io.vtopo.core.model.Unmodelled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code networks:} section (libvirt virtual networks). */
final class NetworkReader {
  private NetworkReader() {}

  static Map<String, NetworkMode> modes() {
    Map<String, NetworkMode> m = new LinkedHashMap<>();
    for (NetworkMode n : NetworkMode.values()) {
      m.put(n.keyword(), n);
    }
    return m;
  }

  static Network read(Obj o, String path) {
    String name = o.name("network", false);
    NetworkMode mode = o.keyword("mode", modes());
    if (!o.has("mode")) {
      o.missing(
          "mode", "one of nat, route, open, isolated, bridge, private, vepa, passthrough, hostdev");
    }
    String bridge = o.str("bridge");
    Boolean stp = o.bool("stp");
    Integer delay = o.integer("delay", 0, 300);
    var mac = o.mac("mac");
    Integer mtu = o.integer("mtu", 68, 65535);
    String domain = o.str("domain");
    String forwardDev = o.str("forward-dev");
    NatRange nat = null;
    Obj no = o.obj("nat");
    if (no != null) {
      nat =
          new NatRange(
              no.ip("address-start"),
              no.ip("address-end"),
              no.integer("port-start", 1, 65535),
              no.integer("port-end", 1, 65535));
      no.finish("nat");
      if (no.failed()) {
        o.fail();
      }
    }
    List<NetworkIp> ips = o.list("ips", (n, p) -> ip(o, n, p));
    Dns dns = null;
    Obj d = o.obj("dns");
    if (d != null) {
      dns = dns(d);
      if (d.failed()) {
        o.fail();
      }
    }
    List<PortGroup> pgs =
        o.list(
            "portgroups",
            (n, p) -> {
              if (!(n instanceof YMap m)) {
                o.ctx().typeError(n, p, "a mapping with name, vlan, default");
                return null;
              }
              Obj g = new Obj(o.ctx(), m, p);
              String gname = g.name("port group", false);
              Integer vlan = g.integer("vlan", 1, 4094);
              Boolean def = g.bool("default");
              g.finish("a port group");
              return g.failed() ? null : new PortGroup(gname, vlan, Boolean.TRUE.equals(def));
            });
    Boolean autostart = o.bool("autostart");
    List<Unmodelled> extra = o.has("unmodelled") ? unmodelled(o) : null;
    o.finish("a network");
    if (o.failed() || name == null || mode == null) {
      return null;
    }
    return Network.builder(name, mode)
        .bridge(bridge)
        .stp(stp)
        .delay(delay)
        .mac(mac)
        .mtu(mtu)
        .domain(domain)
        .forwardDev(forwardDev)
        .nat(nat)
        .ips(ips)
        .dns(dns)
        .portGroups(pgs)
        .autostart(autostart)
        .unmodelled(extra)
        .build();
  }

  /**
   * {@code unmodelled:}: libvirt XML kept verbatim, as export writes it ({@code {path, xml}} per
   * piece).
   */
  static List<Unmodelled> unmodelled(Obj o) {
    return o.list(
        "unmodelled",
        (n, p) -> {
          if (!(n instanceof YMap m)) {
            o.ctx().typeError(n, p, "a mapping with path and xml");
            return null;
          }
          Obj u = new Obj(o.ctx(), m, p);
          String path = u.reqStr("path");
          String xml = u.reqStr("xml");
          u.finish("an unmodelled part");
          return u.failed() ? null : new Unmodelled(path, xml);
        });
  }

  private static NetworkIp ip(Obj parent, YNode n, String p) {
    if (!(n instanceof YMap m)) {
      parent.ctx().typeError(n, p, "a mapping with address and dhcp");
      return null;
    }
    Obj o = new Obj(parent.ctx(), m, p);
    var address = o.cidr("address");
    if (!o.has("address")) {
      o.missing("address", "the gateway address with prefix, e.g. 192.0.2.1/24");
    }
    List<DhcpRange> ranges = List.of();
    List<DhcpHost> hosts = List.of();
    Obj dhcp = o.obj("dhcp");
    if (dhcp != null) {
      ranges =
          dhcp.list(
              "ranges",
              (rn, rp) -> {
                if (!(rn instanceof YMap rm)) {
                  o.ctx().typeError(rn, rp, "a mapping with start, end, lease");
                  return null;
                }
                Obj r = new Obj(o.ctx(), rm, rp);
                IpAddress start = r.ip("start");
                IpAddress end = r.ip("end");
                if (!r.has("start")) {
                  r.missing("start", "first address of the range");
                }
                if (!r.has("end")) {
                  r.missing("end", "last address of the range");
                }
                String lease =
                    r.parsed(
                        "lease",
                        "a lease time such as 1h, 30m, 3600 or infinite",
                        NetworkReader::lease);
                r.finish("a DHCP range");
                return r.failed() ? null : new DhcpRange(start, end, lease);
              });
      hosts =
          dhcp.list(
              "hosts",
              (hn, hp) -> {
                if (!(hn instanceof YMap hm)) {
                  o.ctx().typeError(hn, hp, "a mapping with mac, id, name, ip, lease");
                  return null;
                }
                Obj h = new Obj(o.ctx(), hm, hp);
                var mac = h.mac("mac");
                String duid = h.str("id");
                String hname = h.str("name");
                IpAddress hip = h.ip("ip");
                if (!h.has("ip")) {
                  h.missing("ip", "the reserved address");
                }
                String hlease =
                    h.parsed(
                        "lease",
                        "a lease time such as 1h, 30m, 3600 or infinite",
                        NetworkReader::lease);
                h.finish("a DHCP host");
                return h.failed() ? null : new DhcpHost(mac, hname, hip, hlease, duid);
              });
      dhcp.finish("dhcp");
      if (dhcp.failed()) {
        o.fail();
      }
    }
    o.finish("an ip entry");
    return o.failed() ? null : new NetworkIp(address, ranges, hosts);
  }

  static java.util.Optional<String> lease(String s) {
    return s.matches("[0-9]{1,9}[smhd]?|infinite")
        ? java.util.Optional.of(s)
        : java.util.Optional.empty();
  }

  private static Dns dns(Obj d) {
    Boolean enabled = d.bool("enabled");
    List<IpAddress> fwd =
        d.list(
            "forwarders",
            (n, p) -> {
              if (n instanceof YScalar s) {
                var a = IpAddress.parse(s.value());
                if (a.isPresent()) {
                  return a.get();
                }
              }
              d.ctx()
                  .diags
                  .error(
                      "schema.format",
                      d.ctx().pos(n),
                      p,
                      "expected an IP address, found " + n.describe(),
                      null);
              return null;
            });
    List<Dns.DnsHost> hosts =
        d.list(
            "hosts",
            (n, p) -> {
              if (!(n instanceof YMap m)) {
                d.ctx().typeError(n, p, "a mapping with ip and hostnames");
                return null;
              }
              Obj h = new Obj(d.ctx(), m, p);
              IpAddress ip = h.ip("ip");
              if (!h.has("ip")) {
                h.missing("ip", "an IP address");
              }
              List<String> names = h.strings("hostnames");
              h.finish("a DNS host");
              return h.failed() ? null : new Dns.DnsHost(ip, names);
            });
    List<Dns.DnsSrv> srv =
        d.list(
            "srv",
            (n, p) -> {
              if (!(n instanceof YMap m)) {
                d.ctx().typeError(n, p, "a mapping with service, protocol, target, port");
                return null;
              }
              Obj s = new Obj(d.ctx(), m, p);
              String service = s.reqStr("service");
              String proto = s.keyword("protocol", LinkReader.ordered("tcp", "udp"));
              if (!s.has("protocol")) {
                s.missing("protocol", "tcp or udp");
              }
              Dns.DnsSrv r =
                  new Dns.DnsSrv(
                      service,
                      proto,
                      s.str("target"),
                      s.integer("port", 1, 65535),
                      s.integer("priority", 0, 65535),
                      s.integer("weight", 0, 65535));
              s.finish("a DNS SRV record");
              return s.failed() ? null : r;
            });
    List<Dns.DnsTxt> txt =
        d.list(
            "txt",
            (n, p) -> {
              if (!(n instanceof YMap m)) {
                d.ctx().typeError(n, p, "a mapping with name and value");
                return null;
              }
              Obj t = new Obj(d.ctx(), m, p);
              Dns.DnsTxt r = new Dns.DnsTxt(t.reqStr("name"), t.reqStr("value"));
              t.finish("a DNS TXT record");
              return t.failed() ? null : r;
            });
    d.finish("dns");
    return new Dns(enabled, fwd, hosts, srv, txt);
  }
}
