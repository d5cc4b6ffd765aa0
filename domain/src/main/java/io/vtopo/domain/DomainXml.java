package io.vtopo.domain;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.io.SafeXml;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.VmDevice;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vnic.AttachKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * libvirt domain XML: reads the {@code <interface>} and {@code <disk>} devices into the model, with
 * the paths of what the model leaves out; renders a device for attach; patches an existing device
 * element for update, so that every element and attribute vtopo does not model stays exactly as
 * libvirt wrote it. Also vtopo's ownership record in the domain's {@code <metadata>}.
 */
public final class DomainXml {
  /** The namespace of vtopo's element in a domain's {@code <metadata>}. */
  public static final String NS = "https://vtopo.io/xmlns/domain/1";

  /** Its prefix. */
  public static final String PREFIX = "vtopo";

  /**
   * Child elements libvirt generates on its own (addresses, aliases): neither modelled nor worth
   * reporting.
   */
  private static final Set<String> GENERATED = Set.of("alias", "address", "backingStore");

  private static final Set<String> IFACE_MODELLED =
      Set.of("mac", "source", "target", "model", "link", "vlan", "bandwidth", "mtu", "filterref");
  private static final Set<String> DISK_MODELLED =
      Set.of("driver", "source", "target", "readonly", "shareable");

  /**
   * A parsed domain definition.
   *
   * @param name the {@code <name>}
   * @param vm its devices as a VM ({@code domain} set to the name)
   * @param owner vtopo's owner record, or null
   * @param managed the device keys vtopo manages
   * @param unmodelled paths vtopo keeps verbatim but does not model
   */
  public record Parsed(
      String name, Vm vm, String owner, Set<String> managed, List<String> unmodelled) {}

  private DomainXml() {}

  static Document doc(String xml, String domain) {
    try {
      return SafeXml.parse(xml);
    } catch (SAXException | IOException e) {
      // libvirt 9.0 writes some names unescaped: the domain's XML can be malformed. Name the
      // domain.
      throw new VtopoException(
          Kind.FAILED,
          "vm:" + domain,
          "libvirt returned XML vtopo cannot parse: " + e.getMessage(),
          e);
    }
  }

  /**
   * Parses a domain's XML (live or persistent). Streams the document (StAX) and keeps a small tree
   * of only what the model reads: the name, the {@code <interface>} and {@code <disk>} elements,
   * and vtopo's element in {@code <metadata>}; everything else is skipped without building
   * anything. A read of 500 domains parses 1,000 documents, and a DOM of each cost most of the
   * read. {@code DomainXmlCorpusTest} holds it to what the DOM parser read.
   */
  public static Parsed parse(String xml, String domain) {
    String name = null;
    List<El> devices = new ArrayList<>();
    List<El> meta = new ArrayList<>();
    try {
      XMLStreamReader r = SafeXml.stream(xml);
      try {
        root(r, domain);
        boolean seenName = false;
        boolean seenDevices = false;
        boolean seenMeta = false;
        while (next(r, domain) == XMLStreamConstants.START_ELEMENT) {
          String local = r.getLocalName();
          boolean plain = ns(r) == null;
          if (plain && !seenName && local.equals("name")) {
            seenName = true;
            name = text(r, domain).trim();
          } else if (plain && !seenDevices && local.equals("devices")) {
            seenDevices = true;
            while (next(r, domain) == XMLStreamConstants.START_ELEMENT) {
              String q = qname(r);
              if (q.equals("interface") || q.equals("disk")) {
                devices.add(element(r, domain));
              } else {
                skip(r, domain);
              }
            }
          } else if (plain && !seenMeta && local.equals("metadata")) {
            seenMeta = true;
            while (next(r, domain) == XMLStreamConstants.START_ELEMENT) {
              if (NS.equals(ns(r))) {
                meta.add(element(r, domain));
              } else {
                skip(r, domain);
              }
            }
          } else {
            skip(r, domain);
          }
        }
        // The rest of the document must be well-formed too, as the DOM parser required.
        while (r.hasNext()) {
          if (r.next() == XMLStreamConstants.DTD) {
            throw malformed(domain, "a DOCTYPE is not allowed", null);
          }
        }
      } finally {
        r.close();
      }
    } catch (XMLStreamException e) {
      throw malformed(domain, e.getMessage(), e);
    }
    if (name == null) {
      name = domain;
    }
    List<Vnic> nics = new ArrayList<>();
    List<Disk> disks = new ArrayList<>();
    List<String> unmodelled = new ArrayList<>();
    for (El e : devices) {
      if (e.qname.equals("interface")) {
        nics.add(vnic(e, unmodelled));
      } else {
        Disk k = disk(e, unmodelled);
        if (k != null) {
          disks.add(k);
        }
      }
    }
    String owner = null;
    Set<String> managed = new LinkedHashSet<>();
    for (El e : meta) {
      owner = e.raw("owner").isEmpty() ? null : e.raw("owner");
      for (El dev : e.kids) {
        if (!dev.raw("key").isEmpty()) {
          managed.add(dev.raw("key"));
        }
      }
    }
    return new Parsed(name, new Vm(name, nics, name, disks), owner, managed, unmodelled);
  }

