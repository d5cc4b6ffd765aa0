package io.vtopo.virtnet;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.io.SafeXml;
import io.vtopo.core.model.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reading network XML: typed attribute access, and the collector of what the model does not cover.
 * Every reader of a part of {@code <network>} reports into one {@code XmlIn}, so {@link
 * ParsedNetwork#unmodelled()} lists the paths in document order.
 */
final class XmlIn {
  private final List<String> unmodelled = new ArrayList<>();

  /** Paths reported so far. */
  List<String> unmodelled() {
    return unmodelled;
  }

  /** Reports a path the model does not carry. */
  void add(String path) {
    unmodelled.add(path);
  }

  /** Reports every attribute of {@code e} outside {@code known} as {@code path@name}. */
  void unknownAttrs(Element e, String path, Set<String> known) {
    NamedNodeMap as = e.getAttributes();
    for (int i = 0; i < as.getLength(); i++) {
      Attr a = (Attr) as.item(i);
      String n = a.getName();
      if (!known.contains(n) && !n.startsWith("xmlns")) {
        unmodelled.add(path + "@" + n);
      }
    }
  }

  /** Reports every child element of {@code e} outside {@code known} as {@code path/name}. */
  void unknownChildren(Element e, String path, Set<String> known) {
    for (Element c : children(e)) {
      if (!known.contains(c.getTagName())) {
        unmodelled.add(path + "/" + c.getTagName());
      }
    }
  }

  static Document parseDom(String xml) {
    try {
      return SafeXml.parse(xml);
    } catch (SAXException | IOException e) {
      throw new VtopoException(Kind.FAILED, null, "malformed network XML: " + e.getMessage(), e);
    }
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

  static String attr(Element e, String name) {
    return e.hasAttribute(name) ? e.getAttribute(name) : null;
  }

  static Boolean yesNo(Element e, String name) {
    return e.hasAttribute(name) ? "yes".equals(e.getAttribute(name)) : null;
  }

  static Integer integer(Element e, String name) {
    if (!e.hasAttribute(name)) {
      return null;
    }
    try {
      return Integer.valueOf(e.getAttribute(name).strip());
    } catch (NumberFormatException ex) {
      throw new VtopoException(
          Kind.FAILED,
          null,
          "<" + e.getTagName() + " " + name + "='" + e.getAttribute(name) + "'>: not an integer");
    }
  }

  static IpAddress ipAttr(Element e, String name) {
    if (!e.hasAttribute(name)) {
      return null;
    }
    return IpAddress.parse(e.getAttribute(name).strip()).orElse(null);
  }
}
