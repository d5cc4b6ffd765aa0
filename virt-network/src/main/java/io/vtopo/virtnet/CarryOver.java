package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.children;

import java.util.List;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Keeps what vtopo does not model: copies the unmodelled elements and attributes of a live network
 * into the definition vtopo renders for it, and sets the ownership marker in a definition without
 * touching anything else.
 */
final class CarryOver {
  private CarryOver() {}

  /**
   * Copies into {@code to} what {@code from} has and vtopo does not model: attributes and child
   * elements whose path the parser reported. Children are matched by their identifying attribute
   * (an {@code <ip>} by address, a DHCP host by MAC, IP or name...), so a kept {@code <tftp>} lands
   * in the same {@code <ip>} even if the list was reordered.
   */
  static void copy(Element from, Element to, String path, Set<String> unmodelled) {
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
        copy(c, match, cpath, unmodelled);
      } else if (unmodelled.contains(cpath)) {
        to.appendChild(to.getOwnerDocument().importNode(c, true));
      }
    }
  }

  static String childPath(String parent, Element c) {
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

  /**
   * The same network definition with vtopo's ownership marker set to {@code owner} ({@code vtopo
   * adopt}): everything else, known or not, is kept as it is.
   */
  static String withOwner(String xml, String owner) {
    Document doc = XmlIn.parseDom(xml);
    Element root = doc.getDocumentElement();
    Element md = null;
    for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e && "metadata".equals(e.getTagName())) {
        md = e;
      }
    }
    if (md == null) {
      md = doc.createElement("metadata");
      root.appendChild(md);
    }
    for (Node c = md.getFirstChild(); c != null; ) {
      Node next = c.getNextSibling();
      if (c instanceof Element e && NetworkXml.NS.equals(e.getNamespaceURI())) {
        md.removeChild(e);
      }
      c = next;
    }
    Element mark = doc.createElementNS(NetworkXml.NS, NetworkXml.PREFIX + ":owner");
    mark.setAttribute("topology", XmlOut.check(owner));
    md.appendChild(mark);
    try {
      javax.xml.transform.Transformer t =
          javax.xml.transform.TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
      java.io.StringWriter w = new java.io.StringWriter();
      t.transform(
          new javax.xml.transform.dom.DOMSource(doc),
          new javax.xml.transform.stream.StreamResult(w));
      return w.toString();
    } catch (javax.xml.transform.TransformerException e) {
      throw new IllegalStateException("cannot write network XML", e);
    }
  }
}
