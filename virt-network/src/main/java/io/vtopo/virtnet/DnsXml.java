package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.attr;
import static io.vtopo.virtnet.XmlIn.children;
import static io.vtopo.virtnet.XmlIn.integer;
import static io.vtopo.virtnet.XmlIn.ipAttr;
import static io.vtopo.virtnet.XmlOut.str;

import io.vtopo.core.model.Dns;
import io.vtopo.core.model.IpAddress;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Element;

/**
 * {@code <dns>}: forwarders, host, SRV and TXT records, and whether libvirt's dnsmasq answers DNS
 * at all.
 */
final class DnsXml {
  private DnsXml() {}

  static void render(XmlOut x, Dns d) throws XMLStreamException {
    if (d == null) {
      return;
    }
    String enable = d.enabled() == null ? null : d.enabled() ? "yes" : "no";
    if (d.forwarders().isEmpty() && d.hosts().isEmpty() && d.srv().isEmpty() && d.txt().isEmpty()) {
      if (enable != null) {
        x.empty("dns", "enable", enable);
      }
      return;
    }
    x.start("dns", "enable", enable);
    for (IpAddress f : d.forwarders()) {
      x.empty("forwarder", "addr", f.toString());
    }
    for (Dns.DnsTxt t : d.txt()) {
      writeTxt(x, t);
    }
    for (Dns.DnsSrv s : d.srv()) {
      writeSrv(x, s);
    }
    for (Dns.DnsHost h : d.hosts()) {
      writeHost(x, h);
    }
    x.close();
  }

  static void writeHost(XmlOut x, Dns.DnsHost h) throws XMLStreamException {
    x.start("host", "ip", h.ip().toString());
    for (String hn : h.hostnames()) {
      x.text("hostname", hn);
    }
    x.close();
  }

  static void writeSrv(XmlOut x, Dns.DnsSrv s) throws XMLStreamException {
    x.empty(
        "srv",
        "service",
        s.service(),
        "protocol",
        s.protocol(),
        "target",
        s.target(),
        "port",
        str(s.port()),
        "priority",
        str(s.priority()),
        "weight",
        str(s.weight()));
  }

  static void writeTxt(XmlOut x, Dns.DnsTxt t) throws XMLStreamException {
    x.empty("txt", "name", t.name(), "value", t.value());
  }

  static Dns parse(Element e) {
    Boolean enabled = e.hasAttribute("enable") ? "yes".equals(e.getAttribute("enable")) : null;
    List<IpAddress> fwd = new ArrayList<>();
    List<Dns.DnsHost> hosts = new ArrayList<>();
    List<Dns.DnsSrv> srv = new ArrayList<>();
    List<Dns.DnsTxt> txt = new ArrayList<>();
    for (Element c : children(e)) {
      switch (c.getTagName()) {
        case "forwarder" -> {
          IpAddress a = ipAttr(c, "addr");
          if (a == null || c.hasAttribute("domain")) {
            // A forwarder for one domain only is not a global upstream: kept verbatim, never
            // widened.
          } else {
            fwd.add(a);
          }
        }
        case "host" -> {
          List<String> names = new ArrayList<>();
          for (Element h : children(c)) {
            if ("hostname".equals(h.getTagName())) {
              names.add(h.getTextContent().strip());
            }
          }
          hosts.add(new Dns.DnsHost(ipAttr(c, "ip"), names));
        }
        case "srv" -> {
          // The model has no domain: read in, a record for one domain would be written back as a
          // second record without it next to the verbatim original. Kept verbatim only, like a
          // domain forwarder.
          if (!c.hasAttribute("domain")) {
            srv.add(
                new Dns.DnsSrv(
                    attr(c, "service"),
                    attr(c, "protocol"),
                    attr(c, "target"),
                    integer(c, "port"),
                    integer(c, "priority"),
                    integer(c, "weight")));
          }
        }
        case "txt" -> {
          txt.add(new Dns.DnsTxt(attr(c, "name"), attr(c, "value")));
        }
        default -> {
          // Not read into the model: Residual keeps it verbatim.
        }
      }
    }
    return new Dns(enabled, fwd, hosts, srv, txt);
  }
}
