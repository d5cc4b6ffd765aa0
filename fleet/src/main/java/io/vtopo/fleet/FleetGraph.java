package io.vtopo.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vtopo.fleet.Fleet.FleetNic;
import io.vtopo.fleet.Fleet.FleetVm;
import io.vtopo.fleet.Fleet.Host;
import io.vtopo.fleet.Fleet.Segment;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet as a graph: one cluster per host (its underlay address, a bridge per segment it is on,
 * its fleet VMs), one node per segment (VNI, replication), an edge from each host's bridge to the
 * segment labelled with the host's VXLAN, and an edge from each vNIC's VM to its bridge. DOT,
 * Mermaid and JSON; deterministic (file order, no hashing).
 */
public final class FleetGraph {
  private FleetGraph() {}

  private record Node(String id, String label, String host, String shape) {}

  private record Edge(String from, String to, String label) {}

  private record G(List<Node> nodes, List<Edge> edges) {}

  private static G build(FleetRender r) {
    Fleet f = r.fleet();
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (Host h : f.hosts()) {
      for (Segment s : r.segmentsOn(h.name())) {
        nodes.add(
            new Node(
                h.name() + "/" + s.bridge(),
                s.bridge() + "\\nbridge, mtu " + r.overlayMtu(s, h),
                h.name(),
                "bridge"));
      }
      for (FleetVm vm : r.vmsOn(h.name())) {
        StringBuilder label = new StringBuilder(vm.name());
        for (FleetNic n : vm.nics()) {
          if (n.ip() != null) {
            label.append("\\n").append(n.ip());
          }
        }
        nodes.add(new Node(h.name() + "/vm/" + vm.name(), label.toString(), h.name(), "vm"));
        for (int i = 0; i < vm.nics().size(); i++) {
          FleetNic n = vm.nics().get(i);
          int index = i;
          if (n.segment() != null) {
            f.segment(n.segment())
                .ifPresent(
                    s ->
                        edges.add(
                            new Edge(
                                h.name() + "/vm/" + vm.name(),
                                h.name() + "/" + s.bridge(),
                                FleetRender.tapName(vm, index))));
          }
        }
      }
    }
    for (Segment s : f.segments()) {
      String rep =
          s.replication() == Fleet.Replication.MULTICAST ? "multicast " + s.group() : "head-end";
      nodes.add(
          new Node(
              "segment/" + s.name(), s.name() + "\\nvni " + s.vni() + ", " + rep, null, "segment"));
      for (String h : r.span(s.name())) {
        edges.add(new Edge(h + "/" + s.bridge(), "segment/" + s.name(), s.vxlan()));
      }
    }
    return new G(nodes, edges);
  }

  private static String q(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }

  /** Graphviz DOT: hosts as clusters. */
  public static String dot(FleetRender r) {
    G g = build(r);
    Fleet f = r.fleet();
    StringBuilder sb =
        new StringBuilder("graph ").append(q(f.name())).append(" {\n  rankdir=LR;\n");
    sb.append("  node [fontname=\"Helvetica\", fontsize=10];\n");
    for (Host h : f.hosts()) {
      sb.append("  subgraph ")
          .append(q("cluster_" + h.name()))
          .append(" {\n    label=")
          .append(q(h.name() + "\\n" + h.address() + " on " + h.dev()))
          .append(";\n");
      for (Node n : g.nodes()) {
        if (h.name().equals(n.host())) {
          sb.append("    ")
              .append(q(n.id()))
              .append(" [label=")
              .append(q(n.label()))
              .append(", shape=")
              .append(n.shape().equals("vm") ? "box" : "hexagon")
              .append("];\n");
        }
      }
      sb.append("  }\n");
    }
    for (Node n : g.nodes()) {
      if (n.host() == null) {
        sb.append("  ")
            .append(q(n.id()))
            .append(" [label=")
            .append(q(n.label()))
            .append(", shape=ellipse," + " style=filled, fillcolor=\"#e8f0fe\"];\n");
      }
    }
    for (Edge e : g.edges()) {
      sb.append("  ")
          .append(q(e.from()))
          .append(" -- ")
          .append(q(e.to()))
          .append(" [label=")
          .append(q(e.label()))
          .append("];\n");
    }
    return sb.append("}\n").toString();
  }

  /** Mermaid flowchart: hosts as subgraphs. */
  public static String mermaid(FleetRender r) {
    G g = build(r);
    Fleet f = r.fleet();
    java.util.Map<String, String> ids = new java.util.HashMap<>();
    for (Node n : g.nodes()) {
      ids.put(n.id(), "n" + ids.size());
    }
    StringBuilder sb = new StringBuilder("flowchart LR\n");
    for (Host h : f.hosts()) {
      sb.append("  subgraph h_")
          .append(h.name().replaceAll("[^A-Za-z0-9_]", "_"))
          .append("[\"")
          .append(h.name())
          .append("<br/>")
          .append(h.address())
          .append("\"]\n");
      for (Node n : g.nodes()) {
        if (h.name().equals(n.host())) {
          String label = n.label().replace("\\n", "<br/>");
          sb.append("    ")
              .append(ids.get(n.id()))
              .append(n.shape().equals("vm") ? "[\"" + label + "\"]" : "{{\"" + label + "\"}}")
              .append('\n');
        }
      }
      sb.append("  end\n");
    }
    for (Node n : g.nodes()) {
      if (n.host() == null) {
        sb.append("  ")
            .append(ids.get(n.id()))
            .append("((\"")
            .append(n.label().replace("\\n", "<br/>"))
            .append("\"))\n");
      }
    }
    for (Edge e : g.edges()) {
      sb.append("  ")
          .append(ids.get(e.from()))
          .append(" ---|")
          .append(e.label())
          .append("| ")
          .append(ids.get(e.to()))
          .append('\n');
    }
    return sb.toString();
  }

  /** JSON: {@code {fleet, nodes: [{id, label, host, kind}], edges: [{from, to, label}]}}. */
  public static String json(FleetRender r) {
    G g = build(r);
    StringWriter w = new StringWriter();
    try (JsonGenerator j = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter()) {
      j.writeStartObject();
      j.writeStringField("fleet", r.fleet().name());
      j.writeArrayFieldStart("nodes");
      for (Node n : g.nodes()) {
        j.writeStartObject();
        j.writeStringField("id", n.id());
        j.writeStringField("label", n.label().replace("\\n", "\n"));
        if (n.host() != null) {
          j.writeStringField("host", n.host());
        }
        j.writeStringField("kind", n.shape());
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeArrayFieldStart("edges");
      for (Edge e : g.edges()) {
        j.writeStartObject();
        j.writeStringField("from", e.from());
        j.writeStringField("to", e.to());
        j.writeStringField("label", e.label());
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + "\n";
  }
}
