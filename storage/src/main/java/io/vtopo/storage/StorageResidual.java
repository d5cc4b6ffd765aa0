package io.vtopo.storage;

import static io.vtopo.libvirt.XmlResidue.children;

import io.vtopo.core.model.Unmodelled;
import io.vtopo.libvirt.XmlResidue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What the storage model does not carry, computed rather than listed: a pool's or volume's live XML
 * minus what vtopo renders from the model it parsed out of it. Each remaining element (or attribute
 * of an element vtopo renders) is one {@link Unmodelled} piece with its path; {@link #apply} puts
 * the pieces back into a rendered definition, so redefining a pool never loses a setting vtopo does
 * not know, and a case a parser forgot shows up as a reported path instead of a silent loss.
 */
final class StorageResidual {
  private StorageResidual() {}

  private static final Set<String> CONTAINERS =
      Set.of("source", "target", "features", "backingStore", "target/permissions");

  /**
   * The pieces of {@code original} that {@code rendered} lacks, ordered by path; {@code root} is
   * the root tag ({@code pool} or {@code volume}) used for root attributes ({@code pool@xmlns}
   * never: namespace declarations travel with their elements). {@code state} are child paths that
   * are live state, not configuration (sizes, keys, timestamps), and are never reported.
   */
  static List<Unmodelled> of(Element original, Element rendered, Set<String> state) {
    List<Unmodelled> out = new ArrayList<>();
    diff(original, rendered, "", original.getTagName(), state, out);
    out.sort(Comparator.comparing(Unmodelled::path));
    return out;
  }

  private static void diff(
      Element from, Element to, String path, String root, Set<String> state, List<Unmodelled> out) {
    NamedNodeMap as = from.getAttributes();
    String base = path.isEmpty() ? root : path;
    for (int i = 0; i < as.getLength(); i++) {
      Attr a = (Attr) as.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
          || to.hasAttribute(a.getName())
          || state.contains(base + "@" + a.getName())) {
        continue;
      }
      out.add(new Unmodelled(base + "@" + a.getName(), a.getValue()));
    }
    List<Element> targets = children(to);
    for (Element c : children(from)) {
      String cpath = (path.isEmpty() ? "" : path + "/") + segment(c);
      if (state.contains(cpath.replaceAll("\\[[^]]*]", "")) || unset(c)) {
        continue;
      }
      Element match = find(targets, c);
      if (match != null) {
        targets.remove(match);
        diff(c, match, cpath, root, state, out);
      } else if (CONTAINERS.contains(cpath) && c.getAttributes().getLength() == 0) {
        // A container the model renders only when it has something for it: what is in it is
        // reported part by part (target/format, not the whole target with its state).
        diff(c, to.getOwnerDocument().createElement(c.getTagName()), cpath, root, state, out);
      } else if (!(CONTAINERS.contains(cpath) && empty(c))) {
        // Elsewhere an empty element is a setting (<features/>: qcow2 1.1 without features).
        out.add(new Unmodelled(cpath, compact(c)));
      }
    }
  }

  /** libvirt prints -1 for an owner or group that is not set: no setting to keep. */
  private static boolean unset(Element e) {
    String t = e.getTagName();
    return (t.equals("owner") || t.equals("group"))
        && e.getParentNode() instanceof Element p
        && p.getTagName().equals("permissions")
        && e.getTextContent().strip().equals("-1");
  }

  /**
   * An element with nothing in it ({@code <source></source>}): libvirt prints some containers even
   * when empty, they carry no setting.
   */
  private static boolean empty(Element e) {
    return e.getAttributes().getLength() == 0
        && children(e).isEmpty()
        && e.getTextContent().isBlank();
  }

  /** A path segment: the tag, with the key in brackets for elements that repeat. */
  static String segment(Element e) {
    String k = key(e);
    return k.isEmpty() ? e.getTagName() : e.getTagName() + "[" + k + "]";
  }

  /** What tells repeated siblings apart ({@code <host>} by name and port, devices by path). */
  static String key(Element e) {
    String local = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
    return switch (local) {
      case "host" -> e.getAttribute("name");
      case "device" -> e.getAttribute("path");
      case "option" -> e.getAttribute("name");
      default -> "";
    };
  }

  /**
   * Puts {@code parts} back into {@code root}, each at its path ({@link XmlResidue#apply}); a piece
   * whose keyed parent is gone is dropped.
   */
  static void apply(Element root, List<Unmodelled> parts) {
    XmlResidue.apply(
        root,
        parts,
        StorageResidual::key,
        u -> XmlSupport.parse(u.xml(), u.path()).getDocumentElement());
  }

  private static Element find(List<Element> candidates, Element like) {
    return XmlResidue.find(candidates, like, StorageResidual::key);
  }

  /**
   * One element as XML text, whitespace between elements dropped, with the namespace declarations
   * it needs.
   */
  static String compact(Element e) {
    Element copy = (Element) e.cloneNode(true);
    strip(copy);
    String ns = e.getNamespaceURI();
    if (ns != null && e.getPrefix() != null) {
      copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + e.getPrefix(), ns);
    }
    return serialize(copy, false);
  }

  private static void strip(Element e) {
    for (Node n = e.getFirstChild(); n != null; ) {
      Node next = n.getNextSibling();
      if (n.getNodeType() == Node.TEXT_NODE && n.getTextContent().isBlank() && hasElements(e)) {
        e.removeChild(n);
      } else if (n.getNodeType() == Node.COMMENT_NODE) {
        e.removeChild(n);
      } else if (n instanceof Element c) {
        strip(c);
      }
      n = next;
    }
  }

  private static boolean hasElements(Element e) {
    return !children(e).isEmpty();
  }

  /** Serialises a DOM element; {@code indent} pretty-prints a whole definition. */
  static String serialize(Element e, boolean indent) {
    return io.vtopo.core.io.SafeXml.write(e, indent);
  }
}
