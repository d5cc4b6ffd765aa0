package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.render.SvgRenderer;
import io.vtopo.testsupport.FileCases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Pictures people can read, checked on the drawing itself: every golden SVG and a generated 40-VM
 * host are parsed; no edge segment passes through a box other than its two ends, and no two texts
 * (box labels, edge labels, legend) overlap. Text extents are estimated like the renderer sizes its
 * boxes (per-character widths of Helvetica).
 */
class SvgGeometryTest {
  record Rect(double x1, double y1, double x2, double y2) {
    boolean overlaps(Rect o) {
      return x1 < o.x2 && o.x1 < x2 && y1 < o.y2 && o.y1 < y2;
    }
  }

  record Drawing(
      Map<String, Rect> boxes,
      Map<String, String> names,
      List<String[]> edges,
      List<Rect> texts,
      List<String> textValues) {}

  static Drawing parse(String svg) throws Exception {
    var f = DocumentBuilderFactory.newInstance();
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Map<String, Rect> boxes = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    NodeList gs = doc.getElementsByTagName("g");
    List<String[]> edges = new ArrayList<>();
    for (int i = 0; i < gs.getLength(); i++) {
      Element g = (Element) gs.item(i);
      String cls = g.getAttribute("class");
      if (cls.startsWith("node ")) {
        String[] b = g.getAttribute("data-box").split(" ");
        double x = Double.parseDouble(b[0]);
        double y = Double.parseDouble(b[1]);
        boxes.put(
            g.getAttribute("id"),
            new Rect(x, y, x + Double.parseDouble(b[2]), y + Double.parseDouble(b[3])));
        names.put(g.getAttribute("id"), g.getAttribute("data-id"));
      } else if (cls.equals("edge")) {
        Element path = (Element) g.getElementsByTagName("path").item(0);
        edges.add(
            new String[] {
              g.getAttribute("data-s"), g.getAttribute("data-t"), path.getAttribute("d")
            });
      }
    }
    List<Rect> texts = new ArrayList<>();
    List<String> values = new ArrayList<>();
    NodeList ts = doc.getElementsByTagName("text");
    for (int i = 0; i < ts.getLength(); i++) {
      Element t = (Element) ts.item(i);
      double size =
          t.hasAttribute("font-size") ? Double.parseDouble(t.getAttribute("font-size")) : 12;
      double perChar = size >= 16 ? 9.6 : size >= 12 ? 7.4 : 6.2;
      double w = t.getTextContent().length() * perChar;
      double x = Double.parseDouble(t.getAttribute("x"));
      double y = Double.parseDouble(t.getAttribute("y"));
      double left = "middle".equals(t.getAttribute("text-anchor")) ? x - w / 2 : x;
      texts.add(new Rect(left, y - size * 0.8, left + w, y + size * 0.2));
      values.add(t.getTextContent());
    }
    return new Drawing(boxes, names, edges, texts, values);
  }

