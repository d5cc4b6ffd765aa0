package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.attr;
import static io.vtopo.virtnet.XmlIn.children;
import static io.vtopo.virtnet.XmlIn.integer;
import static io.vtopo.virtnet.XmlOut.str;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.Dns;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import io.vtopo.core.model.Unmodelled;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Element;

/**
 * Pure conversion between {@link Network} and libvirt's network XML: the document as a whole. Each
 * part has its own class: {@link ForwardXml} (forward mode, NAT, bridge), {@link IpXml} (addresses,
 * DHCP, leases), {@link DnsXml}, {@link PortGroupXml}, and {@link CarryOver} for what the model
 * does not cover; {@link XmlOut} writes and {@link XmlIn} reads.
 *
 * <p>Rendering goes through a {@link XMLStreamWriter}, so names and values are always escaped;
 * parsing uses a {@link io.vtopo.core.io.SafeXml} (DTDs and external entities disabled). What the
 * model does not cover is reported in {@link ParsedNetwork#unmodelled()} and copied back, element
 * by element and attribute by attribute, when a live network is redefined.
 */
public final class NetworkXml {
  /** Namespace of vtopo's ownership marker inside {@code <metadata>}. */
  public static final String NS = "https://vtopo.io/xmlns/network/1";

  /** Prefix used for {@link #NS}. */
  public static final String PREFIX = "vtopo";

  private static final Set<String> TOP_ELEMENTS =
      Set.of(
          "name",
          "uuid",
          "metadata",
          "forward",
          "bridge",
          "mtu",
          "mac",
          "domain",
          "dns",
          "ip",
          "portgroup");

  private static final java.util.regex.Pattern BARE_AMP =
      java.util.regex.Pattern.compile("&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)");

  private NetworkXml() {}

  /**
   * Renders a network for {@code virNetworkDefineXML}, marked as owned by {@code owner} (null: no
   * marker).
   */
  public static String render(Network n, String owner) {
    return render(n, owner, null);
  }

