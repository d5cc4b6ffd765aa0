package io.vtopo.virtnet;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import java.io.StringWriter;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Indenting writer over StAX in libvirt's own two-space layout, so golden files read like {@code
 * virsh net-dumpxml}. Names and values always go through the StAX writer, so they are always
 * escaped.
 */
final class XmlOut {
  final XMLStreamWriter w;
  int depth;
  boolean flat;
  boolean hasChildren;

  XmlOut(XMLStreamWriter w) {
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
    List<Element> kids = XmlIn.children(e);
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

  /** One piece of XML written through an {@link XmlOut}. */
  interface Body {
    void write(XmlOut x) throws XMLStreamException;
  }

  /** A single element on one line, as {@code virNetworkUpdate} expects it. */
  static String fragment(Body body) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      XmlOut x = new XmlOut(w);
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

  /** A DOM tree written in the same layout. */
  static String serializePretty(Element root) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      XmlOut x = new XmlOut(w);
      x.copy(root);
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException ex) {
      throw new VtopoException(
          Kind.FAILED, null, "cannot serialise <" + root.getTagName() + ">", ex);
    }
    return out.toString();
  }

  /**
   * XML 1.0 cannot carry most control characters, even escaped: refuse them rather than emit a
   * broken document.
   */
  static String check(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff) {
        throw new VtopoException(
            Kind.INVALID_INPUT,
            null,
            "value "
                + s.replaceAll("\\p{Cntrl}", "?")
                + " contains a control character XML cannot carry");
      }
    }
    return s;
  }

  static String onOff(Boolean b) {
    return b == null ? null : b ? "on" : "off";
  }

  static String yesNo(Boolean b) {
    return b == null ? null : b ? "yes" : "no";
  }

  static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
