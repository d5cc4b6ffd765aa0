package io.vtopo.virtnet;

import static io.vtopo.virtnet.XmlIn.attr;
import static io.vtopo.virtnet.XmlIn.children;
import static io.vtopo.virtnet.XmlIn.integer;
import static io.vtopo.virtnet.XmlIn.ipAttr;
import static io.vtopo.virtnet.XmlOut.onOff;
import static io.vtopo.virtnet.XmlOut.str;

import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.NatRange;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkMode;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Element;

/**
 * {@code <forward>} (mode, dev, NAT ranges) and {@code <bridge>}: how a network reaches the host
 * and the outside.
 */
final class ForwardXml {
  private ForwardXml() {}

  static void render(XmlOut x, Network n) throws XMLStreamException {
    NetworkMode m = n.mode();
    if (m == NetworkMode.ISOLATED) {
      return;
    }
    NatRange nat = m == NetworkMode.NAT ? n.nat() : null;
    boolean natBody =
        nat != null
            && (nat.addressStart() != null
                || nat.addressEnd() != null
                || nat.portStart() != null
                || nat.portEnd() != null);
    String dev = m == NetworkMode.NAT || m == NetworkMode.ROUTE ? n.forwardDev() : null;
    if (!natBody) {
      x.empty("forward", "mode", m.keyword(), "dev", dev);
      return;
    }
    x.start("forward", "mode", m.keyword(), "dev", dev);
    x.open("nat");
    if (nat.addressStart() != null || nat.addressEnd() != null) {
      x.empty("address", "start", str(nat.addressStart()), "end", str(nat.addressEnd()));
    }
    if (nat.portStart() != null || nat.portEnd() != null) {
      x.empty("port", "start", str(nat.portStart()), "end", str(nat.portEnd()));
    }
    x.close();
    x.close();
  }

  static void renderBridge(XmlOut x, Network n) throws XMLStreamException {
    if (n.bridge() != null || n.stp() != null || n.delay() != null) {
      x.empty("bridge", "name", n.bridge(), "stp", onOff(n.stp()), "delay", str(n.delay()));
    }
  }

  /** What {@code <forward>} says. */
  record Forward(NetworkMode mode, String dev, NatRange nat) {}

  static Forward parse(Element e) {
    String m = e.getAttribute("mode");
    NetworkMode mode =
        switch (m.isEmpty() ? "nat" : m) {
          case "nat" -> NetworkMode.NAT;
          case "route" -> NetworkMode.ROUTE;
          case "open" -> NetworkMode.OPEN;
          case "bridge" -> NetworkMode.BRIDGE;
          case "private" -> NetworkMode.PRIVATE;
          case "vepa" -> NetworkMode.VEPA;
          case "passthrough" -> NetworkMode.PASSTHROUGH;
          case "hostdev" -> NetworkMode.HOSTDEV;
          default -> {
            yield null;
          }
        };
    String dev = attr(e, "dev");
    NatRange nat = null;
    List<Element> ifaces =
        children(e).stream().filter(c -> "interface".equals(c.getTagName())).toList();
    for (Element c : children(e)) {
      if ("nat".equals(c.getTagName())) {
        nat = nat(c);
      } else if (ifaces.size() == 1
          && c == ifaces.get(0)
          && dev != null
          && dev.equals(c.getAttribute("dev"))
          && c.getAttributes().getLength() == 1
          && children(c).isEmpty()) {
        // libvirt echoes <forward dev='X'> as a single <interface dev='X'/>: the same setting, not
        // a pool.
        continue;
      }
    }
    return new Forward(mode, dev, nat);
  }

  private static NatRange nat(Element e) {
    IpAddress as = null;
    IpAddress ae = null;
    Integer ps = null;
    Integer pe = null;
    for (Element c : children(e)) {
      switch (c.getTagName()) {
        case "address" -> {
          as = ipAttr(c, "start");
          ae = ipAttr(c, "end");
        }
        case "port" -> {
          ps = integer(c, "start");
          pe = integer(c, "end");
        }
        default -> {
          // Not read into the model: Residual keeps it verbatim.
        }
      }
    }
    return new NatRange(as, ae, ps, pe);
  }

  /** What {@code <bridge>} says. */
  record Bridge(String name, Boolean stp, Integer delay) {}

  static Bridge parseBridge(Element e) {
    Bridge b =
        new Bridge(
            attr(e, "name"),
            e.hasAttribute("stp") ? "on".equals(e.getAttribute("stp")) : null,
            integer(e, "delay"));
    return b;
  }
}
