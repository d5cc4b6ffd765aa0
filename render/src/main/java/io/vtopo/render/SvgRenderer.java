package io.vtopo.render;

import io.vtopo.core.graph.Edge;
import io.vtopo.core.graph.Relation;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.graph.Vertex;
import io.vtopo.core.model.ObjectId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jgrapht.Graph;

/**
 * Draws a {@link TopologyGraph} as a layered SVG (or a self-contained HTML page around it), computed in Java without
 * Graphviz. Layers are {@link Vertex#layer()} from NICs at the bottom up to VMs, pools and volumes at the top; the
 * order inside a layer comes from a few barycenter sweeps (fewer crossings), wide layers wrap into several rows so
 * 500 objects stay readable, and identical input gives byte-identical output.
 *
 * <p>Callers may pass a {@link State} per vertex and per edge (a plan overlay): created, modified and deleted objects
 * get green, amber and red outlines, deletions dashed.
 */
public final class SvgRenderer {
  private SvgRenderer() {}

  /** A plan state to overlay on a vertex or an edge. */
  public enum State {
    /** Will be created: green outline. */
    CREATED("#2ca02c", null, "created"),
    /** Will be changed in place: amber outline. */
    MODIFIED("#ff8c00", null, "modified"),
    /** Will be deleted: red dashed outline. */
    DELETED("#d62728", "6 3", "deleted"),
    /** Stays as it is: the normal outline. */
    UNCHANGED("#555555", null, "unchanged");

    final String colour;
    final String dash;
    final String label;

    State(String colour, String dash, String label) {
      this.colour = colour;
      this.dash = dash;
      this.label = label;
    }
  }

  /**
   * What to draw.
   *
   * @param title the drawing's title (the topology name)
   * @param vertexStates overlay state by vertex id ({@code link:br0}); absent means no overlay
   * @param edgeStates overlay state by edge key {@link #edgeKey(ObjectId, ObjectId)}; absent means no overlay
   */
  public record Options(String title, Map<ObjectId, State> vertexStates, Map<String, State> edgeStates) {
    /** Copies the maps. */
    public Options {
      vertexStates = Map.copyOf(vertexStates);
      edgeStates = Map.copyOf(edgeStates);
    }

    /** A plain drawing. */
    public static Options of(String title) {
      return new Options(title, Map.of(), Map.of());
    }
  }

  /** The key of the edge from {@code sourceId} to {@code targetId} in {@link Options#edgeStates()}. */
  public static String edgeKey(ObjectId sourceId, ObjectId targetId) {
    return sourceId + "->" + targetId;
  }

  /**
   * A placed vertex: its box's top-left corner and size.
   *
   * @param vertex the vertex
   * @param x left
   * @param y top
   * @param w width
   * @param h height
   */
  public record Box(Vertex vertex, int x, int y, int w, int h) {
    int cx() {
      return x + w / 2;
    }

    int cy() {
      return y + h / 2;
    }
  }

  /**
   * The computed layout.
   *
   * @param boxes every vertex's box, in drawing order
   * @param width the drawing's width (the legend included)
   * @param height the drawing's height (the legend included)
   * @param legendY where the legend starts
   */
  public record Layout(List<Box> boxes, int width, int height, int legendY) {}

  static final int MARGIN = 24;
  static final int NODE_H = 40;
  static final int H_GAP = 20;
  static final int ROW_GAP = 56;
  static final int LAYER_GAP = 40;
  static final int MAX_PER_ROW = 16;
  static final int SWEEPS = 8;
  static final int LEGEND_ROW = 30;
  static final int LEGEND_ITEM = 130;
  static final int ARC_LIFT = 56;

  /** Estimated width of a label at 12px sans-serif; generous so text never spills out of its box. */
  static int textWidth(String s, double perChar) {
    return (int) Math.ceil(s.length() * perChar);
  }

  static int nodeWidth(Vertex v) {
    int w = Math.max(textWidth(v.name(), 7.4), textWidth(v.type(), 6.2)) + 28;
    return Math.max(80, w);
  }

