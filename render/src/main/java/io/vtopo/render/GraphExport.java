package io.vtopo.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vtopo.core.graph.Edge;
import io.vtopo.core.graph.Relation;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.graph.Vertex;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/**
 * Renders a {@link TopologyGraph} as DOT, Mermaid or JSON. Output is byte-identical for identical
 * input.
 */
public final class GraphExport {
  private GraphExport() {}

  /** Shape and fill per object type, shared by DOT and the docs. */
  static final Map<String, String[]> STYLE = new LinkedHashMap<>();

  static {
    STYLE.put("nic", new String[] {"box3d", "#d9d9d9"});
    STYLE.put("bond", new String[] {"box", "#c6dbef"});
    STYLE.put("vlan", new String[] {"box", "#9ecae1"});
    STYLE.put("vxlan", new String[] {"box", "#a1d99b"});
    STYLE.put("macvlan", new String[] {"box", "#dadaeb"});
    STYLE.put("macvtap", new String[] {"box", "#dadaeb"});
    STYLE.put("dummy", new String[] {"box3d", "#f0f0f0"});
    STYLE.put("bridge", new String[] {"hexagon", "#fdd0a2"});
    STYLE.put("veth", new String[] {"box", "#fcbba1"});
    STYLE.put("tap", new String[] {"invhouse", "#fee391"});
    STYLE.put("network", new String[] {"ellipse", "#c7e9c0"});
    STYLE.put("vnic", new String[] {"circle", "#ffffff"});
    STYLE.put("vm", new String[] {"component", "#bcbddc"});
    STYLE.put("pool", new String[] {"cylinder", "#fdae6b"});
    STYLE.put("volume", new String[] {"note", "#fff5eb"});
  }

  private static String[] style(String type) {
    return STYLE.getOrDefault(type, new String[] {"box", "#ffffff"});
  }

  /** Graphviz DOT without addresses. */
  public static String dot(TopologyGraph tg, String title) {
    return dot(tg, title, Map.of());
  }