  /**
   * Renders a network, keeping the identity ({@code <uuid>}) and every unmodelled element and
   * attribute of the live network it replaces, at the same place (matched by address, name or MAC,
   * not by position).
   *
   * @param n the desired network
   * @param owner topology recorded in the ownership marker, or null for none
   * @param live the parsed live network being redefined, or null
   * @return the XML document text
   */
  public static String render(Network n, String owner, ParsedNetwork live) {
    if (n.name() == null || n.mode() == null) {
      throw new VtopoException(
          Kind.INVALID_INPUT, "networks[" + n.name() + "]", "a network needs a name and a mode");
    }
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      XmlOut x = new XmlOut(w);
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
        w.writeAttribute("topology", XmlOut.check(owner));
        x.hasChildren = true;
        x.close();
      }
      ForwardXml.render(x, n);
      ForwardXml.renderBridge(x, n);
      if (n.mtu() != null) {
        x.empty("mtu", "size", str(n.mtu()));
      }
      // A MAC the file leaves unset is libvirt's to choose once: a redefinition (restart) keeps the
      // one the bridge has, or running guests would keep sending to the old gateway MAC from their
      // ARP caches and lose their gateway for up to a minute.
      MacAddress mac =
          n.mac() != null
              ? n.mac()
              : live != null && live.network() != null ? live.network().mac() : null;
      if (mac != null) {
        x.empty("mac", "address", mac.toString());
      }
      if (n.domain() != null) {
        x.empty("domain", "name", n.domain());
      }
      DnsXml.render(x, n.dns());
      for (NetworkIp ip : n.ips()) {
        IpXml.render(x, ip);
      }
      for (PortGroup pg : n.portGroups()) {
        PortGroupXml.write(x, pg);
      }
      x.close();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
      w.close();
    } catch (XMLStreamException e) {
      throw new VtopoException(
          Kind.FAILED, "networks[" + n.name() + "]", "cannot render XML: " + e.getMessage(), e);
    }
    List<Unmodelled> keep =
        n.unmodelled() != null
            ? n.unmodelled()
            : live != null && live.network().unmodelled() != null
                ? live.network().unmodelled()
                : List.of();
    if (keep.isEmpty()) {
      return out.toString();
    }
    Element merged = XmlIn.parseDom(out.toString()).getDocumentElement();
    Residual.apply(merged, keep);
    return XmlOut.serializePretty(merged);
  }

  /** The XML of one DHCP range, as {@code virNetworkUpdate} expects it. */
  public static String rangeXml(DhcpRange r) {
    return XmlOut.fragment(x -> IpXml.writeRange(x, r));
  }

  /** The XML of one DHCP host, as {@code virNetworkUpdate} expects it. */
  public static String hostXml(DhcpHost h) {
    return XmlOut.fragment(x -> IpXml.writeHost(x, h));
  }

  /** The XML of one DNS host record. */
  public static String dnsHostXml(Dns.DnsHost h) {
    return XmlOut.fragment(x -> DnsXml.writeHost(x, h));
  }

  /** The XML of one DNS SRV record. */
  public static String srvXml(Dns.DnsSrv s) {
    return XmlOut.fragment(x -> DnsXml.writeSrv(x, s));
  }

  /** The XML of one DNS TXT record. */
  public static String txtXml(Dns.DnsTxt t) {
    return XmlOut.fragment(x -> DnsXml.writeTxt(x, t));
  }

  /** The XML of one port group. */
  public static String portGroupXml(PortGroup pg) {
    return XmlOut.fragment(x -> PortGroupXml.write(x, pg));
  }

  /**
   * A lease time in seconds (0 for infinite), so that {@code 1h}, {@code 60m} and {@code 3600}
   * compare equal.
   */
  public static long leaseSeconds(String lease) {
    return IpXml.leaseSeconds(lease);
  }

  /**
   * The same network definition with vtopo's ownership marker set to {@code owner} ({@code vtopo
   * adopt}): everything else, known or not, is kept as it is.
   */
  public static String withOwner(String xml, String owner) {
    return CarryOver.withOwner(xml, owner);
  }

  /**
   * Parses live network XML (from {@code virNetworkGetXMLDesc}).
   *
   * @throws VtopoException {@code FAILED} when the text is not well-formed network XML
   */
  public static ParsedNetwork parse(String xml) {
    Element root;
    try {
      root = XmlIn.parseDom(xml).getDocumentElement();
    } catch (VtopoException e) {
      // libvirt 9.0 writes some attribute values (<domain name>, DHCP <host name>) without escaping
      // '&': read such a
      // document with the bare ampersands escaped, which is what libvirt meant. Anything else stays
      // an error.
      String repaired = BARE_AMP.matcher(xml).replaceAll("&amp;");
      if (repaired.equals(xml)) {
        throw e;
      }
      root = XmlIn.parseDom(repaired).getDocumentElement();
      xml = repaired;
    }
    if (!"network".equals(root.getTagName())) {
      throw new VtopoException(
          Kind.FAILED, null, "expected <network>, found <" + root.getTagName() + ">");
    }
    String name = null;
    String uuid = null;
    String owner = null;
    ForwardXml.Forward fwd = new ForwardXml.Forward(NetworkMode.ISOLATED, null, null);
    String fwdMode = null;
    ForwardXml.Bridge br = new ForwardXml.Bridge(null, null, null);
    MacAddress mac = null;
    Integer mtu = null;
    String domain = null;
    List<NetworkIp> ips = new ArrayList<>();
    Dns dns = null;
    List<PortGroup> pgs = new ArrayList<>();
    for (Element e : children(root)) {
      String t = e.getTagName();
      if (e.getNamespaceURI() != null || !TOP_ELEMENTS.contains(t)) {
        continue;
      }
      switch (t) {
        case "name" -> name = e.getTextContent().strip();
        case "uuid" -> uuid = e.getTextContent().strip();
        case "metadata" -> owner = metadata(e);
        case "forward" -> {
          fwd = ForwardXml.parse(e);
          fwdMode = e.getAttribute("mode");
        }
        case "bridge" -> br = ForwardXml.parseBridge(e);
        case "mtu" -> {
          mtu = integer(e, "size");
        }
        case "mac" -> {
          mac = MacAddress.parse(e.getAttribute("address")).orElse(null);
        }
        case "domain" -> {
          domain = attr(e, "name");
        }
        case "dns" -> dns = DnsXml.parse(e);
        case "ip" -> {
          NetworkIp ip = IpXml.parse(e);
          if (ip != null) {
            ips.add(ip);
          }
        }
        case "portgroup" -> pgs.add(PortGroupXml.parse(e));
        default -> throw new IllegalStateException(t);
      }
    }
    if (name == null || fwd.mode() == null) {
      throw new VtopoException(
          Kind.FAILED,
          name == null ? null : "networks[" + name + "]",
          name == null ? "network XML without <name>" : "unknown forward mode '" + fwdMode + "'");
    }
    Network n =
        Network.builder(name, fwd.mode())
            .bridge(br.name())
            .stp(br.stp())
            .delay(br.delay())
            .mac(mac)
            .mtu(mtu)
            .domain(domain)
            .forwardDev(fwd.dev())
            .nat(fwd.nat())
            .ips(ips)
            .dns(dns)
            .portGroups(pgs)
            .build();
    // Whatever the model cannot render back is kept verbatim: the live XML (without identity and
    // owner marker) minus
    // the model's own rendering of it.
    Element modelled = XmlIn.parseDom(render(n, null, null)).getDocumentElement();
    List<Unmodelled> rest = Residual.of(withoutIdentity(root), modelled);
    return new ParsedNetwork(
        n.withUnmodelled(rest), owner, uuid, rest.stream().map(Unmodelled::path).toList(), xml);
  }

  /**
   * The document without {@code <uuid>} and vtopo's marker (both are identity, rendered from
   * elsewhere) and without the runtime {@code connections} count.
   */
  private static Element withoutIdentity(Element root) {
    // The number of guests attached right now (live XML only) is state, not configuration: kept,
    // it would make every plan of a busy network a change.
    root.removeAttribute("connections");
    for (Element c : children(root)) {
      if ("uuid".equals(c.getTagName())) {
        root.removeChild(c);
      } else if ("metadata".equals(c.getTagName())) {
        for (Element m : children(c)) {
          if (NS.equals(m.getNamespaceURI())) {
            c.removeChild(m);
          }
        }
        if (children(c).isEmpty()) {
          root.removeChild(c);
        }
      }
    }
    return root;
  }

  /**
   * The topology in a definition's ownership marker, or null. A definition without vtopo's
   * namespace has no marker, so a host vtopo did not build costs no parse here (its networks'
   * persistent definitions are read only for the marker).
   */
  static String owner(String xml) {
    return xml.contains(NS) ? parse(xml).owner() : null;
  }

  private static String metadata(Element md) {
    String owner = null;
    for (Element c : children(md)) {
      if (NS.equals(c.getNamespaceURI()) && "owner".equals(c.getLocalName())) {
        owner = c.getAttribute("topology");
      }
    }
    return owner;
  }
}
