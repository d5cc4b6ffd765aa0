package io.vtopo.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.vtopo.core.graph.Edge;
import io.vtopo.core.graph.Relation;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.graph.Vertex;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/** Renders a {@link TopologyGraph} as DOT, Mermaid or JSON. Output is byte-identical for identical input. */
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

  /** Graphviz DOT (via jgrapht-io), top-to-bottom, shapes and colours by object type. */
  public static String dot(TopologyGraph tg, String title) {
    Graph<Vertex, Edge> g = tg.view();
    DOTExporter<Vertex, Edge> ex = new DOTExporter<>(v -> quote(v.id().toString()));
    ex.setGraphIdProvider(() -> quote(title));
    ex.setGraphAttributeProvider(() -> {
      Map<String, Attribute> m = new LinkedHashMap<>();
      m.put("rankdir", DefaultAttribute.createAttribute("BT"));
      m.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
      return m;
    });
    ex.setVertexAttributeProvider(v -> {
      Map<String, Attribute> m = new LinkedHashMap<>();
      m.put("label", DefaultAttribute.createAttribute(v.name() + "\\n" + v.type()));
      m.put("shape", DefaultAttribute.createAttribute(style(v.type())[0]));
      m.put("style", DefaultAttribute.createAttribute("filled"));
      m.put("fillcolor", DefaultAttribute.createAttribute(style(v.type())[1]));
      return m;
    });
    ex.setEdgeAttributeProvider(e -> {
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

  /** A Mermaid flowchart (renders on GitHub and in most Markdown viewers). */
  public static String mermaid(TopologyGraph tg) {
    Graph<Vertex, Edge> g = tg.view();
    Map<Vertex, String> ids = new LinkedHashMap<>();
    int i = 0;
    for (Vertex v : g.vertexSet()) {
      ids.put(v, "n" + i++);
    }
    StringBuilder sb = new StringBuilder("flowchart BT\n");
    for (Vertex v : g.vertexSet()) {
      String label = mermaidText(v.name()) + "<br/><i>" + v.type() + "</i>";
      String[] br = switch (v.type()) {
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
      sb.append("  ").append(ids.get(g.getEdgeSource(e))).append(arrow).append(mermaidText(e.label())).append("| ")
          .append(ids.get(g.getEdgeTarget(e))).append('\n');
    }
    for (Map.Entry<String, String[]> s : STYLE.entrySet()) {
      List<String> members = g.vertexSet().stream().filter(v -> v.type().equals(s.getKey())).map(ids::get).toList();
      if (!members.isEmpty()) {
        sb.append("  classDef ").append(cls(s.getKey())).append(" fill:").append(s.getValue()[1])
            .append(",stroke:#555\n");
        sb.append("  class ").append(String.join(",", members)).append(' ').append(cls(s.getKey())).append('\n');
      }
    }
    return sb.toString();
  }

  private static String cls(String type) {
    return "k_" + type.replaceAll("[^A-Za-z0-9]", "_");
  }

  private static String mermaidText(String s) {
    return s.replace("&", "#amp;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;")
        .replace("|", "#124;");
  }

  /** JSON: vertices, edges, creation order and cycles. */
  public static String json(TopologyGraph tg, String title) {
    Graph<Vertex, Edge> g = tg.view();
    StringWriter w = new StringWriter();
    try (JsonGenerator j = new JsonFactory().createGenerator(w)) {
      DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
      j.setPrettyPrinter(pp);
      j.writeStartObject();
      j.writeStringField("topology", title);
      j.writeArrayFieldStart("vertices");
      for (Vertex v : g.vertexSet()) {
        j.writeStartObject();
        j.writeStringField("id", v.id().toString());
        j.writeStringField("type", v.type());
        j.writeStringField("name", v.name());
        j.writeNumberField("layer", v.layer());
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeArrayFieldStart("edges");
      for (Edge e : g.edgeSet()) {
        j.writeStartObject();
        j.writeStringField("source", g.getEdgeSource(e).id().toString());
        j.writeStringField("target", g.getEdgeTarget(e).id().toString());
        j.writeStringField("relation", e.relation().label());
        if (e.detail() != null) {
          j.writeStringField("detail", e.detail());
        }
        j.writeEndObject();
      }
      j.writeEndArray();
      var cycles = tg.cycles();
      j.writeArrayFieldStart("creationOrder");
      if (cycles.isEmpty()) {
        for (Vertex v : tg.creationOrder()) {
          j.writeString(v.id().toString());
        }
      }
      j.writeEndArray();
      j.writeArrayFieldStart("cycles");
      for (Vertex v : cycles) {
        j.writeString(v.id().toString());
      }
      j.writeEndArray();
      j.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString() + "\n";
  }
}
