package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.attr;
import static io.vtopo.virtnet.XmlIn.children;
import static io.vtopo.virtnet.XmlIn.integer;
import static io.vtopo.virtnet.XmlOut.str;

import io.vtopo.core.model.PortGroup;
import java.util.List;
import java.util.Set;
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

  static PortGroup parse(Element e, XmlIn in) {
    Integer vlan = null;
    String path = "portgroup[" + e.getAttribute("name") + "]";
    in.unknownAttrs(e, path, Set.of("name", "default"));
    for (Element c : children(e)) {
      if (!"vlan".equals(c.getTagName())) {
        in.add(path + "/" + c.getTagName());
        continue;
      }
      in.unknownAttrs(c, path + "/vlan", Set.of());
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
          in.unknownAttrs(tag, path + "/vlan/tag", Set.of("id"));
        } else {
          // Trunks (several tags) and native VLANs are not modelled.
          in.add(path + "/vlan/" + tag.getTagName());
        }
      }
    }
    return new PortGroup(attr(e, "name"), vlan, "yes".equals(e.getAttribute("default")));
  }
}
