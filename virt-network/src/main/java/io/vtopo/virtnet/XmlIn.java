package io.vtopo.virtnet;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.io.SafeXml;
import io.vtopo.core.model.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reading network XML: parsing and typed attribute access. The readers take what the model carries
 * and skip the rest; what they skip is not tracked here but computed afterwards by {@link Residual}
 * (the live XML minus the model's rendering of it), so nothing can be skipped silently.
 */
final class XmlIn {
  private XmlIn() {}

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
