package io.vtopo.virtnet;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Sets the ownership marker in a network definition without touching anything else ({@code vtopo
 * adopt}). Unmodelled parts are carried into redefinitions by {@link Residual}.
 */
final class CarryOver {
  private CarryOver() {}

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
    return io.vtopo.core.io.SafeXml.write(doc, false);
  }
}
