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
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
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

  /** Parses a domain's XML (live or persistent). */
  public static Parsed parse(String xml, String domain) {
    Document d = doc(xml, domain);
    Element root = d.getDocumentElement();
    String name = text(child(root, "name"));
    if (name == null) {
      name = domain;
    }
    List<Vnic> nics = new ArrayList<>();
    List<Disk> disks = new ArrayList<>();
    List<String> unmodelled = new ArrayList<>();
    Element devices = child(root, "devices");
    if (devices != null) {
      for (Element e : children(devices)) {
        if (e.getTagName().equals("interface")) {
          Vnic n = vnic(e, unmodelled);
          nics.add(n);
        } else if (e.getTagName().equals("disk")) {
          Disk k = disk(e, unmodelled);
          if (k != null) {
            disks.add(k);
          }
        }
      }
    }
    String owner = null;
    Set<String> managed = new LinkedHashSet<>();
    Element meta = child(root, "metadata");
    if (meta != null) {
      for (Element e : children(meta)) {
        if (NS.equals(e.getNamespaceURI())) {
          owner = e.getAttribute("owner").isEmpty() ? null : e.getAttribute("owner");
          for (Element dev : children(e)) {
            if (!dev.getAttribute("key").isEmpty()) {
              managed.add(dev.getAttribute("key"));
            }
          }
        }
      }
    }
    return new Parsed(name, new Vm(name, nics, name, disks), owner, managed, unmodelled);
  }

  private static Vnic vnic(Element e, List<String> unmodelled) {
    String type = e.getAttribute("type");
    Element src = child(e, "source");
    Element target = child(e, "target");
    String dev =
        target == null || target.getAttribute("dev").isEmpty() ? null : target.getAttribute("dev");
    MacAddress mac = null;
    Element m = child(e, "mac");
    if (m != null) {
      mac = MacAddress.parse(m.getAttribute("address")).orElse(null);
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
    for (Element c : children(e)) {
      String t = c.getTagName();
      if (!IFACE_MODELLED.contains(t) && !GENERATED.contains(t)) {
        unmodelled.add(base + "/" + t);
      }
    }
    Integer vlan = null;
    Element v = child(e, "vlan");
    if (v != null) {
      List<Element> tags = children(v);
      if (tags.size() == 1 && !"yes".equals(v.getAttribute("trunk"))) {
        vlan = intAttr(tags.get(0), "id");
      } else {
        unmodelled.add(base + "/vlan (trunk of " + tags.size() + " tags)");
      }
    }
    Vnic.Bandwidth bw = null;
    Element b = child(e, "bandwidth");
    if (b != null) {
      Long in = longAttr(child(b, "inbound"), "average");
      Long out = longAttr(child(b, "outbound"), "average");
      bw = in == null && out == null ? null : new Vnic.Bandwidth(in, out);
      for (Element dir : children(b)) {
        NamedNodeMap a = dir.getAttributes();
        for (int i = 0; i < a.getLength(); i++) {
          if (!a.item(i).getNodeName().equals("average")) {
            unmodelled.add(
                base + "/bandwidth/" + dir.getTagName() + "/@" + a.item(i).getNodeName());
          }
        }
      }
    }
    String mode = kind == AttachKind.DIRECT ? attr(src, "mode") : null;
    String pg = kind == AttachKind.NETWORK ? attr(src, "portgroup") : null;
    Element mtu = child(e, "mtu");
    Element fr = child(e, "filterref");
    Element link = child(e, "link");
    return new Vnic(
        null,
        new Vnic.Attachment(kind, tgt),
        mac,
        null,
        vlan,
        pg,
        attr(child(e, "model"), "type"),
        attr(link, "state"),
        mtu == null ? null : intAttr(mtu, "size"),
        attr(fr, "filter"),
        bw,
        mode,
        dev);
  }

  private static Disk disk(Element e, List<String> unmodelled) {
    Element target = child(e, "target");
    String tdev = attr(target, "dev");
    if (tdev == null) {
      unmodelled.add("devices/disk[?]");
      return null;
    }
    String base = "devices/disk[" + tdev + "]";
    for (Element c : children(e)) {
      String t = c.getTagName();
      if (!DISK_MODELLED.contains(t) && !GENERATED.contains(t)) {
        unmodelled.add(base + "/" + t);
      }
    }
    Element src = child(e, "source");
    String type = e.getAttribute("type");
    Disk.Source s;
    if (src == null) {
      s = new Disk.Source(Disk.SourceKind.NONE, null, null, null, null);
    } else {
      switch (type) {
        case "volume" -> s = Disk.Source.volume(attr(src, "pool"), attr(src, "volume"));
        case "block" ->
            s = new Disk.Source(Disk.SourceKind.BLOCK, null, attr(src, "dev"), null, null);
        case "network" -> {
          Element h = child(src, "host");
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
    String device = e.getAttribute("device").isEmpty() ? "disk" : e.getAttribute("device");
    return new Disk(
        tdev,
        s,
        attr(target, "bus"),
        device,
        attr(child(e, "driver"), "type"),
        child(e, "readonly") != null,
        child(e, "shareable") != null);
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
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(n), new StreamResult(w));
      return w.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException(e);
    }
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

  private static String text(Element e) {
    return e == null ? null : e.getTextContent().trim();
  }

  private static String attr(Element e, String name) {
    return e == null || e.getAttribute(name).isEmpty() ? null : e.getAttribute(name);
  }

  private static Integer intAttr(Element e, String name) {
    try {
      String v = attr(e, name);
      return v == null ? null : Integer.valueOf(v);
    } catch (NumberFormatException x) {
      return null;
    }
  }

  private static Long longAttr(Element e, String name) {
    try {
      String v = attr(e, name);
      return v == null ? null : Long.valueOf(v);
    } catch (NumberFormatException x) {
      return null;
    }
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
