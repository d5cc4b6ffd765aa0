package io.vtopo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.render.SvgRenderer.Box;
import io.vtopo.render.SvgRenderer.Layout;
import io.vtopo.render.SvgRenderer.Options;
import io.vtopo.render.SvgRenderer.State;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The SVG drawing: readable at 500 objects, well-formed with hostile names, deterministic, plan
 * states drawn.
 */
class SvgRendererTest {
  /** 20 bridges with 10 TAPs each, 100 VMs with 2 vNICs each, 20 NICs, 10 VLANs: 530 objects. */
  static Topology fiveHundred() {
    StringBuilder sb = new StringBuilder("apiVersion: vtopo/v1\nname: big\nlinks:\n");
    for (int n = 0; n < 20; n++) {
      sb.append("  - {name: eno").append(n).append(", kind: nic}\n");
    }
    for (int v = 0; v < 10; v++) {
      sb.append("  - {name: eno")
          .append(v)
          .append(".")
          .append(100 + v)
          .append(", kind: vlan, parent: eno")
          .append(v)
          .append(", id: ")
          .append(100 + v)
          .append("}\n");
    }
    for (int b = 0; b < 20; b++) {
      sb.append("  - {name: br")
          .append(b)
          .append(", kind: bridge")
          .append(b < 10 ? ", ports: [eno" + b + "." + (100 + b) + "]" : ", ports: [eno" + b + "]")
          .append("}\n");
    }
    for (int t = 0; t < 200; t++) {
      sb.append("  - {name: tap")
          .append(t)
          .append(", kind: tap, master: br")
          .append(t % 20)
          .append("}\n");
    }
    sb.append("vms:\n");
    for (int m = 0; m < 100; m++) {
      sb.append("  - {name: vm")
          .append(m)
          .append(", nics: [{tap: tap")
          .append(2 * m)
          .append("}, {tap: tap")
          .append(2 * m + 1)
          .append("}]}\n");
    }
    TopologyReader.Result r =
        TopologyReader.read("big.yaml", sb.toString().getBytes(StandardCharsets.UTF_8));
    return r.topology().orElseThrow(() -> new AssertionError(r.diagnostics().sorted()));
  }

  @Test
  void fiveHundredObjectsLayOutWithoutOverlappingBoxesInsideTheViewBox() {
    TopologyGraph g = TopologyGraph.of(fiveHundred());
    assertThat(g.view().vertexSet()).hasSizeGreaterThanOrEqualTo(500);
    Layout l = SvgRenderer.layout(g);
    assertThat(l.boxes()).hasSize(g.view().vertexSet().size());
    List<Box> bs = l.boxes();
    for (int i = 0; i < bs.size(); i++) {
      Box a = bs.get(i);
      assertThat(a.x()).isGreaterThanOrEqualTo(0);
      assertThat(a.x() + a.w()).isLessThanOrEqualTo(l.width());
      assertThat(a.y() + a.h()).isLessThan(l.legendY());
      for (int j = i + 1; j < bs.size(); j++) {
        Box b = bs.get(j);
        boolean apart =
            a.x() + a.w() <= b.x()
                || b.x() + b.w() <= a.x()
                || a.y() + a.h() <= b.y()
                || b.y() + b.h() <= a.y();
        assertThat(apart).as("%s and %s overlap", a, b).isTrue();
      }
    }
    // Wide layers wrap: no row is wider than MAX_PER_ROW boxes, so the drawing stays readable when
    // zoomed to fit.
    assertThat(bs.stream().collect(Collectors.groupingBy(Box::y, Collectors.counting())).values())
        .allMatch(n -> n <= SvgRenderer.MAX_PER_ROW);
  }

  @Test
  void namesAreEscapedAndTheDocumentIsWellFormedXml() throws Exception {
    Topology t =
        new Topology(
            "t<&>",
            List.of(new Nic(LinkAttrs.named("a<b&c\"d'e>"))),
            List.of(),
            List.of(),
            List.of(new Vm("vm&<x>", List.of())),
            List.of());
    String svg = SvgRenderer.svg(TopologyGraph.of(t), Options.of("t<&>\"'"));
    assertThat(svg).contains("a&lt;b&amp;c&quot;d&#39;e&gt;").doesNotContain("a<b");
    Document d =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(d.getDocumentElement().getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
  }

  @Test
  void identicalInputGivesIdenticalOutput() {
    assertThat(SvgRenderer.svg(TopologyGraph.of(fiveHundred()), Options.of("big")))
        .isEqualTo(SvgRenderer.svg(TopologyGraph.of(fiveHundred()), Options.of("big")));
  }

  @Test
  void planStatesAreDrawnDistinctlyWithALegend() {
    TopologyGraph g = TopologyGraph.of(fiveHundred());
    Options o =
        new Options(
            "plan",
            Map.of(
                ObjectId.link("br0"),
                State.CREATED,
                ObjectId.link("br1"),
                State.MODIFIED,
                ObjectId.link("br2"),
                State.DELETED,
                ObjectId.link("br3"),
                State.UNCHANGED),
            Map.of(
                SvgRenderer.edgeKey(ObjectId.link("tap2"), ObjectId.link("br2")), State.DELETED));
    String svg = SvgRenderer.svg(g, o);
    assertThat(node(svg, "link:br0"))
        .contains("stroke=\"#2ca02c\"")
        .doesNotContain("stroke-dasharray");
    assertThat(node(svg, "link:br1")).contains("stroke=\"#ff8c00\"");
    assertThat(node(svg, "link:br2"))
        .contains("stroke=\"#d62728\"")
        .contains("stroke-dasharray=\"6 3\"")
        .contains("[deleted]");
    assertThat(node(svg, "link:br3")).contains("stroke=\"#555555\"");
    assertThat(svg)
        .contains("tap2 port of br2 [deleted]</title><path")
        .contains(">created</text>")
        .contains(">deleted</text>");
    String plain = SvgRenderer.svg(g, Options.of("plan"));
    assertThat(plain).doesNotContain("#2ca02c").doesNotContain(">created</text>");
  }

  private static String node(String svg, String id) {
    int at = svg.indexOf("data-id=\"" + id + "\"");
    assertThat(at).as("node %s drawn", id).isPositive();
    return svg.substring(at, svg.indexOf("</g>", at));
  }

  @Test
  void htmlIsSelfContained() {
    String html = SvgRenderer.html(TopologyGraph.of(fiveHundred()), Options.of("big"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg")
        .contains("<script>")
        .contains("mouseenter")
        .doesNotContain("src=")
        .doesNotContain("href=\"http")
        .doesNotContain("@import");
  }
}