  /** Computes where every vertex goes (legend without plan states). */
  public static Layout layout(TopologyGraph tg) {
    return layout(tg, false);
  }

  /** Computes where every vertex goes; {@code states} reserves room for the plan-state legend. */
  static Layout layout(TopologyGraph tg, boolean states) {
    Graph<Vertex, Edge> g = tg.view();
    TreeMap<Integer, List<Vertex>> layers = new TreeMap<>();
    for (Vertex v : g.vertexSet()) {
      layers.computeIfAbsent(v.layer(), k -> new ArrayList<>()).add(v);
    }
    List<List<Vertex>> order = new ArrayList<>(layers.values());
    Map<Vertex, List<Vertex>> nbrs = new HashMap<>();
    for (Edge e : g.edgeSet()) {
      Vertex s = g.getEdgeSource(e);
      Vertex t = g.getEdgeTarget(e);
      nbrs.computeIfAbsent(s, k -> new ArrayList<>()).add(t);
      nbrs.computeIfAbsent(t, k -> new ArrayList<>()).add(s);
    }
    Map<Vertex, Double> pos = new HashMap<>();
    Map<Vertex, Integer> layerOf = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      normalise(order.get(i), pos);
      for (Vertex v : order.get(i)) {
        layerOf.put(v, i);
      }
    }
    // Barycenter sweeps: upwards each layer follows the layers below it, downwards the layers above.
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
      boolean up = sweep % 2 == 0;
      for (int k = 0; k < order.size(); k++) {
        int i = up ? k : order.size() - 1 - k;
        List<Vertex> layer = order.get(i);
        Map<Vertex, Double> bary = new HashMap<>();
        for (Vertex v : layer) {
          double sum = 0;
          int n = 0;
          for (Vertex u : nbrs.getOrDefault(v, List.of())) {
            int lu = layerOf.get(u);
            if (up ? lu < i : lu > i) {
              sum += pos.get(u);
              n++;
            }
          }
          bary.put(v, n == 0 ? pos.get(v) : sum / n);
        }
        List<Vertex> sorted = new ArrayList<>(layer);
        sorted.sort(Comparator.comparingDouble((Vertex v) -> bary.get(v)).thenComparingDouble(pos::get)
            .thenComparing(Vertex::id));
        order.set(i, sorted);
        normalise(sorted, pos);
      }
    }
    // Rows: a layer wider than MAX_PER_ROW becomes a grid filled column by column, so the left-to-right order
    // the sweeps found survives the wrap (a VM's boxes stay above its bridge's). Rows are centred on the widest.
    List<List<Vertex>> rows = new ArrayList<>();
    List<Boolean> layerStart = new ArrayList<>();
    List<Integer> gridColumn = new ArrayList<>();
    for (int i = order.size() - 1; i >= 0; i--) {
      List<Vertex> layer = order.get(i);
      int nrows = (layer.size() + MAX_PER_ROW - 1) / MAX_PER_ROW;
      int colW = 0;
      if (nrows > 1) {
        for (Vertex v : layer) {
          colW = Math.max(colW, nodeWidth(v) + H_GAP);
        }
      }
      for (int r = 0; r < nrows; r++) {
        List<Vertex> row = new ArrayList<>();
        for (int k = r; k < layer.size(); k += nrows) {
          row.add(layer.get(k));
        }
        rows.add(row);
        layerStart.add(r == 0);
        gridColumn.add(colW);
      }
    }
    int maxRow = 0;
    for (int r = 0; r < rows.size(); r++) {
      maxRow = Math.max(maxRow, rowWidth(rows.get(r), gridColumn.get(r)));
    }
    List<Box> boxes = new ArrayList<>();
    Map<Vertex, Integer> rowOf = new HashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      for (Vertex v : rows.get(r)) {
        rowOf.put(v, r);
      }
    }
    boolean[] arcs = new boolean[rows.size()];
    for (Edge e : g.edgeSet()) {
      int ra = rowOf.get(g.getEdgeSource(e));
      if (ra == rowOf.get(g.getEdgeTarget(e))) {
        arcs[ra] = true;
      }
    }
    int y = MARGIN + 28;
    int layerLeft = MARGIN;
    for (int r = 0; r < rows.size(); r++) {
      if (r > 0) {
        y += layerStart.get(r) ? ROW_GAP + LAYER_GAP : ROW_GAP;
      }
      if (arcs[r]) {
        // Room above the row for the arcs that join two of its boxes (veth peers, backing volumes).
        y += ARC_LIFT;
      }
      List<Vertex> row = rows.get(r);
      int colW = gridColumn.get(r);
      if (colW == 0) {
        int x = MARGIN + (maxRow - rowWidth(row, 0)) / 2;
        for (Vertex v : row) {
          int w = nodeWidth(v);
          boxes.add(new Box(v, x, y, w, NODE_H));
          x += w + H_GAP;
        }
      } else {
        if (layerStart.get(r)) {
          layerLeft = MARGIN + (maxRow - rowWidth(row, colW)) / 2;
        }
        for (int c = 0; c < row.size(); c++) {
          int w = nodeWidth(row.get(c));
          boxes.add(new Box(row.get(c), layerLeft + c * colW + (colW - H_GAP - w) / 2, y, w, NODE_H));
        }
      }
      y += NODE_H;
    }
    int legendY = y + LAYER_GAP;
    int inner = Math.max(maxRow, 6 * LEGEND_ITEM);
    int width = inner + 2 * MARGIN;
    int shift = (inner - maxRow) / 2;
    if (shift > 0) {
      boxes.replaceAll(b -> new Box(b.vertex(), b.x() + shift, b.y(), b.w(), b.h()));
    }
    int perRow = Math.max(1, inner / LEGEND_ITEM);
    int types = (int) g.vertexSet().stream().map(Vertex::type).distinct().count();
    int relations = (int) g.edgeSet().stream().map(Edge::relation).distinct().count();
    int legendRows = (types + perRow - 1) / perRow + (relations + perRow - 1) / perRow
        + (states ? (State.values().length + perRow - 1) / perRow : 0);
    int height = legendY + 14 + legendRows * LEGEND_ROW + MARGIN;
    return new Layout(List.copyOf(boxes), width, height, legendY);
  }

  private static void normalise(List<Vertex> layer, Map<Vertex, Double> pos) {
    for (int i = 0; i < layer.size(); i++) {
      pos.put(layer.get(i), (i + 0.5) / layer.size());
    }
  }

  private static int rowWidth(List<Vertex> row, int colW) {
    if (colW > 0) {
      return colW * row.size() - H_GAP;
    }
    int w = 0;
    for (Vertex v : row) {
      w += nodeWidth(v);
    }
    return w + H_GAP * Math.max(0, row.size() - 1);
  }

  /** The SVG document. */
  public static String svg(TopologyGraph tg, Options o) {
    boolean states = !o.vertexStates().isEmpty() || !o.edgeStates().isEmpty();
    Layout l = layout(tg, states);
    Graph<Vertex, Edge> g = tg.view();
    Map<Vertex, Box> at = new LinkedHashMap<>();
    Map<Vertex, Integer> num = new HashMap<>();
    for (Box b : l.boxes()) {
      at.put(b.vertex(), b);
    }
    int i = 0;
    for (Vertex v : g.vertexSet()) {
      num.put(v, i++);
    }
    StringBuilder sb = new StringBuilder(4096 + 600 * l.boxes().size());
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(l.width()).append("\" height=\"")
        .append(l.height()).append("\" viewBox=\"0 0 ").append(l.width()).append(' ').append(l.height())
        .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
    sb.append("<title>").append(esc(o.title())).append("</title>\n");
    sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
        + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#666\"/></marker>"
        + "</defs>\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    sb.append("<text x=\"").append(MARGIN).append("\" y=\"").append(MARGIN + 6)
        .append("\" font-size=\"16\" font-weight=\"bold\">").append(esc(o.title())).append("</text>\n");
    sb.append("<g class=\"edges\">\n");
    for (Edge e : g.edgeSet()) {
      Vertex s = g.getEdgeSource(e);
      Vertex t = g.getEdgeTarget(e);
      // A label sits nearer the end with fewer edges, where fanned-out edges are apart, so labels do not collide.
      int ds = g.degreeOf(s);
      int dt = g.degreeOf(t);
      double where = ds == dt ? 0.5 : dt < ds ? 0.72 : 0.28;
      edge(sb, e, at.get(s), at.get(t), num.get(s), num.get(t), o.edgeStates().get(edgeKey(s.id(), t.id())), where);
    }
    sb.append("</g>\n<g class=\"nodes\">\n");
    for (Box b : l.boxes()) {
      node(sb, b, num.get(b.vertex()), o.vertexStates().get(b.vertex().id()));
    }
    sb.append("</g>\n");
    legend(sb, l, g, states);
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static void edge(StringBuilder sb, Edge e, Box a, Box b, int na, int nb, State st, double where) {
    String colour = colour(e.relation());
    String dash = dash(e.relation());
    double width = 1.3;
    if (st != null && st != State.UNCHANGED) {
      colour = st.colour;
      dash = st.dash;
      width = 2.5;
    }
    int x1 = a.cx();
    int x2 = b.cx();
    int y1;
    int y2;
    String d;
    if (a.y() == b.y()) {
      // Same row (veth peers): an arc above the boxes.
      y1 = a.y();
      y2 = b.y();
      int lift = Math.min(ARC_LIFT - 6, 20 + Math.abs(x2 - x1) / 8);
      d = "M" + x1 + "," + y1 + " C" + x1 + "," + (y1 - lift) + " " + x2 + "," + (y2 - lift) + " " + x2 + "," + y2;
    } else {
      boolean down = a.y() < b.y();
      y1 = down ? a.y() + a.h() : a.y();
      y2 = down ? b.y() : b.y() + b.h();
      int my = (y1 + y2) / 2;
      d = "M" + x1 + "," + y1 + " C" + x1 + "," + my + " " + x2 + "," + my + " " + x2 + "," + y2;
    }
    sb.append("<g class=\"edge\" data-s=\"n").append(na).append("\" data-t=\"n").append(nb).append("\"><title>")
        .append(esc(a.vertex().name() + " " + e.label() + " " + b.vertex().name()))
        .append(st != null ? esc(" [" + st.label + "]") : "").append("</title>");
    sb.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour)
        .append("\" stroke-width=\"").append(width).append('"');
    if (dash != null) {
      sb.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    if (e.relation() != Relation.PEER_OF) {
      sb.append(" marker-end=\"url(#arrow)\"");
    }
    sb.append("/>");
    if (e.detail() != null) {
      int lx;
      int ly;
      if (a.y() == b.y()) {
        lx = (x1 + x2) / 2;
        ly = y1 - Math.min(ARC_LIFT - 6, 20 + Math.abs(x2 - x1) / 8) * 3 / 4;
      } else {
        // The point of the cubic curve at parameter `where`.
        double t = where;
        double u = 1 - t;
        double my = (y1 + y2) / 2.0;
        lx = (int) Math.round(x1 * (u * u * u + 3 * u * u * t) + x2 * (3 * u * t * t + t * t * t));
        ly = (int) Math.round(y1 * u * u * u + my * (3 * u * u * t + 3 * u * t * t) + y2 * t * t * t) + 4;
      }
      sb.append("<text x=\"").append(lx).append("\" y=\"").append(ly)
          .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\""
              + " paint-order=\"stroke\">").append(esc(e.detail())).append("</text>");
    }
    sb.append("</g>\n");
  }

  private static String colour(Relation r) {
    return switch (r) {
      case PARENT_OF -> "#3a6ea5";
      case STORED_IN -> "#a0522d";
      case PEER_OF -> "#b03060";
      case MEMBER_OF -> "#8c8c8c";
      default -> "#555555";
    };
  }

  private static String dash(Relation r) {
    return switch (r) {
      case STORED_IN -> "2 3";
      case PEER_OF -> "5 3";
      default -> null;
    };
  }

  private static void node(StringBuilder sb, Box b, int n, State st) {
    Vertex v = b.vertex();
    String fill = GraphExport.STYLE.getOrDefault(v.type(), new String[] {"box", "#ffffff"})[1];
    String stroke = "#555555";
    String dash = null;
    double width = 1.2;
    if (st != null && st != State.UNCHANGED) {
      stroke = st.colour;
      dash = st.dash;
      width = 3;
    }
    String paint = " fill=\"" + fill + "\" stroke=\"" + stroke + "\" stroke-width=\"" + width + "\""
        + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
    sb.append("<g class=\"node k-").append(esc(cssName(v.type()))).append("\" id=\"n").append(n)
        .append("\" data-id=\"").append(esc(v.id().toString())).append('"')
        .append(st == State.DELETED ? " opacity=\"0.75\"" : "").append("><title>").append(esc(v.id().toString()))
        .append(st != null ? esc(" [" + st.label + "]") : "").append("</title>");
    shape(sb, v.type(), b.x(), b.y(), b.w(), b.h(), paint);
    sb.append("<text x=\"").append(b.cx()).append("\" y=\"").append(b.y() + 17)
        .append("\" text-anchor=\"middle\" font-weight=\"bold\">").append(esc(v.name())).append("</text>");
    sb.append("<text x=\"").append(b.cx()).append("\" y=\"").append(b.y() + 31)
        .append("\" text-anchor=\"middle\" font-size=\"10\" font-style=\"italic\" fill=\"#444\">")
        .append(esc(v.type())).append("</text>");
    sb.append("</g>\n");
  }

  /** One shape per kind, so kinds differ by outline as well as by colour (and in greyscale print). */
  static void shape(StringBuilder sb, String type, int x, int y, int w, int h, String paint) {
    int r = x + w;
    int bt = y + h;
    switch (type) {
      case "nic" -> {
        sb.append("<path d=\"M").append(x + 5).append(',').append(y - 5).append(" L").append(r + 5).append(',')
            .append(y - 5).append(" L").append(r + 5).append(',').append(bt - 5).append(" L").append(r).append(',')
            .append(bt).append(" L").append(x).append(',').append(y).append(" z\"").append(paint).append("/>");
        rect(sb, x, y, w, h, 0, paint);
      }
      case "bond" -> {
        rect(sb, x, y, w, h, 6, paint);
        sb.append("<rect x=\"").append(x + 3).append("\" y=\"").append(y + 3).append("\" width=\"").append(w - 6)
            .append("\" height=\"").append(h - 6).append("\" rx=\"4\" fill=\"none\" stroke=\"#555555\"/>");
      }
      case "vxlan" -> rect(sb, x, y, w, h, 0, paint + " stroke-dasharray=\"4 2\"");
      case "macvlan", "macvtap" -> polygon(sb, paint, x + 8, y, r, y, r - 8, bt, x, bt);
      case "veth" -> rect(sb, x, y, w, h, 14, paint);
      case "bridge" -> polygon(sb, paint, x + 12, y, r - 12, y, r, y + h / 2, r - 12, bt, x + 12, bt, x, y + h / 2);
      case "tap" -> polygon(sb, paint, x, y, r, y, r, bt - 10, x + w / 2, bt, x, bt - 10);
      case "network" -> sb.append("<ellipse cx=\"").append(x + w / 2).append("\" cy=\"").append(y + h / 2)
          .append("\" rx=\"").append(w / 2).append("\" ry=\"").append(h / 2).append('"').append(paint).append("/>");
      case "vnic" -> rect(sb, x, y, w, h, h / 2, paint);
      case "vm" -> {
        rect(sb, x, y, w, h, 3, paint);
        sb.append("<rect x=\"").append(x - 5).append("\" y=\"").append(y + 8).append("\" width=\"10\" height=\"7\"")
            .append(paint).append("/>");
        sb.append("<rect x=\"").append(x - 5).append("\" y=\"").append(bt - 15).append("\" width=\"10\" height=\"7\"")
            .append(paint).append("/>");
      }
      case "pool" -> {
        sb.append("<path d=\"M").append(x).append(',').append(y + 6).append(" A").append(w / 2).append(",6 0 0 1 ")
            .append(r).append(',').append(y + 6).append(" L").append(r).append(',').append(bt - 6).append(" A")
            .append(w / 2).append(",6 0 0 1 ").append(x).append(',').append(bt - 6).append(" z\"").append(paint)
            .append("/>");
        sb.append("<path d=\"M").append(x).append(',').append(y + 6).append(" A").append(w / 2).append(",6 0 0 0 ")
            .append(r).append(',').append(y + 6).append("\" fill=\"none\" stroke=\"#555555\"/>");
      }
      case "volume" -> {
        polygon(sb, paint, x, y, r - 10, y, r, y + 10, r, bt, x, bt);
        sb.append("<path d=\"M").append(r - 10).append(',').append(y).append(" L").append(r - 10).append(',')
            .append(y + 10).append(" L").append(r).append(',').append(y + 10)
            .append("\" fill=\"none\" stroke=\"#555555\"/>");
      }
      default -> rect(sb, x, y, w, h, 0, paint);
    }
  }

  private static void rect(StringBuilder sb, int x, int y, int w, int h, int rx, String paint) {
    sb.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
        .append("\" height=\"").append(h).append('"');
    if (rx > 0) {
      sb.append(" rx=\"").append(rx).append('"');
    }
    sb.append(paint).append("/>");
  }

  private static void polygon(StringBuilder sb, String paint, int... xy) {
    sb.append("<polygon points=\"");
    for (int i = 0; i < xy.length; i += 2) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(xy[i]).append(',').append(xy[i + 1]);
    }
    sb.append('"').append(paint).append("/>");
  }

  private static void legend(StringBuilder sb, Layout l, Graph<Vertex, Edge> g, boolean states) {
    int perRow = Math.max(1, (l.width() - 2 * MARGIN) / LEGEND_ITEM);
    int y = l.legendY();
    sb.append("<g class=\"legend\">\n<text x=\"").append(MARGIN).append("\" y=\"").append(y)
        .append("\" font-weight=\"bold\">Legend</text>\n");
    y += 14;
    List<String> types = new ArrayList<>();
    for (String t : GraphExport.STYLE.keySet()) {
      if (g.vertexSet().stream().anyMatch(v -> v.type().equals(t))) {
        types.add(t);
      }
    }
    g.vertexSet().stream().map(Vertex::type).filter(t -> !types.contains(t)).distinct().sorted().forEach(types::add);
    int col = 0;
    for (String t : types) {
      int x = MARGIN + col * LEGEND_ITEM;
      String fill = GraphExport.STYLE.getOrDefault(t, new String[] {"box", "#ffffff"})[1];
      shape(sb, t, x + 6, y + 4, 40, 20, " fill=\"" + fill + "\" stroke=\"#555555\" stroke-width=\"1\"");
      sb.append("<text x=\"").append(x + 54).append("\" y=\"").append(y + 18).append("\">").append(esc(t))
          .append("</text>\n");
      if (++col == perRow) {
        col = 0;
        y += LEGEND_ROW;
      }
    }
    y += col == 0 ? 0 : LEGEND_ROW;
    col = 0;
    for (Relation r : Relation.values()) {
      if (g.edgeSet().stream().noneMatch(e -> e.relation() == r)) {
        continue;
      }
      int x = MARGIN + col * LEGEND_ITEM;
      sb.append("<line x1=\"").append(x + 6).append("\" y1=\"").append(y + 14).append("\" x2=\"").append(x + 44)
          .append("\" y2=\"").append(y + 14).append("\" stroke=\"").append(colour(r)).append("\" stroke-width=\"1.3\"")
          .append(dash(r) == null ? "" : " stroke-dasharray=\"" + dash(r) + "\"")
          .append(r == Relation.PEER_OF ? "" : " marker-end=\"url(#arrow)\"").append("/>");
      sb.append("<text x=\"").append(x + 54).append("\" y=\"").append(y + 18).append("\">").append(esc(r.label()))
          .append("</text>\n");
      if (++col == perRow) {
        col = 0;
        y += LEGEND_ROW;
      }
    }
    if (states) {
      y += col == 0 ? 0 : LEGEND_ROW;
      col = 0;
      for (State s : State.values()) {
        int x = MARGIN + col * LEGEND_ITEM;
        rect(sb, x + 6, y + 4, 40, 20, 3, " fill=\"#ffffff\" stroke=\"" + s.colour + "\" stroke-width=\"3\""
            + (s.dash == null ? "" : " stroke-dasharray=\"" + s.dash + "\""));
        sb.append("<text x=\"").append(x + 54).append("\" y=\"").append(y + 18).append("\">").append(s.label)
            .append("</text>\n");
        col++;
      }
    }
    sb.append("</g>\n");
  }

  private static String cssName(String type) {
    return type.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** XML escaping for text and attribute values. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          // Control characters are not allowed in XML 1.0; they cannot come from a valid file, but live names might.
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            sb.append('?');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** A self-contained HTML page: the SVG plus a little CSS and JavaScript to highlight a node's edges on hover. */
  public static String html(TopologyGraph tg, Options o) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(o.title())
        + " - vtopo</title>\n<style>\n"
        + "body { margin: 0; font-family: Helvetica, Arial, sans-serif; background: #fafafa; }\n"
        + "header { padding: 8px 16px; border-bottom: 1px solid #ddd; background: #fff; }\n"
        + "main { overflow: auto; }\n"
        + "svg .node, svg .edge { transition: opacity 0.1s; }\n"
        + "svg.focus .node, svg.focus .edge { opacity: 0.15; }\n"
        + "svg.focus .node.hl, svg.focus .edge.hl { opacity: 1; }\n"
        + "svg .edge.hl path { stroke-width: 3; }\n"
        + "</style>\n</head>\n<body>\n<header><strong>" + esc(o.title())
        + "</strong> &mdash; hover an object to highlight its connections</header>\n<main>\n"
        + svg(tg, o) + "</main>\n<script>\n"
        + "(function () {\n"
        + "  var svg = document.querySelector('main svg');\n"
        + "  var edges = Array.prototype.slice.call(svg.querySelectorAll('.edge'));\n"
        + "  svg.querySelectorAll('.node').forEach(function (n) {\n"
        + "    n.addEventListener('mouseenter', function () {\n"
        + "      svg.classList.add('focus');\n"
        + "      n.classList.add('hl');\n"
        + "      edges.forEach(function (e) {\n"
        + "        var s = e.getAttribute('data-s'), t = e.getAttribute('data-t');\n"
        + "        if (s === n.id || t === n.id) {\n"
        + "          e.classList.add('hl');\n"
        + "          var o = document.getElementById(s === n.id ? t : s);\n"
        + "          if (o) { o.classList.add('hl'); }\n"
        + "        }\n"
        + "      });\n"
        + "    });\n"
        + "    n.addEventListener('mouseleave', function () {\n"
        + "      svg.classList.remove('focus');\n"
        + "      svg.querySelectorAll('.hl').forEach(function (x) { x.classList.remove('hl'); });\n"
        + "    });\n"
        + "  });\n"
        + "})();\n"
        + "</script>\n</body>\n</html>\n";
  }
}
