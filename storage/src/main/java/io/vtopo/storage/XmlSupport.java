package io.vtopo.storage;

import io.vtopo.core.VtopoException;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.Permissions;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Shared XML plumbing: an indenting StAX writer, a hardened DOM parser and the unmodelled-path
 * walk.
 */
final class XmlSupport {
  private XmlSupport() {}

  /** Writes indented XML through StAX so that escaping is the writer's job, never ours. */
  static final class Out {
    private final StringWriter buf = new StringWriter();
    private final XMLStreamWriter w;
    private int depth;
    private boolean hasChildren = true;

    Out() {
      try {
        w = XMLOutputFactory.newInstance().createXMLStreamWriter(buf);
      } catch (XMLStreamException e) {
        throw new IllegalStateException(e);
      }
    }

    private void indent() throws XMLStreamException {
      if (depth > 0 || buf.getBuffer().length() > 0) {
        w.writeCharacters("\n");
      }
      w.writeCharacters("  ".repeat(depth));
    }

    private void attrs(String... kv) throws XMLStreamException {
      for (int i = 0; i < kv.length; i += 2) {
        if (kv[i + 1] != null) {
          w.writeAttribute(kv[i], kv[i + 1]);
        }
      }
    }

    /** Opens an element with attribute name/value pairs (null values are left out). */
    Out open(String name, String... kv) {
      try {
        indent();
        w.writeStartElement(name);
        attrs(kv);
        depth++;
        hasChildren = false;
      } catch (XMLStreamException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    /** Closes the innermost element. */
    Out close() {
      try {
        depth--;
        if (hasChildren) {
          indent();
        }
        w.writeEndElement();
        hasChildren = true;
      } catch (XMLStreamException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    /** An empty element with attributes. */
    Out leaf(String name, String... kv) {
      try {
        indent();
        w.writeEmptyElement(name);
        attrs(kv);
        hasChildren = true;
      } catch (XMLStreamException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    /** An element holding text, skipped when the text is null. */
    Out text(String name, String text, String... kv) {
      if (text == null) {
        return this;
      }
      try {
        indent();
        w.writeStartElement(name);
        attrs(kv);
        w.writeCharacters(text);
        w.writeEndElement();
        hasChildren = true;
      } catch (XMLStreamException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    @Override
    public String toString() {
      try {
        w.flush();
      } catch (XMLStreamException e) {
        throw new IllegalStateException(e);
      }
      return buf + "\n";
    }
  }

  static void permissions(Out out, Permissions p) {
    if (p == null) {
      return;
    }
    out.open("permissions");
    out.text("mode", p.octalMode());
    out.text("owner", p.owner() == null ? null : Integer.toString(p.owner()));
    out.text("group", p.group() == null ? null : Integer.toString(p.group()));
    out.text("label", p.label());
    out.close();
  }

  /**
   * Parses with DTDs, external entities and XInclude off: libvirt XML never needs them and they are
   * an attack path.
   */
  static Document parse(String xml, String what) {
    try {
      return io.vtopo.core.io.SafeXml.parse(xml);
    } catch (SAXException | IOException e) {
      throw new VtopoException(
          VtopoException.Kind.INVALID_INPUT, what, "malformed XML: " + e.getMessage(), e);
    }
  }

  static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getLocalName().equals(name) && c.getNamespaceURI() == null) {
        out.add(c);
      }
    }
    return out;
  }

  static Element child(Element e, String name) {
    if (e == null) {
      return null;
    }
    List<Element> c = children(e, name);
    return c.isEmpty() ? null : c.get(0);
  }

  static Element child(Element e, String... path) {
    Element cur = e;
    for (String p : path) {
      cur = child(cur, p);
    }
    return cur;
  }

  static String text(Element e) {
    if (e == null) {
      return null;
    }
    String t = e.getTextContent().trim();
    return t.isEmpty() ? null : t;
  }

  static String attr(Element e, String name) {
    if (e == null || !e.hasAttribute(name)) {
      return null;
    }
    return e.getAttribute(name);
  }

  static ByteSize size(Element e, String what) {
    String t = text(e);
    if (t == null) {
      return null;
    }
    String unit = attr(e, "unit");
    return ByteSize.parse(t + (unit == null ? "" : unit))
        .orElseThrow(
            () ->
                new VtopoException(
                    VtopoException.Kind.INVALID_INPUT,
                    what,
                    "cannot read size '" + t + "' unit '" + unit + "'"));
  }

  static Permissions permissions(Element p) {
    if (p == null) {
      return null;
    }
    String mode = text(child(p, "mode"));
    return new Permissions(
        mode == null ? null : Integer.parseInt(mode, 8),
        id(text(child(p, "owner"))),
        id(text(child(p, "group"))),
        text(child(p, "label")));
  }

  // libvirt prints -1 for "not set" ids.
  private static Integer id(String s) {
    if (s == null) {
      return null;
    }
    long v = Long.parseLong(s);
    return v < 0 ? null : (int) v;
  }

  /**
   * Every element and attribute path in the document not in {@code known}, in document order.
   * Element paths look like {@code source/adapter}, attribute paths like {@code source/host/@port}
   * (relative to the root).
   */
  static List<String> unmodelled(Element root, Set<String> known) {
    Set<String> out = new LinkedHashSet<>();
    walk(root, "", known, out);
    return List.copyOf(out);
  }

  private static void walk(Element e, String path, Set<String> known, Set<String> out) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
        continue;
      }
      String p = (path.isEmpty() ? "" : path + "/") + "@" + a.getName();
      if (!known.contains(p)) {
        out.add(p);
      }
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        String p = (path.isEmpty() ? "" : path + "/") + c.getNodeName();
        if (!known.contains(p)) {
          out.add(p);
        } else {
          walk(c, p, known, out);
        }
      }
    }
  }
}
