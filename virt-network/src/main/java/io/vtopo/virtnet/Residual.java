package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.children;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.Unmodelled;
import io.vtopo.libvirt.XmlResidue;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * What the model does not carry, computed rather than listed: the live XML minus what vtopo renders
 * from the model it parsed out of it. Whatever is left (an element, or an attribute of an element
 * vtopo does render) is one {@link Unmodelled} piece, kept verbatim with its path. {@link #apply}
 * puts the pieces back into a rendered definition, so redefining a network never loses a setting
 * vtopo does not know, and a forgotten case in a parser shows up as a reported path instead of a
 * silent loss.
 */
final class Residual {
  /**
   * Attributes vtopo models under another spelling: {@code netmask} is written back as {@code
   * prefix}.
   */
  private static final Set<String> EQUIVALENT = Set.of("ip@netmask");

  /**
   * Singletons vtopo renders only when the model has something for them: when it has not, their
   * unmodelled content is still reported part by part ({@code metadata/app:tag}, {@code
   * dns@forwardPlainNames}), not as one lump.
   */
  private static final Set<String> CONTAINERS =
      Set.of("metadata", "dns", "forward", "nat", "dhcp", "bridge", "vlan");

  private Residual() {}

  /**
   * The pieces of {@code original} that {@code rendered} does not have, ordered by path (stable:
   * pieces with one path, and repeated sibling elements, keep document order), so that the same
   * definition read back after libvirt reordered its elements compares equal.
   */
  static List<Unmodelled> of(Element original, Element rendered) {
    List<Unmodelled> out = new ArrayList<>();
    diff(original, rendered, "", out);
    out.sort(java.util.Comparator.comparing(Residual::order));
    return out;
  }

  /**
   * The sort key of a piece: its path, but for an element its own key left out, so that repeated
   * siblings (two SRV records for two domains) keep libvirt's document order when {@link #apply}
   * appends them back, while pieces of different tags still sort by path.
   */
  private static String order(Unmodelled u) {
    if (u.isAttribute()) {
      return u.path();
    }
    List<String> segs = XmlResidue.split(u.path());
    String last = segs.remove(segs.size() - 1);
    int bracket = last.indexOf('[');
    segs.add(bracket < 0 ? last : last.substring(0, bracket));
    return String.join("/", segs);
  }

  private static void diff(Element from, Element to, String path, List<Unmodelled> out) {
    NamedNodeMap as = from.getAttributes();
    String base = path.isEmpty() ? "network" : path;
    for (int i = 0; i < as.getLength(); i++) {
      Attr a = (Attr) as.item(i);
      String n = a.getName();
      if (n.startsWith("xmlns")
          || to.hasAttribute(n)
          || EQUIVALENT.contains(from.getTagName() + "@" + n)) {
        continue;
      }
      out.add(new Unmodelled(base + "@" + n, a.getValue()));
    }
    List<Element> targets = children(to);
    for (Element c : children(from)) {
      String cpath = (path.isEmpty() ? "" : path + "/") + segment(c);
      Element match = find(targets, c);
      if (match != null) {
        targets.remove(match);
        diff(c, match, cpath, out);
      } else if (CONTAINERS.contains(c.getTagName())
          && key(c).isEmpty()
          && c.hasChildNodes()
          && !children(c).isEmpty()) {
        diff(c, (Element) to.getOwnerDocument().createElement(c.getTagName()), cpath, out);
      } else if (!echoedForwardDev(from, c)) {
        out.add(new Unmodelled(cpath, compact(c)));
      }
    }
  }

  // libvirt echoes <forward dev='X'> as a single <interface dev='X'/>: the same setting, not a
  // device pool.
  private static boolean echoedForwardDev(Element parent, Element c) {
    return "forward".equals(parent.getTagName())
        && "interface".equals(c.getTagName())
        && parent.hasAttribute("dev")
        && parent.getAttribute("dev").equals(c.getAttribute("dev"))
        && c.getAttributes().getLength() == 1
        && children(c).isEmpty()
        && children(parent).stream().filter(e -> "interface".equals(e.getTagName())).count() == 1;
  }

  /** A path segment: the tag, with the key in brackets for elements that repeat. */
  static String segment(Element e) {
    String k = key(e);
    return k.isEmpty() ? e.getTagName() : e.getTagName() + "[" + k + "]";
  }

  /**
   * What tells repeated siblings apart, as libvirt itself matches them (address, name, MAC...); ""
   * for singletons.
   */
  static String key(Element e) {
    return switch (e.getTagName()) {
      case "ip", "route" -> e.getAttribute("address");
      case "portgroup", "txt" -> e.getAttribute("name");
      case "range" -> e.getAttribute("start");
      case "host" -> first(e, "ip", "mac", "id", "name");
      case "forwarder" -> first(e, "addr", "domain");
      case "srv" ->
          e.getAttribute("service")
              + "."
              + e.getAttribute("protocol")
              + (e.hasAttribute("domain") ? "." + e.getAttribute("domain") : "");
      case "interface", "pf" -> e.getAttribute("dev");
      case "tag" -> e.getAttribute("id");
      case "hostname" -> e.getTextContent().strip();
      case "address" ->
          e.hasAttribute("start")
              ? e.getAttribute("start")
              : e.getAttribute("domain")
                  + ":"
                  + e.getAttribute("bus")
                  + ":"
                  + e.getAttribute("slot")
                  + "."
                  + e.getAttribute("function");
      default -> "";
    };
  }

  private static String first(Element e, String... names) {
    for (String n : names) {
      if (e.hasAttribute(n)) {
        return e.getAttribute(n);
      }
    }
    return "";
  }

  /**
   * Puts {@code parts} back into {@code root}, each at its path ({@link XmlResidue#apply}); a piece
   * whose keyed parent is gone is dropped.
   */
  static void apply(Element root, List<Unmodelled> parts) {
    XmlResidue.apply(root, parts, Residual::key, u -> XmlIn.parseDom(u.xml()).getDocumentElement());
  }

  private static Element find(List<Element> candidates, Element like) {
    return XmlResidue.find(candidates, like, Residual::key);
  }

  /** One element as XML text on one line. */
  static String compact(Element e) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      XmlOut x = new XmlOut(w);
      x.flat = true;
      x.copy(e);
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException ex) {
      throw new VtopoException(Kind.FAILED, null, "cannot serialise <" + e.getTagName() + ">", ex);
    }
    return out.toString();
  }
}