  private static VtopoException malformed(String domain, String why, Exception cause) {
    // libvirt 9.0 writes some names unescaped: the domain's XML can be malformed. Name the domain.
    return new VtopoException(
        Kind.FAILED, "vm:" + domain, "libvirt returned XML vtopo cannot parse: " + why, cause);
  }

  /** Moves to the root element; refuses a DOCTYPE as the DOM parser did. */
  private static void root(XMLStreamReader r, String domain) throws XMLStreamException {
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.DTD) {
        throw malformed(domain, "a DOCTYPE is not allowed", null);
      }
      if (ev == XMLStreamConstants.START_ELEMENT) {
        return;
      }
    }
    throw malformed(domain, "no root element", null);
  }

  /**
   * The next child element's start, or {@code END_ELEMENT} when the current element ends (text,
   * comments and processing instructions between children are passed over).
   */
  private static int next(XMLStreamReader r, String domain) throws XMLStreamException {
    while (true) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT || ev == XMLStreamConstants.END_ELEMENT) {
        return ev;
      }
      if (ev == XMLStreamConstants.END_DOCUMENT) {
        throw malformed(domain, "the document ends inside an element", null);
      }
    }
  }

  /** Skips the current element and everything in it. */
  private static void skip(XMLStreamReader r, String domain) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (ev == XMLStreamConstants.END_DOCUMENT) {
        throw malformed(domain, "the document ends inside an element", null);
      }
    }
  }

  /** All text inside the current element (as DOM's {@code getTextContent}), to its end. */
  private static String text(XMLStreamReader r, String domain) throws XMLStreamException {
    StringBuilder sb = new StringBuilder();
    int depth = 1;
    while (depth > 0) {
      int ev = r.next();
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT -> depth++;
        case XMLStreamConstants.END_ELEMENT -> depth--;
        case XMLStreamConstants.CHARACTERS,
            XMLStreamConstants.CDATA,
            XMLStreamConstants.SPACE,
            XMLStreamConstants.ENTITY_REFERENCE ->
            sb.append(r.getText());
        case XMLStreamConstants.END_DOCUMENT ->
            throw malformed(domain, "the document ends inside an element", null);
        default -> {}
      }
    }
    return sb.toString();
  }

  private static String ns(XMLStreamReader r) {
    String u = r.getNamespaceURI();
    return u == null || u.isEmpty() ? null : u;
  }

  private static String qname(XMLStreamReader r) {
    String p = r.getPrefix();
    return p == null || p.isEmpty() ? r.getLocalName() : p + ":" + r.getLocalName();
  }

  /** The current element as a small tree, to its end. */
  private static El element(XMLStreamReader r, String domain) throws XMLStreamException {
    int n = r.getAttributeCount();
    String[] attrs = new String[2 * n];
    for (int i = 0; i < n; i++) {
      String p = r.getAttributePrefix(i);
      String l = r.getAttributeLocalName(i);
      attrs[2 * i] = p == null || p.isEmpty() ? l : p + ":" + l;
      attrs[2 * i + 1] = r.getAttributeValue(i);
    }
    El e = new El(r.getLocalName(), qname(r), ns(r), attrs);
    while (next(r, domain) == XMLStreamConstants.START_ELEMENT) {
      e.kids.add(element(r, domain));
    }
    return e;
  }

  /**
   * An element of the streamed subset: its names, namespace, attributes (qualified name, value) and
   * child elements; no text (the model reads none inside devices).
   */
  private static final class El {
    final String local;
    final String qname;
    final String ns;
    final String[] attrs;
    final List<El> kids = new ArrayList<>(4);

    El(String local, String qname, String ns, String[] attrs) {
      this.local = local;
      this.qname = qname;
      this.ns = ns;
      this.attrs = attrs;
    }

    /** The attribute's value, "" when absent (as DOM's {@code getAttribute}). */
    String raw(String name) {
      for (int i = 0; i < attrs.length; i += 2) {
        if (attrs[i].equals(name)) {
          return attrs[i + 1];
        }
      }
      return "";
    }

    /** The first child element without a namespace named {@code name}, or null. */
    El child(String name) {
      for (El k : kids) {
        if (k.ns == null && k.local.equals(name)) {
          return k;
        }
      }
      return null;
    }
  }

  private static String attr(El e, String name) {
    return e == null || e.raw(name).isEmpty() ? null : e.raw(name);
  }

  private static Integer intAttr(El e, String name) {
    try {
      String v = attr(e, name);
      return v == null ? null : Integer.valueOf(v);
    } catch (NumberFormatException x) {
      return null;
    }
  }

  private static Long longAttr(El e, String name) {
    try {
      String v = attr(e, name);
      return v == null ? null : Long.valueOf(v);
    } catch (NumberFormatException x) {
      return null;
    }
  }

  private static Vnic vnic(El e, List<String> unmodelled) {
    String type = e.raw("type");
    El src = e.child("source");
    El target = e.child("target");
    String dev = target == null || target.raw("dev").isEmpty() ? null : target.raw("dev");
    MacAddress mac = null;
    El m = e.child("mac");
    if (m != null) {
      mac = MacAddress.parse(m.raw("address")).orElse(null);
    }
    AttachKind kind;
    String tgt;
    switch (type) {
      case "network" -> {
        kind = AttachKind.NETWORK;
        tgt = attr(src, "network");
      }
      case "bridge" -> {
        kind = AttachKind.BRIDGE;
        tgt = attr(src, "bridge");
      }
      case "direct" -> {
        kind = AttachKind.DIRECT;
        tgt = attr(src, "dev");
      }
      case "ethernet" -> {
        kind = AttachKind.TAP;
        tgt = dev;
      }
      default -> {
        kind = AttachKind.OTHER;
        tgt = type;
      }
    }
    if (tgt == null) {
      kind = AttachKind.OTHER;
      tgt = type;
    }
    String key = mac != null ? mac.toString() : "?";
    String base = "devices/interface[" + key + "]";
    for (El c : e.kids) {
      if (!IFACE_MODELLED.contains(c.qname) && !GENERATED.contains(c.qname)) {
        unmodelled.add(base + "/" + c.qname);
      }
    }
    Integer vlan = null;
    El v = e.child("vlan");
    if (v != null) {
      if (v.kids.size() == 1 && !"yes".equals(v.raw("trunk"))) {
        vlan = intAttr(v.kids.get(0), "id");
      } else {
        unmodelled.add(base + "/vlan (trunk of " + v.kids.size() + " tags)");
      }
    }
    Vnic.Bandwidth bw = null;
    El b = e.child("bandwidth");
    if (b != null) {
      Long in = longAttr(b.child("inbound"), "average");
      Long out = longAttr(b.child("outbound"), "average");
      bw = in == null && out == null ? null : new Vnic.Bandwidth(in, out);
      for (El dir : b.kids) {
        // By name, as the DOM parser listed them (its attribute maps are sorted).
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dir.attrs.length; i += 2) {
          names.add(dir.attrs[i]);
        }
        names.sort(null);
        for (String a : names) {
          if (!a.equals("average")) {
            unmodelled.add(base + "/bandwidth/" + dir.qname + "/@" + a);
          }
        }
      }
    }
    String mode = kind == AttachKind.DIRECT ? attr(src, "mode") : null;
    String pg = kind == AttachKind.NETWORK ? attr(src, "portgroup") : null;
    El mtu = e.child("mtu");
    El fr = e.child("filterref");
    El link = e.child("link");
    return new Vnic(
        null,
        new Vnic.Attachment(kind, tgt),
        mac,
        null,
        vlan,
        pg,
        attr(e.child("model"), "type"),
        attr(link, "state"),
        mtu == null ? null : intAttr(mtu, "size"),
        attr(fr, "filter"),
        bw,
        mode,
        dev);
  }

  private static Disk disk(El e, List<String> unmodelled) {
    El target = e.child("target");
    String tdev = attr(target, "dev");
    if (tdev == null) {
      unmodelled.add("devices/disk[?]");
      return null;
    }
    String base = "devices/disk[" + tdev + "]";
    for (El c : e.kids) {
      if (!DISK_MODELLED.contains(c.qname) && !GENERATED.contains(c.qname)) {
        unmodelled.add(base + "/" + c.qname);
      }
    }
    El src = e.child("source");
    String type = e.raw("type");
    Disk.Source s;
    if (src == null) {
      s = new Disk.Source(Disk.SourceKind.NONE, null, null, null, null);
    } else {
      switch (type) {
        case "volume" -> s = Disk.Source.volume(attr(src, "pool"), attr(src, "volume"));
        case "block" ->
            s = new Disk.Source(Disk.SourceKind.BLOCK, null, attr(src, "dev"), null, null);
        case "network" -> {
          El h = src.child("host");
          String host = attr(h, "name");
          if (host != null && attr(h, "port") != null) {
            host = host + ":" + attr(h, "port");
          }
          s =
              new Disk.Source(
                  Disk.SourceKind.NETWORK, null, attr(src, "name"), attr(src, "protocol"), host);
        }
        case "file" -> s = Disk.Source.file(attr(src, "file"));
        default -> {
          unmodelled.add(base + "/source (type " + type + ")");
          s =
              new Disk.Source(
                  Disk.SourceKind.FILE, null, type + ":" + attr(src, "dir"), null, null);
        }
      }
    }
    String device = e.raw("device").isEmpty() ? "disk" : e.raw("device");
    return new Disk(
        tdev,
        s,
        attr(target, "bus"),
        device,
        attr(e.child("driver"), "type"),
        e.child("readonly") != null,
        e.child("shareable") != null);
  }

  /** A new device element for attach. */
  public static String render(VmDevice d) {
    try {
      Document doc = SafeXml.parse(d instanceof Vnic ? "<interface/>" : "<disk/>");
      Element e = doc.getDocumentElement();
      patch(e, d);
      return serialize(e);
    } catch (SAXException | IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The element of the device with {@code key} in {@code xml}, or null. */
  static Element find(Document doc, String key) {
    Element devices = child(doc.getDocumentElement(), "devices");
    if (devices == null) {
      return null;
    }
    for (Element e : children(devices)) {
      if (e.getTagName().equals("interface")) {
        Element m = child(e, "mac");
        String mac =
            m == null
                ? null
                : MacAddress.parse(m.getAttribute("address")).map(Object::toString).orElse(null);
        if (key.equals(mac)) {
          return e;
        }
      } else if (e.getTagName().equals("disk") && key.equals(attr(child(e, "target"), "dev"))) {
        return e;
      }
    }
    return null;
  }

  /**
   * The device with {@code key} from a domain XML, patched to {@code d}; a new element when the
   * domain lacks it.
   */
  public static String patched(String domainXml, String domain, VmDevice d) {
    Document doc = doc(domainXml, domain);
    Element e = find(doc, d.key());
    if (e == null) {
      return render(d);
    }
    patch(e, d);
    return serialize(e);
  }

  /**
   * A whole domain XML with the device {@code d.key()} patched to {@code d} (added when missing).
   */
  public static String withDevice(String domainXml, String domain, VmDevice d) {
    Document doc = doc(domainXml, domain);
    Element e = find(doc, d.key());
    if (e == null) {
      e = doc.createElement(d instanceof Vnic ? "interface" : "disk");
      ensure(doc.getDocumentElement(), "devices").appendChild(e);
    }
    patch(e, d);
    return serialize(doc);
  }

  /** A whole domain XML without the device {@code key}. */
  public static String withoutDevice(String domainXml, String domain, String key) {
    Document doc = doc(domainXml, domain);
    Element e = find(doc, key);
    if (e != null) {
      e.getParentNode().removeChild(e);
    }
    return serialize(doc);
  }

  /** The device element with {@code key} as libvirt wrote it, or null. */
  public static String element(String domainXml, String domain, String key) {
    Element e = find(doc(domainXml, domain), key);
    return e == null ? null : serialize(e);
  }

  /** Sets the modelled parts of a device element to {@code d}; everything else stays. */
  static void patch(Element e, VmDevice d) {
    if (d instanceof Vnic n) {
      patchVnic(e, n);
    } else {
      patchDisk(e, (Disk) d);
    }
  }

  private static void patchVnic(Element e, Vnic n) {
    String type =
        switch (n.attachment().kind()) {
          case NETWORK -> "network";
          case BRIDGE -> "bridge";
          case DIRECT -> "direct";
          case TAP -> "ethernet";
          case OTHER -> n.attachment().target();
        };
    boolean retyped = !type.equals(e.getAttribute("type"));
    e.setAttribute("type", type);
    if (n.mac() != null) {
      ensure(e, "mac").setAttribute("address", n.mac().toString());
    }
    if (n.attachment().kind() != AttachKind.OTHER) {
      Element src = child(e, "source");
      if (n.attachment().kind() == AttachKind.TAP) {
        if (src != null) {
          e.removeChild(src);
        }
        Element t = ensure(e, "target");
        t.setAttribute("dev", n.attachment().target());
        t.setAttribute("managed", "no");
      } else {
        if (src == null || retyped) {
          if (src != null) {
            e.removeChild(src);
          }
          src = ensure(e, "source");
        }
        // The live XML's source carries what libvirt resolved (bridge, portid): a new source must
        // not keep them.
        for (String a : List.of("network", "bridge", "portgroup", "dev", "mode", "portid")) {
          src.removeAttribute(a);
        }
        switch (n.attachment().kind()) {
          case NETWORK -> {
            src.setAttribute("network", n.attachment().target());
            if (n.portGroup() != null) {
              src.setAttribute("portgroup", n.portGroup());
            }
          }
          case BRIDGE -> src.setAttribute("bridge", n.attachment().target());
          case DIRECT -> {
            src.setAttribute("dev", n.attachment().target());
            src.setAttribute("mode", n.mode() != null ? n.mode() : "bridge");
          }
          default -> {}
        }
      }
    }
    if (n.model() != null) {
      ensure(e, "model").setAttribute("type", n.model());
    }
    if (n.link() != null) {
      ensure(e, "link").setAttribute("state", n.link());
    }
    if (n.mtu() != null) {
      ensure(e, "mtu").setAttribute("size", String.valueOf(n.mtu()));
    }
    if (n.filterref() != null) {
      ensure(e, "filterref").setAttribute("filter", n.filterref());
    }
    if (n.vlan() != null) {
      Element v = child(e, "vlan");
      if (v != null) {
        e.removeChild(v);
      }
      v = ensure(e, "vlan");
      e.getOwnerDocument();
      Element tag = e.getOwnerDocument().createElement("tag");
      tag.setAttribute("id", String.valueOf(n.vlan()));
      v.appendChild(tag);
    }
    if (n.bandwidth() != null) {
      Element b = ensure(e, "bandwidth");
      if (n.bandwidth().inbound() != null) {
        ensure(b, "inbound").setAttribute("average", String.valueOf(n.bandwidth().inbound()));
      }
      if (n.bandwidth().outbound() != null) {
        ensure(b, "outbound").setAttribute("average", String.valueOf(n.bandwidth().outbound()));
      }
    }
  }

  private static void patchDisk(Element e, Disk k) {
    String type =
        switch (k.source().kind()) {
          case VOLUME -> "volume";
          case BLOCK -> "block";
          case NETWORK -> "network";
          case FILE, NONE -> "file";
        };
    e.setAttribute("type", type);
    e.setAttribute(
        "device",
        k.device() != null
            ? k.device()
            : e.getAttribute("device").isEmpty() ? "disk" : e.getAttribute("device"));
    if (k.format() != null || child(e, "driver") == null) {
      Element drv = ensure(e, "driver");
      drv.setAttribute("name", "qemu");
      if (k.format() != null) {
        drv.setAttribute("type", k.format());
      }
    }
    Element src = child(e, "source");
    if (src != null) {
      e.removeChild(src);
    }
    if (k.source().kind() != Disk.SourceKind.NONE) {
      src = ensure(e, "source");
      Disk.Source s = k.source();
      switch (s.kind()) {
        case VOLUME -> {
          src.setAttribute("pool", s.pool());
          src.setAttribute("volume", s.name());
        }
        case FILE -> src.setAttribute("file", s.name());
        case BLOCK -> src.setAttribute("dev", s.name());
        case NETWORK -> {
          src.setAttribute("protocol", s.protocol());
          src.setAttribute("name", s.name());
          if (s.host() != null) {
            Element h = e.getOwnerDocument().createElement("host");
            int colon = s.host().lastIndexOf(':');
            boolean port = colon > 0 && s.host().indexOf(':') == colon;
            h.setAttribute("name", port ? s.host().substring(0, colon) : s.host());
            if (port) {
              h.setAttribute("port", s.host().substring(colon + 1));
            }
            src.appendChild(h);
          }
        }
        default -> {}
      }
    }
    Element t = ensure(e, "target");
    t.setAttribute("dev", k.target());
    if (k.bus() != null) {
      t.setAttribute("bus", k.bus());
    }
    flag(e, "readonly", k.readonly());
    flag(e, "shareable", k.shareable());
  }

  private static void flag(Element e, String name, Boolean on) {
    if (on == null) {
      return;
    }
    Element c = child(e, name);
    if (on && c == null) {
      ensure(e, name);
    } else if (!on && c != null) {
      e.removeChild(c);
    }
  }

  /** vtopo's {@code <metadata>} element: the owner and the keys of the devices it manages. */
  public static String metadata(String owner, Set<String> managed) {
    StringBuilder sb = new StringBuilder("<devices owner=\"").append(esc(owner)).append("\">");
    for (String k : managed) {
      sb.append("<device key=\"").append(esc(k)).append("\"/>");
    }
    return sb.append("</devices>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }

  static String serialize(Node n) {
    return io.vtopo.core.io.SafeXml.write(n, false);
  }

  private static Element ensure(Element parent, String name) {
    Element c = child(parent, name);
    if (c == null) {
      c = parent.getOwnerDocument().createElement(name);
      parent.appendChild(c);
    }
    return c;
  }

  static Element child(Element e, String name) {
    if (e == null) {
      return null;
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c
          && name.equals(c.getLocalName() != null ? c.getLocalName() : c.getTagName())
          && c.getNamespaceURI() == null) {
        return c;
      }
    }
    return null;
  }

  static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  private static String attr(Element e, String name) {
    return e == null || e.getAttribute(name).isEmpty() ? null : e.getAttribute(name);
  }

  /**
   * The devices of a domain XML by key, as elements' text, for comparing two versions of a domain.
   */
  static Map<String, String> deviceElements(String xml, String domain) {
    Map<String, String> out = new LinkedHashMap<>();
    Parsed p = parse(xml, domain);
    Document d = doc(xml, domain);
    for (VmDevice dev : p.vm().devices()) {
      Element e = find(d, dev.key());
      if (e != null) {
        out.put(dev.key(), serialize(e));
      }
    }
    return out;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
