package io.vtopo.virtnet;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.Dns;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.NatRange;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Pure conversion between {@link Network} and libvirt's network XML.
 *
 * <p>Rendering goes through a {@link XMLStreamWriter}, so names and values are always escaped; parsing uses a
 * {@link io.vtopo.core.io.SafeXml} (DTDs and external entities disabled). What the model does not cover is reported in
 * {@link ParsedNetwork#unmodelled()} and copied back, element by element and attribute by attribute, when a live
 * network is redefined.
 */
public final class NetworkXml {
  /** Namespace of vtopo's ownership marker inside {@code <metadata>}. */
  public static final String NS = "https://vtopo.io/xmlns/network/1";
  /** Prefix used for {@link #NS}. */
  public static final String PREFIX = "vtopo";

  private static final Set<String> NETWORK_ATTRS = Set.of();
  private static final Set<String> TOP_ELEMENTS =
      Set.of("name", "uuid", "metadata", "forward", "bridge", "mtu", "mac", "domain", "dns", "ip", "portgroup");

  private NetworkXml() {}

  /** Renders a network for {@code virNetworkDefineXML}, marked as owned by {@code owner} (null: no marker). */
  public static String render(Network n, String owner) {
    return render(n, owner, null);
  }

  /**
   * Renders a network, keeping the identity ({@code <uuid>}) and every unmodelled element and attribute of the live
   * network it replaces, at the same place (matched by address, name or MAC, not by position).
   *
   * @param n the desired network
   * @param owner topology recorded in the ownership marker, or null for none
   * @param live the parsed live network being redefined, or null
   * @return the XML document text
   */
  public static String render(Network n, String owner, ParsedNetwork live) {
    if (n.name() == null || n.mode() == null) {
      throw new VtopoException(Kind.INVALID_INPUT, "networks[" + n.name() + "]", "a network needs a name and a mode");
    }
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      Pretty x = new Pretty(w);
      x.open("network");
      x.text("name", n.name());
      if (live != null && live.uuid() != null) {
        x.text("uuid", live.uuid());
      }
      if (owner != null) {
        x.open("metadata");
        x.w.writeCharacters("\n" + "  ".repeat(x.depth));
        w.writeEmptyElement(PREFIX, "owner", NS);
        w.writeNamespace(PREFIX, NS);
        w.writeAttribute("topology", check(owner));
        x.hasChildren = true;
        x.close();
      }
      renderForward(x, n);
      if (n.bridge() != null || n.stp() != null || n.delay() != null) {
        x.empty("bridge", "name", n.bridge(), "stp", onOff(n.stp()), "delay", str(n.delay()));
      }
      if (n.mtu() != null) {
        x.empty("mtu", "size", str(n.mtu()));
      }
      if (n.mac() != null) {
        x.empty("mac", "address", n.mac().toString());
      }
      if (n.domain() != null) {
        x.empty("domain", "name", n.domain());
      }
      renderDns(x, n.dns());
      for (NetworkIp ip : n.ips()) {
        renderIp(x, ip);
      }
      for (PortGroup pg : n.portGroups()) {
        writePortGroup(x, pg);
      }
      x.close();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
      w.close();
    } catch (XMLStreamException e) {
      throw new VtopoException(Kind.FAILED, "networks[" + n.name() + "]", "cannot render XML: " + e.getMessage(), e);
    }
    if (live == null || live.unmodelled().isEmpty() || live.source() == null) {
      return out.toString();
    }
    Element merged = parseDom(out.toString()).getDocumentElement();
    carryOver(parseDom(live.source()).getDocumentElement(), merged, "", Set.copyOf(live.unmodelled()));
    return serializePretty(merged);
  }

  /**
   * Copies into {@code to} what {@code from} has and vtopo does not model: attributes and child elements whose path
   * the parser reported. Children are matched by their identifying attribute (an {@code <ip>} by address, a DHCP host
   * by MAC, IP or name...), so a kept {@code <tftp>} lands in the same {@code <ip>} even if the list was reordered.
   */
  private static void carryOver(Element from, Element to, String path, Set<String> unmodelled) {
    String attrBase = path.isEmpty() ? "network" : path;
    NamedNodeMap as = from.getAttributes();
    for (int i = 0; i < as.getLength(); i++) {
      Attr a = (Attr) as.item(i);
      if (unmodelled.contains(attrBase + "@" + a.getName()) && !to.hasAttribute(a.getName())) {
        to.setAttributeNS(a.getNamespaceURI(), a.getName(), a.getValue());
      }
    }
    List<Element> targets = children(to);
    for (Element c : children(from)) {
      String cpath = childPath(path, c);
      Element match = null;
      for (Element t : targets) {
        if (t.getTagName().equals(c.getTagName()) && key(t).equals(key(c))) {
          match = t;
          break;
        }
      }
      if (match != null) {
        targets.remove(match);
        carryOver(c, match, cpath, unmodelled);
      } else if (unmodelled.contains(cpath)) {
        to.appendChild(to.getOwnerDocument().importNode(c, true));
      }
    }
  }

  private static String childPath(String parent, Element c) {
    String t = c.getTagName();
    if (parent.isEmpty()) {
      return switch (t) {
        case "ip" -> "ip[" + c.getAttribute("address") + "]";
        case "portgroup" -> "portgroup[" + c.getAttribute("name") + "]";
        default -> t;
      };
    }
    return parent + "/" + t;
  }

  private static String key(Element e) {
    return switch (e.getTagName()) {
      case "ip" -> e.getAttribute("address");
      case "portgroup", "txt" -> e.getAttribute("name");
      case "range" -> e.getAttribute("start");
      case "host" -> e.hasAttribute("mac") ? e.getAttribute("mac") : e.getAttribute("ip");
      case "forwarder" -> e.getAttribute("addr");
      case "srv" -> e.getAttribute("service") + "/" + e.getAttribute("protocol");
      default -> "";
    };
  }

  private static void renderForward(Pretty x, Network n) throws XMLStreamException {
    NetworkMode m = n.mode();
    if (m == NetworkMode.ISOLATED) {
      return;
    }
    NatRange nat = m == NetworkMode.NAT ? n.nat() : null;
    boolean natBody = nat != null
        && (nat.addressStart() != null || nat.addressEnd() != null || nat.portStart() != null
            || nat.portEnd() != null);
    String dev = m == NetworkMode.NAT || m == NetworkMode.ROUTE ? n.forwardDev() : null;
    if (!natBody) {
      x.empty("forward", "mode", m.keyword(), "dev", dev);
      return;
    }
    x.start("forward", "mode", m.keyword(), "dev", dev);
    x.open("nat");
    if (nat.addressStart() != null || nat.addressEnd() != null) {
      x.empty("address", "start", str(nat.addressStart()), "end", str(nat.addressEnd()));
    }
    if (nat.portStart() != null || nat.portEnd() != null) {
      x.empty("port", "start", str(nat.portStart()), "end", str(nat.portEnd()));
    }
    x.close();
    x.close();
  }

  private static void renderDns(Pretty x, Dns d) throws XMLStreamException {
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
      x.empty("txt", "name", t.name(), "value", t.value());
    }
    for (Dns.DnsSrv s : d.srv()) {
      x.empty("srv", srvAttrs(s));
    }
    for (Dns.DnsHost h : d.hosts()) {
      x.start("host", "ip", h.ip().toString());
      for (String hn : h.hostnames()) {
        x.text("hostname", hn);
      }
      x.close();
    }
    x.close();
  }

  private static void renderIp(Pretty x, NetworkIp ip) throws XMLStreamException {
    IpPrefix a = ip.address();
    x.start("ip", "family", a.address().isV6() ? "ipv6" : null, "address", a.address().toString(), "prefix",
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

  private static void writeRange(Pretty x, DhcpRange r) throws XMLStreamException {
    String[] attrs = {"start", str(r.start()), "end", str(r.end())};
    if (r.lease() == null) {
      x.empty("range", attrs);
      return;
    }
    x.start("range", attrs);
    x.empty("lease", leaseAttrs(r.lease()));
    x.close();
  }

  private static void writeHost(Pretty x, DhcpHost h) throws XMLStreamException {
    String[] attrs = {"mac", str(h.mac()), "name", h.name(), "ip", str(h.ip())};
    if (h.lease() == null) {
      x.empty("host", attrs);
      return;
    }
    x.start("host", attrs);
    x.empty("lease", leaseAttrs(h.lease()));
    x.close();
  }

  /** The XML of one DHCP range, as {@code virNetworkUpdate} expects it. */
  public static String rangeXml(DhcpRange r) {
    return fragment(x -> writeRange(x, r));
  }

  /** The XML of one DHCP host, as {@code virNetworkUpdate} expects it. */
  public static String hostXml(DhcpHost h) {
    return fragment(x -> writeHost(x, h));
  }

  /** The XML of one DNS host record. */
  public static String dnsHostXml(Dns.DnsHost h) {
    return fragment(x -> {
      x.start("host", "ip", h.ip().toString());
      for (String hn : h.hostnames()) {
        x.text("hostname", hn);
      }
      x.close();
    });
  }

  /** The XML of one DNS SRV record. */
  public static String srvXml(Dns.DnsSrv s) {
    return fragment(x -> x.empty("srv", srvAttrs(s)));
  }

  /** The XML of one DNS TXT record. */
  public static String txtXml(Dns.DnsTxt t) {
    return fragment(x -> x.empty("txt", "name", t.name(), "value", t.value()));
  }

  /** The XML of one port group. */
  public static String portGroupXml(PortGroup pg) {
    return fragment(x -> writePortGroup(x, pg));
  }

  private static void writePortGroup(Pretty x, PortGroup pg) throws XMLStreamException {
    if (pg.vlan() == null) {
      x.empty("portgroup", "name", pg.name(), "default", pg.isDefault() ? "yes" : null);
      return;
    }
    x.start("portgroup", "name", pg.name(), "default", pg.isDefault() ? "yes" : null);
    x.open("vlan");
    x.empty("tag", "id", str(pg.vlan()));
    x.close();
    x.close();
  }

  private static String[] srvAttrs(Dns.DnsSrv s) {
    return new String[] {"service", s.service(), "protocol", s.protocol(), "target", s.target(), "port",
        str(s.port()), "priority", str(s.priority()), "weight", str(s.weight())};
  }

  private interface Body {
    void write(Pretty x) throws XMLStreamException;
  }

  private static String fragment(Body body) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      Pretty x = new Pretty(w);
      x.flat = true;
      body.write(x);
      w.writeEndDocument();
      w.flush();
      w.close();
    } catch (XMLStreamException e) {
      throw new VtopoException(Kind.FAILED, null, "cannot render XML: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /**
   * libvirt's lease element: it knows seconds, minutes and hours, and {@code expiry='0'} means infinite; days are
   * written as hours.
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

  /** A lease time in seconds (0 for infinite), so that {@code 1h}, {@code 60m} and {@code 3600} compare equal. */
  public static long leaseSeconds(String lease) {
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

  private static String onOff(Boolean b) {
    return b == null ? null : b ? "on" : "off";
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /** XML 1.0 cannot carry most control characters, even escaped: refuse them rather than emit a broken document. */
  private static String check(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff) {
        throw new VtopoException(Kind.INVALID_INPUT, null,
            "value " + s.replaceAll("\\p{Cntrl}", "?") + " contains a control character XML cannot carry");
      }
    }
    return s;
  }

  /** Indenting writer over StAX: libvirt's own two-space layout, so golden files read like {@code virsh net-dumpxml}. */
  private static final class Pretty {
    final XMLStreamWriter w;
    int depth;
    boolean flat;
    boolean hasChildren;

    Pretty(XMLStreamWriter w) {
      this.w = w;
    }

    private void indent() throws XMLStreamException {
      if (!flat && (depth > 0 || hasChildren)) {
        w.writeCharacters("\n" + "  ".repeat(depth));
      }
    }

    private void attrs(String... kv) throws XMLStreamException {
      for (int i = 0; i < kv.length; i += 2) {
        if (kv[i + 1] != null) {
          w.writeAttribute(kv[i], check(kv[i + 1]));
        }
      }
    }

    void open(String name) throws XMLStreamException {
      start(name);
    }

    void start(String name, String... kv) throws XMLStreamException {
      indent();
      w.writeStartElement(name);
      attrs(kv);
      depth++;
      hasChildren = false;
    }

    void empty(String name, String... kv) throws XMLStreamException {
      indent();
      w.writeEmptyElement(name);
      attrs(kv);
      hasChildren = true;
    }

    void text(String name, String value) throws XMLStreamException {
      indent();
      w.writeStartElement(name);
      w.writeCharacters(check(value));
      w.writeEndElement();
      hasChildren = true;
    }

    void close() throws XMLStreamException {
      depth--;
      if (hasChildren) {
        indent();
      }
      w.writeEndElement();
      hasChildren = true;
    }

    /** Writes a DOM element (and its subtree) through the same escaping writer. */
    void copy(Element e) throws XMLStreamException {
      indent();
      List<Element> kids = children(e);
      String text = kids.isEmpty() ? e.getTextContent().strip() : "";
      String ns = e.getNamespaceURI();
      String prefix = e.getPrefix();
      boolean leaf = kids.isEmpty() && text.isEmpty();
      if (ns != null) {
        String p = prefix == null ? "" : prefix;
        if (leaf) {
          w.writeEmptyElement(p, e.getLocalName(), ns);
        } else {
          w.writeStartElement(p, e.getLocalName(), ns);
        }
        if (p.isEmpty()) {
          w.writeDefaultNamespace(ns);
        } else {
          w.writeNamespace(p, ns);
        }
      } else if (leaf) {
        w.writeEmptyElement(e.getTagName());
      } else {
        w.writeStartElement(e.getTagName());
      }
      NamedNodeMap as = e.getAttributes();
      for (int i = 0; i < as.getLength(); i++) {
        Attr a = (Attr) as.item(i);
        if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
          continue;
        }
        if (a.getNamespaceURI() != null) {
          w.writeAttribute(a.getPrefix(), a.getNamespaceURI(), a.getLocalName(), a.getValue());
        } else {
          w.writeAttribute(a.getName(), a.getValue());
        }
      }
      if (leaf) {
        hasChildren = true;
        return;
      }
      if (!text.isEmpty()) {
        w.writeCharacters(text);
        w.writeEndElement();
        hasChildren = true;
        return;
      }
      depth++;
      hasChildren = false;
      for (Element k : kids) {
        copy(k);
      }
      close();
    }
  }

  // ---------------------------------------------------------------------------------------------------------- parse

  /**
   * Parses live network XML (from {@code virNetworkGetXMLDesc}).
   *
   * @throws VtopoException {@code FAILED} when the text is not well-formed network XML
   */
  public static ParsedNetwork parse(String xml) {
    Element root = parseDom(xml).getDocumentElement();
    if (!"network".equals(root.getTagName())) {
      throw new VtopoException(Kind.FAILED, null, "expected <network>, found <" + root.getTagName() + ">");
    }
    Parser p = new Parser(xml);
    return p.network(root);
  }

  private static final class Parser {
    final List<String> unmodelled = new ArrayList<>();
    final String source;

    Parser(String source) {
      this.source = source;
    }

    ParsedNetwork network(Element root) {
      unknownAttrs(root, "network", NETWORK_ATTRS);
      String name = null;
      String uuid = null;
      String owner = null;
      NetworkMode mode = NetworkMode.ISOLATED;
      String bridge = null;
      Boolean stp = null;
      Integer delay = null;
      MacAddress mac = null;
      Integer mtu = null;
      String domain = null;
      String forwardDev = null;
      NatRange nat = null;
      List<NetworkIp> ips = new ArrayList<>();
      Dns dns = null;
      List<PortGroup> pgs = new ArrayList<>();
      for (Element e : children(root)) {
        String t = e.getLocalName();
        if (e.getNamespaceURI() != null || !TOP_ELEMENTS.contains(t)) {
          unmodelled.add(e.getTagName());
          continue;
        }
        switch (t) {
          case "name" -> name = e.getTextContent().strip();
          case "uuid" -> uuid = e.getTextContent().strip();
          case "metadata" -> owner = metadata(e);
          case "forward" -> {
            String m = e.getAttribute("mode");
            mode = switch (m.isEmpty() ? "nat" : m) {
              case "nat" -> NetworkMode.NAT;
              case "route" -> NetworkMode.ROUTE;
              case "open" -> NetworkMode.OPEN;
              case "bridge" -> NetworkMode.BRIDGE;
              default -> {
                unmodelled.add("forward@mode=" + m);
                yield null;
              }
            };
            forwardDev = attr(e, "dev");
            unknownAttrs(e, "forward", Set.of("mode", "dev"));
            List<Element> ifaces = children(e).stream().filter(c -> "interface".equals(c.getTagName())).toList();
            for (Element c : children(e)) {
              if ("nat".equals(c.getTagName())) {
                nat = nat(c);
              } else if (ifaces.size() == 1 && c == ifaces.get(0) && forwardDev != null
                  && forwardDev.equals(c.getAttribute("dev")) && c.getAttributes().getLength() == 1
                  && children(c).isEmpty()) {
                // libvirt echoes <forward dev='X'> as a single <interface dev='X'/>: the same setting, not a pool.
                continue;
              } else {
                unmodelled.add("forward/" + c.getTagName());
              }
            }
          }
          case "bridge" -> {
            bridge = attr(e, "name");
            stp = e.hasAttribute("stp") ? "on".equals(e.getAttribute("stp")) : null;
            delay = integer(e, "delay");
            unknownAttrs(e, "bridge", Set.of("name", "stp", "delay"));
            unknownChildren(e, "bridge", Set.of());
          }
          case "mtu" -> {
            mtu = integer(e, "size");
            unknownAttrs(e, "mtu", Set.of("size"));
          }
          case "mac" -> {
            mac = MacAddress.parse(e.getAttribute("address")).orElse(null);
            unknownAttrs(e, "mac", Set.of("address"));
          }
          case "domain" -> {
            domain = attr(e, "name");
            unknownAttrs(e, "domain", Set.of("name"));
          }
          case "dns" -> dns = dns(e);
          case "ip" -> {
            NetworkIp ip = ip(e);
            if (ip != null) {
              ips.add(ip);
            }
          }
          case "portgroup" -> pgs.add(portGroup(e));
          default -> throw new IllegalStateException(t);
        }
      }
      Network n = new Network(name, mode, bridge, stp, delay, mac, mtu, domain, forwardDev, nat, ips, dns, pgs, null);
      return new ParsedNetwork(n, owner, uuid, unmodelled, source);
    }

    private String metadata(Element md) {
      String owner = null;
      for (Element c : children(md)) {
        if (NS.equals(c.getNamespaceURI()) && "owner".equals(c.getLocalName())) {
          owner = c.getAttribute("topology");
        } else {
          unmodelled.add("metadata/" + c.getTagName());
        }
      }
      return owner;
    }

    private NatRange nat(Element e) {
      IpAddress as = null;
      IpAddress ae = null;
      Integer ps = null;
      Integer pe = null;
      unknownAttrs(e, "forward/nat", Set.of());
      for (Element c : children(e)) {
        switch (c.getTagName()) {
          case "address" -> {
            as = ipAttr(c, "start");
            ae = ipAttr(c, "end");
            unknownAttrs(c, "forward/nat/address", Set.of("start", "end"));
          }
          case "port" -> {
            ps = integer(c, "start");
            pe = integer(c, "end");
            unknownAttrs(c, "forward/nat/port", Set.of("start", "end"));
          }
          default -> unmodelled.add("forward/nat/" + c.getTagName());
        }
      }
      return new NatRange(as, ae, ps, pe);
    }

    private Dns dns(Element e) {
      Boolean enabled = e.hasAttribute("enable") ? "yes".equals(e.getAttribute("enable")) : null;
      unknownAttrs(e, "dns", Set.of("enable"));
      List<IpAddress> fwd = new ArrayList<>();
      List<Dns.DnsHost> hosts = new ArrayList<>();
      List<Dns.DnsSrv> srv = new ArrayList<>();
      List<Dns.DnsTxt> txt = new ArrayList<>();
      for (Element c : children(e)) {
        switch (c.getTagName()) {
          case "forwarder" -> {
            IpAddress a = ipAttr(c, "addr");
            if (a == null) {
              // A forwarder by domain only (<forwarder domain= addr=>) or without address: not modelled.
              unmodelled.add("dns/forwarder");
            } else {
              fwd.add(a);
              unknownAttrs(c, "dns/forwarder", Set.of("addr"));
            }
          }
          case "host" -> {
            List<String> names = new ArrayList<>();
            for (Element h : children(c)) {
              if ("hostname".equals(h.getTagName())) {
                names.add(h.getTextContent().strip());
              } else {
                unmodelled.add("dns/host/" + h.getTagName());
              }
            }
            hosts.add(new Dns.DnsHost(ipAttr(c, "ip"), names));
            unknownAttrs(c, "dns/host", Set.of("ip"));
          }
          case "srv" -> {
            srv.add(new Dns.DnsSrv(attr(c, "service"), attr(c, "protocol"), attr(c, "target"), integer(c, "port"),
                integer(c, "priority"), integer(c, "weight")));
            unknownAttrs(c, "dns/srv", Set.of("service", "protocol", "target", "port", "priority", "weight"));
          }
          case "txt" -> {
            txt.add(new Dns.DnsTxt(attr(c, "name"), attr(c, "value")));
            unknownAttrs(c, "dns/txt", Set.of("name", "value"));
          }
          default -> unmodelled.add("dns/" + c.getTagName());
        }
      }
      return new Dns(enabled, fwd, hosts, srv, txt);
    }

    private NetworkIp ip(Element e) {
      IpAddress a = ipAttr(e, "address");
      String path = "ip[" + e.getAttribute("address") + "]";
      if (a == null) {
        unmodelled.add(path);
        return null;
      }
      Integer prefix = integer(e, "prefix");
      if (prefix == null && e.hasAttribute("netmask")) {
        prefix = IpAddress.parse(e.getAttribute("netmask")).map(NetworkXml::maskLength).orElse(null);
      }
      if (prefix == null) {
        // libvirt's classful default when neither prefix nor netmask is given.
        prefix = a.isV6() ? 64 : classful(a);
      }
      unknownAttrs(e, path, Set.of("family", "address", "prefix", "netmask"));
      List<DhcpRange> ranges = new ArrayList<>();
      List<DhcpHost> hosts = new ArrayList<>();
      for (Element c : children(e)) {
        if (!"dhcp".equals(c.getTagName())) {
          unmodelled.add(path + "/" + c.getTagName());
          continue;
        }
        unknownAttrs(c, path + "/dhcp", Set.of());
        for (Element d : children(c)) {
          switch (d.getTagName()) {
            case "range" -> {
              ranges.add(new DhcpRange(ipAttr(d, "start"), ipAttr(d, "end"), lease(d, path + "/dhcp/range")));
              unknownAttrs(d, path + "/dhcp/range", Set.of("start", "end"));
            }
            case "host" -> {
              MacAddress m = d.hasAttribute("mac") ? MacAddress.parse(d.getAttribute("mac")).orElse(null) : null;
              hosts.add(new DhcpHost(m, attr(d, "name"), ipAttr(d, "ip"), lease(d, path + "/dhcp/host")));
              unknownAttrs(d, path + "/dhcp/host", Set.of("mac", "name", "ip"));
            }
            default -> unmodelled.add(path + "/dhcp/" + d.getTagName());
          }
        }
      }
      return new NetworkIp(new IpPrefix(a, prefix), ranges, hosts);
    }

    private String lease(Element parent, String path) {
      String out = null;
      for (Element c : children(parent)) {
        if (!"lease".equals(c.getTagName())) {
          unmodelled.add(path + "/" + c.getTagName());
          continue;
        }
        String expiry = c.getAttribute("expiry");
        String unit = c.hasAttribute("unit") ? c.getAttribute("unit") : "minutes";
        if ("0".equals(expiry)) {
          out = "infinite";
        } else {
          out = expiry + switch (unit) {
            case "hours" -> "h";
            case "seconds" -> "s";
            default -> "m";
          };
        }
      }
      return out;
    }

    private PortGroup portGroup(Element e) {
      Integer vlan = null;
      String path = "portgroup[" + e.getAttribute("name") + "]";
      unknownAttrs(e, path, Set.of("name", "default"));
      for (Element c : children(e)) {
        if (!"vlan".equals(c.getTagName())) {
          unmodelled.add(path + "/" + c.getTagName());
          continue;
        }
        unknownAttrs(c, path + "/vlan", Set.of());
        List<Element> tags = children(c);
        for (Element tag : tags) {
          if ("tag".equals(tag.getTagName()) && vlan == null && tags.size() == 1) {
            vlan = integer(tag, "id");
            unknownAttrs(tag, path + "/vlan/tag", Set.of("id"));
          } else {
            // Trunks (several tags) and native VLANs are not modelled.
            unmodelled.add(path + "/vlan/" + tag.getTagName());
          }
        }
      }
      return new PortGroup(attr(e, "name"), vlan, "yes".equals(e.getAttribute("default")));
    }

    private void unknownAttrs(Element e, String path, Set<String> known) {
      NamedNodeMap as = e.getAttributes();
      for (int i = 0; i < as.getLength(); i++) {
        Attr a = (Attr) as.item(i);
        String n = a.getName();
        if (!known.contains(n) && !n.startsWith("xmlns")) {
          unmodelled.add(path + "@" + n);
        }
      }
    }

    private void unknownChildren(Element e, String path, Set<String> known) {
      for (Element c : children(e)) {
        if (!known.contains(c.getTagName())) {
          unmodelled.add(path + "/" + c.getTagName());
        }
      }
    }
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

  private static String attr(Element e, String name) {
    return e.hasAttribute(name) ? e.getAttribute(name) : null;
  }

  private static Integer integer(Element e, String name) {
    if (!e.hasAttribute(name)) {
      return null;
    }
    try {
      return Integer.valueOf(e.getAttribute(name).strip());
    } catch (NumberFormatException ex) {
      throw new VtopoException(Kind.FAILED, null,
          "<" + e.getTagName() + " " + name + "='" + e.getAttribute(name) + "'>: not an integer");
    }
  }

  private static IpAddress ipAttr(Element e, String name) {
    if (!e.hasAttribute(name)) {
      return null;
    }
    Optional<IpAddress> a = IpAddress.parse(e.getAttribute(name).strip());
    return a.orElse(null);
  }

  static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element el) {
        out.add(el);
      }
    }
    return out;
  }

  /**
   * The same network definition with vtopo's ownership marker set to {@code owner} ({@code vtopo adopt}): everything
   * else, known or not, is kept as it is.
   */
  public static String withOwner(String xml, String owner) {
    Document doc = parseDom(xml);
    Element root = doc.getDocumentElement();
    Element md = null;
    for (org.w3c.dom.Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e && "metadata".equals(e.getTagName())) {
        md = e;
      }
    }
    if (md == null) {
      md = doc.createElement("metadata");
      root.appendChild(md);
    }
    for (org.w3c.dom.Node c = md.getFirstChild(); c != null; ) {
      org.w3c.dom.Node next = c.getNextSibling();
      if (c instanceof Element e && NS.equals(e.getNamespaceURI())) {
        md.removeChild(e);
      }
      c = next;
    }
    Element mark = doc.createElementNS(NS, PREFIX + ":owner");
    mark.setAttribute("topology", check(owner));
    md.appendChild(mark);
    try {
      javax.xml.transform.Transformer t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
      java.io.StringWriter w = new java.io.StringWriter();
      t.transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(w));
      return w.toString();
    } catch (javax.xml.transform.TransformerException e) {
      throw new IllegalStateException("cannot write network XML", e);
    }
  }

  private static Document parseDom(String xml) {
    try {
      return io.vtopo.core.io.SafeXml.parse(xml);
    } catch (SAXException | IOException e) {
      throw new VtopoException(Kind.FAILED, null, "malformed network XML: " + e.getMessage(), e);
    }
  }

  private static String serializePretty(Element root) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      Pretty x = new Pretty(w);
      x.copy(root);
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException ex) {
      throw new VtopoException(Kind.FAILED, null, "cannot serialise <" + root.getTagName() + ">", ex);
    }
    return out.toString();
  }
}
