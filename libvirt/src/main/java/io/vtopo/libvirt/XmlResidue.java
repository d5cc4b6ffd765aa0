package io.vtopo.libvirt;

import io.vtopo.core.model.Unmodelled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Putting unmodelled XML back: the part of carrying libvirt XML verbatim that does not depend on
 * the object's schema, shared by networks ({@code virt-network}) and pools and volumes ({@code
 * storage}). Each caller keeps its own {@link Keys} (which attribute tells repeated elements apart)
 * and its own diff; a piece's path is the element tags from the root, a repeated element's key in
 * brackets ({@code dns/forwarder[corp.example]}), an attribute after {@code @}.
 */
public final class XmlResidue {
  /** The key that tells repeated elements of one tag apart ("" for a singleton). */
  @FunctionalInterface
  public interface Keys {
    String key(Element e);
  }

  private XmlResidue() {}

  /** The element children of {@code e}, in document order. */
  public static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  /** The first of {@code candidates} with the tag and key of {@code like}, or null. */
  public static Element find(List<Element> candidates, Element like, Keys keys) {
    String key = keys.key(like);
    for (Element t : candidates) {
      if (t.getTagName().equals(like.getTagName()) && keys.key(t).equals(key)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Puts {@code parts} back into {@code root}, each at its path; a piece whose keyed parent is gone
   * is dropped (it belonged to something the file removed). An element piece that meets an element
   * of its tag and key is merged into it (attributes and children it lacks); an attribute is set
   * only where the rendered element does not have it.
   *
   * @param parse reads one piece's XML text into an element
   */
  public static void apply(
      Element root, List<Unmodelled> parts, Keys keys, Function<Unmodelled, Element> parse) {
    for (Unmodelled u : parts) {
      List<String> segs = split(u.path());
      String attr = null;
      if (u.isAttribute()) {
        String last = segs.remove(segs.size() - 1);
        int at = last.lastIndexOf('@');
        attr = last.substring(at + 1);
        if (!(segs.isEmpty() && root.getTagName().equals(last.substring(0, at)))) {
          segs.add(last.substring(0, at));
        }
      } else {
        segs.remove(segs.size() - 1);
      }
      Element parent = walk(root, segs, keys);
      if (parent == null) {
        continue;
      }
      if (attr != null) {
        if (!parent.hasAttribute(attr)) {
          parent.setAttribute(attr, u.xml());
        }
        continue;
      }
      Element piece = (Element) root.getOwnerDocument().importNode(parse.apply(u), true);
      Element same = find(children(parent), piece, keys);
      if (same == null) {
        parent.appendChild(piece);
      } else {
        merge(piece, same, keys);
      }
    }
  }

  private static void merge(Element from, Element into, Keys keys) {
    NamedNodeMap as = from.getAttributes();
    for (int i = 0; i < as.getLength(); i++) {
      Attr a = (Attr) as.item(i);
      if (!into.hasAttribute(a.getName())) {
        into.setAttributeNS(a.getNamespaceURI(), a.getName(), a.getValue());
      }
    }
    for (Element c : children(from)) {
      Element same = find(children(into), c, keys);
      if (same == null) {
        into.appendChild(c);
      } else {
        merge(c, same, keys);
      }
    }
  }

  private static Element walk(Element root, List<String> segs, Keys keys) {
    Element cur = root;
    for (String s : segs) {
      int b = s.indexOf('[');
      String tag = b < 0 ? s : s.substring(0, b);
      String key = b < 0 ? "" : s.substring(b + 1, s.length() - 1);
      Element next = null;
      for (Element c : children(cur)) {
        if (c.getTagName().equals(tag) && keys.key(c).equals(key)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        if (!key.isEmpty()) {
          return null;
        }
        next = root.getOwnerDocument().createElement(tag);
        cur.appendChild(next);
      }
      cur = next;
    }
    return cur;
  }

  /** Splits a path at the slashes outside brackets (keys may hold any character). */
  public static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == '/' && depth == 0) {
        out.add(path.substring(start, i));
        start = i + 1;
      }
    }
    out.add(path.substring(start));
    return out;
  }
}