  /**
   * Graphviz DOT (via jgrapht-io), top-to-bottom, shapes and colours by object type; a box's third
   * line is its note ({@link SvgRenderer#notes}: addresses and subnets).
   */
  public static String dot(TopologyGraph tg, String title, Map<String, String> notes) {
    Graph<Vertex, Edge> g = tg.view();
    DOTExporter<Vertex, Edge> ex = new DOTExporter<>(v -> quote(v.id().toString()));
    ex.setGraphIdProvider(() -> quote(title));
    ex.setGraphAttributeProvider(
        () -> {
          Map<String, Attribute> m = new LinkedHashMap<>();
          m.put("rankdir", DefaultAttribute.createAttribute("BT"));
          m.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
          return m;
        });
    ex.setVertexAttributeProvider(
        v -> {
          Map<String, Attribute> m = new LinkedHashMap<>();
          String note = notes.get(v.id().toString());
          m.put(
              "label",
              DefaultAttribute.createAttribute(
                  v.name() + "\\n" + v.type() + (note == null ? "" : "\\n" + note)));
          m.put("shape", DefaultAttribute.createAttribute(style(v.type())[0]));
          m.put("style", DefaultAttribute.createAttribute("filled"));
          m.put("fillcolor", DefaultAttribute.createAttribute(style(v.type())[1]));
          return m;
        });
    ex.setEdgeAttributeProvider(
        e -> {
          Map<String, Attribute> m = new LinkedHashMap<>();
          m.put("label", DefaultAttribute.createAttribute(e.label()));
          if (e.relation() == Relation.PEER_OF) {
            m.put("dir", DefaultAttribute.createAttribute("none"));
          }
          return m;
        });
    StringWriter w = new StringWriter();
    ex.exportGraph(g, w);
    return w.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A Mermaid flowchart without addresses. */
  public static String mermaid(TopologyGraph tg) {
    return mermaid(tg, Map.of());
  }

  /**
   * A Mermaid flowchart (renders on GitHub and in most Markdown viewers); notes as a third line.
   */
  public static String mermaid(TopologyGraph tg, Map<String, String> notes) {
    Graph<Vertex, Edge> g = tg.view();
    Map<Vertex, String> ids = new LinkedHashMap<>();
    int i = 0;
    for (Vertex v : g.vertexSet()) {
      ids.put(v, "n" + i++);
    }
    StringBuilder sb = new StringBuilder("flowchart BT\n");
    for (Vertex v : g.vertexSet()) {
      String note = notes.get(v.id().toString());
      String label =
          mermaidText(v.name())
              + "<br/><i>"
              + v.type()
              + "</i>"
              + (note == null ? "" : "<br/>" + mermaidText(note));
      String[] br =
          switch (v.type()) {
            case "bridge" -> new String[] {"{{\"", "\"}}"};
            case "network" -> new String[] {"([\"", "\"])"};
            case "pool" -> new String[] {"[(\"", "\")]"};
            case "vm" -> new String[] {"[[\"", "\"]]"};
            case "vnic" -> new String[] {"((\"", "\"))"};
            case "tap" -> new String[] {"[/\"", "\"\\]"};
            default -> new String[] {"[\"", "\"]"};
          };
      sb.append("  ").append(ids.get(v)).append(br[0]).append(label).append(br[1]).append('\n');
    }
    for (Edge e : g.edgeSet()) {
      String arrow = e.relation() == Relation.PEER_OF ? " ---|" : " -->|";
      sb.append("  ")
          .append(ids.get(g.getEdgeSource(e)))
          .append(arrow)
          .append(mermaidText(e.label()))
          .append("| ")
          .append(ids.get(g.getEdgeTarget(e)))
          .append('\n');
    }
    for (Map.Entry<String, String[]> s : STYLE.entrySet()) {
      List<String> members =
          g.vertexSet().stream().filter(v -> v.type().equals(s.getKey())).map(ids::get).toList();
      if (!members.isEmpty()) {
        sb.append("  classDef ")
            .append(cls(s.getKey()))
            .append(" fill:")
            .append(s.getValue()[1])
            .append(",stroke:#555\n");
        sb.append("  class ")
            .append(String.join(",", members))
            .append(' ')
            .append(cls(s.getKey()))
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static String cls(String type) {
    return "k_" + type.replaceAll("[^A-Za-z0-9]", "_");
  }

  private static String mermaidText(String s) {
    return s.replace("&", "#amp;")
        .replace("\"", "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("|", "#124;");
  }

  /** JSON: vertices, edges, creation order and cycles. */
  public static String json(TopologyGraph tg, String title) {
    Graph<Vertex, Edge> g = tg.view();
    List<VertexDoc> vertices =
        g.vertexSet().stream()
            .map(v -> new VertexDoc(v.id().toString(), v.type(), v.name(), v.layer()))
            .toList();
    List<EdgeDoc> edges =
        g.edgeSet().stream()
            .map(
                e ->
                    new EdgeDoc(
                        g.getEdgeSource(e).id().toString(),
                        g.getEdgeTarget(e).id().toString(),
                        e.relation().label(),
                        e.detail()))
            .toList();
    var cycles = tg.cycles();
    List<String> order =
        cycles.isEmpty()
            ? tg.creationOrder().stream().map(v -> v.id().toString()).toList()
            : List.of();
    return Json.pretty(
        new GraphDoc(
            title, vertices, edges, order, cycles.stream().map(v -> v.id().toString()).toList()));
  }

  private record GraphDoc(
      String topology,
      List<VertexDoc> vertices,
      List<EdgeDoc> edges,
      List<String> creationOrder,
      List<String> cycles) {}

  private record VertexDoc(String id, String type, String name, int layer) {}

  private record EdgeDoc(
      String source,
      String target,
      String relation,
      @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {}
}
