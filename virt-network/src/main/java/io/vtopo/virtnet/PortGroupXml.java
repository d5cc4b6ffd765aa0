package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.attr;
import static io.vtopo.virtnet.XmlIn.children;
import static io.vtopo.virtnet.XmlIn.integer;
import static io.vtopo.virtnet.XmlOut.str;

import io.vtopo.core.model.PortGroup;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Element;

/**
 * {@code <portgroup>} and its {@code <vlan>}: the per-vNIC settings a guest interface picks by
 * name.
 */
final class PortGroupXml {
  private PortGroupXml() {}

  static void write(XmlOut x, PortGroup pg) throws XMLStreamException {
    if (pg.vlan() == null) {
      x.empty("portgroup", "name", pg.name(), "default", pg.isDefault() ? "yes" : null);
      return;
    }
    x.start("portgroup", "name", pg.name(), "default", pg.isDefault() ? "yes" : null);
    x.open("vlan");
    x.empty("tag", "id", str(pg.vlan()));
    x.close();
    x.close();
  }

  static PortGroup parse(Element e) {
    Integer vlan = null;
    for (Element c : children(e)) {
      if (!"vlan".equals(c.getTagName())) {
        continue;
      }
      List<Element> tags = children(c);
      for (Element tag : tags) {
        // A trunk, even of one tag, or a native VLAN is not an access VLAN: kept verbatim, never
        // narrowed.
        if ("tag".equals(tag.getTagName())
            && vlan == null
            && tags.size() == 1
            && !c.hasAttribute("trunk")
            && !tag.hasAttribute("nativeMode")) {
          vlan = integer(tag, "id");
        }
      }
    }
    return new PortGroup(attr(e, "name"), vlan, "yes".equals(e.getAttribute("default")));
  }
}