  /** Segments of an "M x,y L x,y ..." path. */
  static List<double[]> segments(String d) {
    List<double[]> pts = new ArrayList<>();
    for (String tok : d.replace("M", " ").replace("L", " ").trim().split("\\s+")) {
      String[] xy = tok.split(",");
      pts.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    List<double[]> segs = new ArrayList<>();
    for (int i = 0; i + 1 < pts.size(); i++) {
      segs.add(new double[] {pts.get(i)[0], pts.get(i)[1], pts.get(i + 1)[0], pts.get(i + 1)[1]});
    }
    return segs;
  }

  /** Whether the segment enters the rectangle's interior (Liang-Barsky clipping). */
  static boolean crosses(double[] s, Rect r) {
    double x0 = s[0];
    double y0 = s[1];
    double dx = s[2] - x0;
    double dy = s[3] - y0;
    double t0 = 0;
    double t1 = 1;
    double[] p = {-dx, dx, -dy, dy};
    double[] q = {x0 - r.x1(), r.x2() - x0, y0 - r.y1(), r.y2() - y0};
    for (int i = 0; i < 4; i++) {
      if (p[i] == 0) {
        if (q[i] <= 0) {
          return false;
        }
      } else {
        double t = q[i] / p[i];
        if (p[i] < 0) {
          t0 = Math.max(t0, t);
        } else {
          t1 = Math.min(t1, t);
        }
      }
    }
    return t0 < t1;
  }

  static List<String> problems(String svg) throws Exception {
    Drawing d = parse(svg);
    List<String> out = new ArrayList<>();
    for (String[] e : d.edges()) {
      for (double[] s : segments(e[2])) {
        for (var b : d.boxes().entrySet()) {
          if (b.getKey().equals(e[0]) || b.getKey().equals(e[1])) {
            continue;
          }
          Rect r = b.getValue();
          // The interior: a segment may touch an outline, not run through the box.
          if (crosses(s, new Rect(r.x1() + 1, r.y1() + 1, r.x2() - 1, r.y2() - 1))) {
            out.add(
                "edge "
                    + d.names().get(e[0])
                    + " -> "
                    + d.names().get(e[1])
                    + " crosses "
                    + d.names().get(b.getKey()));
          }
        }
      }
    }
    List<Rect> t = d.texts();
    for (int i = 0; i < t.size(); i++) {
      for (int j = i + 1; j < t.size(); j++) {
        if (t.get(i).overlaps(t.get(j))) {
          out.add(
              "labels overlap: '"
                  + d.textValues().get(i)
                  + "' and '"
                  + d.textValues().get(j)
                  + "'");
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenDrawingKeepsEdgesOutOfBoxesAndLabelsApart() throws Exception {
    List<Path> svgs = FileCases.endingWith(ExampleFiles.moduleDir().resolve("golden"), ".svg");
    assertThat(svgs).hasSizeGreaterThanOrEqualTo(8);
    return FileCases.each(svgs, p -> assertThat(problems(Files.readString(p))).isEmpty());
  }

  static Topology fortyVms() {
    StringBuilder y = new StringBuilder("apiVersion: vtopo/v1\nname: forty\nlinks:\n");
    y.append("  - {name: eno1, kind: nic}\n");
    y.append("  - {name: br0, kind: bridge, ports: [eno1");
    for (int i = 0; i < 40; i++) {
      y.append(", tap").append(i);
    }
    y.append("], addresses: [192.0.2.1/24]}\n");
    for (int i = 0; i < 40; i++) {
      y.append("  - {name: tap").append(i).append(", kind: tap}\n");
    }
    y.append(
        "networks:\n  - {name: nat, mode: nat, bridge: virbr9, ips: [{address: 198.51.100.1/24}]}\nvms:\n");
    for (int i = 0; i < 40; i++) {
      y.append("  - {name: vm")
          .append(i)
          .append(", nics: [{name: eth0, tap: tap")
          .append(i)
          .append(", ip: 192.0.2.")
          .append(10 + i)
          .append("/24}")
          .append(i % 8 == 0 ? ", {name: eth1, network: nat}" : "")
          .append("]}\n");
    }
    var r = TopologyReader.read("forty.yaml", y.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.diagnostics().sorted()).isEmpty();
    return r.topology().orElseThrow();
  }

  @Test
  void aFortyVmHostKeepsEdgesOutOfBoxesAndRowsInOrder() throws Exception {
    Topology t = fortyVms();
    String svg = SvgRenderer.svg(TopologyGraph.of(t), SvgRenderer.Options.of(t));
    assertThat(problems(svg)).isEmpty();
    // Reading order (row by row, left to right) of the VMs follows the reading order of their TAPs.
    Drawing d = parse(svg);
    Comparator<String> reading =
        Comparator.comparingDouble((String id) -> d.boxes().get(id).y1())
            .thenComparingDouble(id -> d.boxes().get(id).x1());
    List<String> vms =
        d.names().keySet().stream()
            .filter(id -> d.names().get(id).startsWith("vm:"))
            .sorted(reading)
            .map(id -> d.names().get(id).substring(5))
            .toList();
    List<String> taps =
        d.names().keySet().stream()
            .filter(id -> d.names().get(id).startsWith("link:tap"))
            .sorted(reading)
            .map(id -> d.names().get(id).substring(8))
            .toList();
    assertThat(vms).hasSize(40).isEqualTo(taps);
    // Addresses are drawn: the bridge's, the network's subnet and each vNIC's.
    assertThat(svg)
        .contains(">192.0.2.1/24<")
        .contains(">198.51.100.1/24<")
        .contains(">192.0.2.49/24<");
  }
}
