package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.attr;
import static io.vtopo.virtnet.XmlIn.children;
import static io.vtopo.virtnet.XmlIn.integer;
import static io.vtopo.virtnet.XmlIn.ipAttr;
import static io.vtopo.virtnet.XmlOut.str;

import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.NetworkIp;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Element;

/** {@code <ip>} with its {@code <dhcp>} ranges, static hosts and lease times. */
final class IpXml {
  private IpXml() {}

  static void render(XmlOut x, NetworkIp ip) throws XMLStreamException {
    IpPrefix a = ip.address();
    x.start(
        "ip",
        "family",
        a.address().isV6() ? "ipv6" : null,
        "address",
        a.address().toString(),
        "prefix",
        str(a.length()));
    if (!ip.dhcpRanges().isEmpty() || !ip.dhcpHosts().isEmpty()) {
      x.open("dhcp");
      for (DhcpRange r : ip.dhcpRanges()) {
        writeRange(x, r);
      }
      for (DhcpHost h : ip.dhcpHosts()) {
        writeHost(x, h);
      }
      x.close();
    }
    x.close();
  }

  static void writeRange(XmlOut x, DhcpRange r) throws XMLStreamException {
    String[] attrs = {"start", str(r.start()), "end", str(r.end())};
    if (r.lease() == null) {
      x.empty("range", attrs);
      return;
    }
    x.start("range", attrs);
    x.empty("lease", leaseAttrs(r.lease()));
    x.close();
  }

  static void writeHost(XmlOut x, DhcpHost h) throws XMLStreamException {
    String[] attrs = {"mac", str(h.mac()), "id", h.id(), "name", h.name(), "ip", str(h.ip())};
    if (h.lease() == null) {
      x.empty("host", attrs);
      return;
    }
    x.start("host", attrs);
    x.empty("lease", leaseAttrs(h.lease()));
    x.close();
  }

  /**
   * libvirt's lease element: it knows seconds, minutes and hours, and {@code expiry='0'} means
   * infinite; days are written as hours.
   */
  static String[] leaseAttrs(String lease) {
    if ("infinite".equals(lease)) {
      return new String[] {"expiry", "0"};
    }
    char u = lease.charAt(lease.length() - 1);
    String num = Character.isDigit(u) ? lease : lease.substring(0, lease.length() - 1);
    long v = Long.parseLong(num);
    return switch (u) {
      case 'm' -> new String[] {"expiry", Long.toString(v), "unit", "minutes"};
      case 'h' -> new String[] {"expiry", Long.toString(v), "unit", "hours"};
      case 'd' -> new String[] {"expiry", Long.toString(v * 24), "unit", "hours"};
      default -> new String[] {"expiry", Long.toString(v), "unit", "seconds"};
    };
  }

  /**
   * A lease time in seconds (0 for infinite), so that {@code 1h}, {@code 60m} and {@code 3600}
   * compare equal.
   */
  static long leaseSeconds(String lease) {
    if (lease == null) {
      return -1;
    }
    String[] a = leaseAttrs(lease);
    long v = Long.parseLong(a[1]);
    if (a.length == 2) {
      return 0;
    }
    return switch (a[3]) {
      case "minutes" -> v * 60;
      case "hours" -> v * 3600;
      default -> v;
    };
  }

  /** The {@code <ip>}, or null (reported) when it has no usable address. */
  static NetworkIp parse(Element e) {
    IpAddress a = ipAttr(e, "address");
    if (a == null) {
      return null;
    }
    Integer prefix = integer(e, "prefix");
    if (prefix == null && e.hasAttribute("netmask")) {
      prefix = IpAddress.parse(e.getAttribute("netmask")).map(IpXml::maskLength).orElse(null);
    }
    if (prefix == null) {
      // libvirt's classful default when neither prefix nor netmask is given.
      prefix = a.isV6() ? 64 : classful(a);
    }
    List<DhcpRange> ranges = new ArrayList<>();
    List<DhcpHost> hosts = new ArrayList<>();
    for (Element c : children(e)) {
      if (!"dhcp".equals(c.getTagName())) {
        continue;
      }
      for (Element d : children(c)) {
        switch (d.getTagName()) {
          case "range" -> {
            ranges.add(new DhcpRange(ipAttr(d, "start"), ipAttr(d, "end"), lease(d)));
          }
          case "host" -> {
            MacAddress m =
                d.hasAttribute("mac") ? MacAddress.parse(d.getAttribute("mac")).orElse(null) : null;
            hosts.add(new DhcpHost(m, attr(d, "name"), ipAttr(d, "ip"), lease(d), attr(d, "id")));
          }
          default -> {
            // Not read into the model: Residual keeps it verbatim.
          }
        }
      }
    }
    return new NetworkIp(new IpPrefix(a, prefix), ranges, hosts);
  }

  private static String lease(Element parent) {
    String out = null;
    for (Element c : children(parent)) {
      if (!"lease".equals(c.getTagName())) {
        continue;
      }
      String expiry = c.getAttribute("expiry");
      String unit = c.hasAttribute("unit") ? c.getAttribute("unit") : "minutes";
      if ("0".equals(expiry)) {
        out = "infinite";
      } else {
        out =
            expiry
                + switch (unit) {
                  case "hours" -> "h";
                  case "seconds" -> "s";
                  default -> "m";
                };
      }
    }
    return out;
  }

  private static int classful(IpAddress a) {
    int first = a.bytes()[0] & 0xff;
    return first < 128 ? 8 : first < 192 ? 16 : 24;
  }

  private static Integer maskLength(IpAddress mask) {
    int n = 0;
    for (byte b : mask.bytes()) {
      n += Integer.bitCount(b & 0xff);
    }
    return n;
  }
}
