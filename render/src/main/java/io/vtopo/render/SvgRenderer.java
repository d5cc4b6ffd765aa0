package io.vtopo.render;

import io.vtopo.core.graph.Edge;
import io.vtopo.core.graph.Relation;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.graph.Vertex;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jgrapht.Graph;

/**
 * Draws a {@link TopologyGraph} as a layered SVG (or a self-contained HTML page around it),
 * computed in Java without Graphviz. Layers are {@link Vertex#layer()} from NICs at the bottom up
 * to VMs, pools and volumes at the top; the order inside a layer comes from a few barycenter sweeps
 * (fewer crossings), wide layers wrap into several rows so 500 objects stay readable, and identical
 * input gives byte-identical output.
 *
 * <p>Callers may pass a {@link State} per vertex and per edge (a plan overlay): created, modified
 * and deleted objects get green, amber and red outlines, deletions dashed.
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
   * @param edgeStates overlay state by edge key {@link #edgeKey(ObjectId, ObjectId)}; absent means
   *     no overlay
   */
  public record Options(
      String title,
      Map<ObjectId, State> vertexStates,
      Map<String, State> edgeStates,
      Map<String, String> notes) {
    /** Copies the maps. */
    public Options {
      vertexStates = Map.copyOf(vertexStates);
      edgeStates = Map.copyOf(edgeStates);
      notes = Map.copyOf(notes);
    }

    /** Without notes. */
    public Options(String title, Map<ObjectId, State> vertexStates, Map<String, State> edgeStates) {
      this(title, vertexStates, edgeStates, Map.of());
    }

    /** A plain drawing without addresses. */
    public static Options of(String title) {
      return new Options(title, Map.of(), Map.of());
    }

    /** A plain drawing of {@code t} with its addresses and subnets ({@link #notes(Topology)}). */
    public static Options of(Topology t) {
      return new Options(t.name(), Map.of(), Map.of(), SvgRenderer.notes(t));
    }

    /** The same drawing with the addresses and subnets of {@code t}. */
    public Options withNotes(Topology t) {
      return new Options(title, vertexStates, edgeStates, SvgRenderer.notes(t));
    }
  }

  /**
   * The third line of a box, by vertex id: a link's addresses, a network's subnets, a vNIC's
   * address (or {@code dhcp}); the first and a count when there are several, so a box stays one
   * line wide.
   */
  public static Map<String, String> notes(Topology t) {
    Map<String, String> m = new HashMap<>();
    for (Link l : t.links()) {
      put(m, "link:" + l.name(), l.attrs().addresses().stream().map(IpPrefix::toString).toList());
    }
    for (Network n : t.networks()) {
      put(m, "network:" + n.name(), n.ips().stream().map(ip -> ip.address().toString()).toList());
    }
    for (Vm vm : t.vms()) {
      for (int i = 0; i < vm.nics().size(); i++) {
        Vnic v = vm.nics().get(i);
        // The graph's vNIC ids are positional: vnic:VM/INDEX.
        put(
            m,
            "vnic:" + vm.name() + "/" + i,
            v.ip() != null ? List.of(v.ip().toString()) : List.of());
      }
    }
    return m;
  }

  private static void put(Map<String, String> m, String id, List<String> values) {
    if (!values.isEmpty()) {
      m.put(id, values.get(0) + (values.size() > 1 ? " +" + (values.size() - 1) : ""));
    }
  }

  /**
   * The key of the edge from {@code sourceId} to {@code targetId} in {@link Options#edgeStates()}.
   */
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

  /** A box with a third line (its address). */
  static final int NOTE_H = 54;

  static final int H_GAP = 20;
  static final int ROW_GAP = 56;
  static final int LAYER_GAP = 40;
  static final int MAX_PER_ROW = 16;
  static final int SWEEPS = 8;
  static final int LEGEND_ROW = 30;
  static final int LEGEND_ITEM = 130;
  static final int ARC_LIFT = 56;

  /**
   * Estimated width of a label at 12px sans-serif; generous so text never spills out of its box.
   */
  static int textWidth(String s, double perChar) {
    return (int) Math.ceil(s.length() * perChar);
  }

  static int nodeWidth(Vertex v, Map<String, String> notes) {
    String note = notes.get(v.id().toString());
    int w =
        Math.max(
                Math.max(textWidth(v.name(), 7.4), textWidth(v.type(), 6.2)),
                note == null ? 0 : textWidth(note, 6.2))
            + 28;
    return Math.max(80, w);
  }

  static int nodeHeight(Vertex v, Map<String, String> notes) {
    return notes.containsKey(v.id().toString()) ? NOTE_H : NODE_H;
  }

  /** Computes where every vertex goes (legend without plan states). */
  public static Layout layout(TopologyGraph tg) {
    return layout(tg, false, Map.of());
  }

  /**
   * Computes where every vertex goes; {@code states} reserves room for the plan-state legend.
   * Layers are ordered by barycenter sweeps; a layer wider than {@link #MAX_PER_ROW} wraps into
   * rows of consecutive runs of that order, so reading order survives the wrap and the edges
   * between rows are routed through the gaps (see {@link #route}).
   */
  static Layout layout(TopologyGraph tg, boolean states, Map<String, String> notes) {
    Graph<Vertex, Edge> g = tg.view();
    TreeMap<Integer, List<Vertex>> layers = new TreeMap<>();
    for (Vertex v : g.vertexSet()) {
      layers.computeIfAbsent(v.layer(), k -> new ArrayList<>()).add(v);
    }
    List<List<Vertex>> order = new ArrayList<>(layers.values());
    // Start from natural order (vm2 before vm10), so that ties keep the order a person would write.
    order.forEach(layer -> layer.sort(NATURAL));
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
    // Barycenter sweeps: upwards each layer follows the layers below it, downwards the layers
    // above.
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
        sorted.sort(
            Comparator.comparingDouble((Vertex v) -> bary.get(v))
                .thenComparingDouble(pos::get)
                .thenComparing(NATURAL));
        order.set(i, sorted);
        normalise(sorted, pos);
      }
    }
    // Rows: a layer wider than MAX_PER_ROW wraps into rows of MAX_PER_ROW consecutive objects of
    // the order the sweeps
    // found, so reading order survives the wrap. Every wrapped layer uses the same column width, so
    // the k-th object
    // of one wrapped layer sits above the k-th of the next (a VM above its vNIC above its TAP) and
    // their edges run
    // straight down. Rows are centred on the widest.
    int gridW = 0;
    for (List<Vertex> layer : order) {
      if (layer.size() > MAX_PER_ROW) {
        for (Vertex v : layer) {
          gridW = Math.max(gridW, nodeWidth(v, notes) + H_GAP);
        }
      }
    }
    List<List<Vertex>> rows = new ArrayList<>();
    List<Boolean> layerStart = new ArrayList<>();
    List<Integer> gridColumn = new ArrayList<>();
    for (int i = order.size() - 1; i >= 0; i--) {
      List<Vertex> layer = order.get(i);
      int nrows = (layer.size() + MAX_PER_ROW - 1) / MAX_PER_ROW;
      int colW = nrows > 1 ? gridW : 0;
      for (int r = 0; r < nrows; r++) {
        List<Vertex> row =
            new ArrayList<>(
                layer.subList(r * MAX_PER_ROW, Math.min(layer.size(), (r + 1) * MAX_PER_ROW)));
        rows.add(row);
        layerStart.add(r == 0);
        gridColumn.add(colW);
      }
    }
    int maxRow = 0;
    for (int r = 0; r < rows.size(); r++) {
      maxRow = Math.max(maxRow, rowWidth(rows.get(r), gridColumn.get(r), notes));
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
      int rowH = NODE_H;
      if (colW == 0) {
        int x = MARGIN + (maxRow - rowWidth(row, 0, notes)) / 2;
        for (Vertex v : row) {
          int w = nodeWidth(v, notes);
          boxes.add(new Box(v, x, y, w, nodeHeight(v, notes)));
          rowH = Math.max(rowH, nodeHeight(v, notes));
          x += w + H_GAP;
        }
      } else {
        if (layerStart.get(r)) {
          layerLeft = MARGIN + (maxRow - rowWidth(rows.get(r), colW, notes)) / 2;
        }
        for (int c = 0; c < row.size(); c++) {
          int w = nodeWidth(row.get(c), notes);
          boxes.add(
              new Box(
                  row.get(c),
                  layerLeft + c * colW + (colW - H_GAP - w) / 2,
                  y,
                  w,
                  nodeHeight(row.get(c), notes)));
          rowH = Math.max(rowH, nodeHeight(row.get(c), notes));
        }
      }
      y += rowH;
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
    int legendRows =
        (types + perRow - 1) / perRow
            + (relations + perRow - 1) / perRow
            + (states ? (State.values().length + perRow - 1) / perRow : 0);
    int height = legendY + 14 + legendRows * LEGEND_ROW + MARGIN;
    return new Layout(List.copyOf(boxes), width, height, legendY);
  }

  /** Ids compared with their digit runs as numbers: {@code vm:vm2} before {@code vm:vm10}. */
  static final Comparator<Vertex> NATURAL =
      (a, b) -> {
        String x = a.id().toString();
        String y = b.id().toString();
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
          char c = x.charAt(i);
          char d = y.charAt(j);
          if (Character.isDigit(c) && Character.isDigit(d)) {
            int i2 = i;
            int j2 = j;
            while (i2 < x.length() && Character.isDigit(x.charAt(i2))) {
              i2++;
            }
            while (j2 < y.length() && Character.isDigit(y.charAt(j2))) {
              j2++;
            }
            String nx = x.substring(i, i2).replaceFirst("^0+(?=.)", "");
            String ny = y.substring(j, j2).replaceFirst("^0+(?=.)", "");
            int c2 =
                nx.length() != ny.length()
                    ? Integer.compare(nx.length(), ny.length())
                    : nx.compareTo(ny);
            if (c2 != 0) {
              return c2;
            }
            i = i2;
            j = j2;
          } else {
            if (c != d) {
              return Character.compare(c, d);
            }
            i++;
            j++;
          }
        }
        int c3 = Integer.compare(x.length() - i, y.length() - j);
        return c3 != 0 ? c3 : x.compareTo(y);
      };

  private static void normalise(List<Vertex> layer, Map<Vertex, Double> pos) {
    for (int i = 0; i < layer.size(); i++) {
      pos.put(layer.get(i), (i + 0.5) / layer.size());
    }
  }

  private static int rowWidth(List<Vertex> row, int colW, Map<String, String> notes) {
    if (colW > 0) {
      return colW * row.size() - H_GAP;
    }
    int w = 0;
    for (Vertex v : row) {
      w += nodeWidth(v, notes);
    }
    return w + H_GAP * Math.max(0, row.size() - 1);
  }

  /** The SVG document. */
  public static String svg(TopologyGraph tg, Options o) {
    boolean states = !o.vertexStates().isEmpty() || !o.edgeStates().isEmpty();
    Layout l = layout(tg, states, o.notes());
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
    List<Row> rows = rows(l.boxes());
    StringBuilder sb = new StringBuilder(4096 + 600 * l.boxes().size());
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(l.width())
        .append("\" height=\"")
        .append(l.height())
        .append("\" viewBox=\"0 0 ")
        .append(l.width())
        .append(' ')
        .append(l.height())
        .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
    sb.append("<title>").append(esc(o.title())).append("</title>\n");
    sb.append(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
            + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#666\"/></marker>"
            + "</defs>\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    sb.append("<text x=\"")
        .append(MARGIN)
        .append("\" y=\"")
        .append(MARGIN + 6)
        .append("\" font-size=\"16\" font-weight=\"bold\">")
        .append(esc(o.title()))
        .append("</text>\n");
    // Edge labels must not cover a box or another label: every box is taken first.
    List<int[]> taken = new ArrayList<>();
    for (Box b : l.boxes()) {
      taken.add(new int[] {b.x(), b.y(), b.x() + b.w(), b.y() + b.h()});
    }
    sb.append("<g class=\"edges\">\n");
    for (Edge e : g.edgeSet()) {
      Vertex s = g.getEdgeSource(e);
      Vertex t = g.getEdgeTarget(e);
      // A label goes first near the end with fewer edges, where fanned-out edges are apart.
      boolean nearTarget = g.degreeOf(t) < g.degreeOf(s);
      edge(
          sb,
          e,
          at.get(s),
          at.get(t),
          num.get(s),
          num.get(t),
          o.edgeStates().get(edgeKey(s.id(), t.id())),
          route(at.get(s), at.get(t), rows),
          nearTarget,
          taken);
    }
    sb.append("</g>\n<g class=\"nodes\">\n");
    for (Box b : l.boxes()) {
      node(
          sb,
          b,
          num.get(b.vertex()),
          o.vertexStates().get(b.vertex().id()),
          o.notes().get(b.vertex().id().toString()));
    }
    sb.append("</g>\n");
    legend(sb, l, g, states);
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** A row of boxes: its vertical band and its boxes left to right. */
  private record Row(int top, int bottom, List<Box> boxes) {}

  private static List<Row> rows(List<Box> boxes) {
    TreeMap<Integer, List<Box>> byTop = new TreeMap<>();
    for (Box b : boxes) {
      byTop.computeIfAbsent(b.y(), k -> new ArrayList<>()).add(b);
    }
    List<Row> rows = new ArrayList<>();
    for (List<Box> bs : byTop.values()) {
      bs.sort(Comparator.comparingInt(Box::x));
      rows.add(
          new Row(bs.get(0).y(), bs.stream().mapToInt(b -> b.y() + b.h()).max().orElseThrow(), bs));
    }
    return rows;
  }

  private static int rowIndex(List<Row> rows, Box b) {
    for (int k = 0; k < rows.size(); k++) {
      if (rows.get(k).top() == b.y()) {
        return k;
      }
    }
    throw new IllegalStateException("box outside every row: " + b);
  }

  /**
   * The polyline of an edge, kept out of every box but its two ends: vertical segments cross a row
   * only through a gap between its boxes (the one nearest the way to the target), horizontal
   * segments run in the free band between two rows. Two boxes of one row (veth peers, backing
   * volumes) are joined over the top of the row.
   */
  static List<int[]> route(Box a, Box b, List<Row> rows) {
    List<int[]> pts = new ArrayList<>();
    int ia = rowIndex(rows, a);
    int ib = rowIndex(rows, b);
    if (ia == ib) {
      int lift = Math.min(ARC_LIFT - 6, 20 + Math.abs(b.cx() - a.cx()) / 8);
      pts.add(new int[] {a.cx(), a.y()});
      pts.add(new int[] {a.cx(), a.y() - lift});
      pts.add(new int[] {b.cx(), a.y() - lift});
      pts.add(new int[] {b.cx(), b.y()});
      return pts;
    }
    int step = ib > ia ? 1 : -1;
    int x = a.cx();
    pts.add(new int[] {x, step > 0 ? a.y() + a.h() : a.y()});
    for (int k = ia + step; k != ib; k += step) {
      Row r = rows.get(k);
      int gap = gapY(rows, k - step, k);
      int lane = lane(r, x, b.cx());
      if (lane != x) {
        pts.add(new int[] {x, gap});
        pts.add(new int[] {lane, gap});
        x = lane;
      }
    }
    // Edges into different boxes turn at slightly different heights, so that a run of them does not
    // merge into one
    // line whose branches cannot be told apart.
    int gap = gapY(rows, ib - step, ib) + (Math.floorMod(b.cx() / 7, 5) - 2) * 4;
    if (x != b.cx()) {
      pts.add(new int[] {x, gap});
      pts.add(new int[] {b.cx(), gap});
    }
    pts.add(new int[] {b.cx(), step > 0 ? b.y() : b.y() + b.h()});
    return pts;
  }

  /** The middle of the free band between two neighbouring rows. */
  private static int gapY(List<Row> rows, int k1, int k2) {
    Row upper = rows.get(Math.min(k1, k2));
    Row lower = rows.get(Math.max(k1, k2));
    return (upper.bottom() + lower.top()) / 2;
  }

  /**
   * Where to cross a row: {@code x} itself if no box is there, else the gap nearest the way from x
   * to the target.
   */
  private static int lane(Row r, int x, int target) {
    List<Integer> free = new ArrayList<>();
    List<Box> bs = r.boxes();
    boolean blocked = false;
    for (Box b : bs) {
      // Shapes reach a few pixels beyond their box (a NIC's depth, a VM's side bars).
      if (x >= b.x() - 7 && x <= b.x() + b.w() + 7) {
        blocked = true;
      }
    }
    if (!blocked) {
      return x;
    }
    free.add(bs.get(0).x() - H_GAP / 2 - 6);
    for (int k = 0; k + 1 < bs.size(); k++) {
      free.add((bs.get(k).x() + bs.get(k).w() + bs.get(k + 1).x()) / 2);
    }
    Box last = bs.get(bs.size() - 1);
    free.add(last.x() + last.w() + H_GAP / 2 + 6);
    int best = free.get(0);
    for (int f : free) {
      if (Math.abs(f - x) + Math.abs(f - target) < Math.abs(best - x) + Math.abs(best - target)) {
        best = f;
      }
    }
    return best;
  }

  private static void edge(
      StringBuilder sb,
      Edge e,
      Box a,
      Box b,
      int na,
      int nb,
      State st,
      List<int[]> pts,
      boolean nearTarget,
      List<int[]> taken) {
    String colour = colour(e.relation());
    String dash = dash(e.relation());
    double width = 1.3;
    if (st != null && st != State.UNCHANGED) {
      colour = st.colour;
      dash = st.dash;
      width = 2.5;
    }
    StringBuilder d = new StringBuilder();
    for (int k = 0; k < pts.size(); k++) {
      d.append(k == 0 ? "M" : " L").append(pts.get(k)[0]).append(',').append(pts.get(k)[1]);
    }
    sb.append("<g class=\"edge\" data-s=\"n")
        .append(na)
        .append("\" data-t=\"n")
        .append(nb)
        .append("\"><title>")
        .append(esc(a.vertex().name() + " " + e.label() + " " + b.vertex().name()))
        .append(st != null ? esc(" [" + st.label + "]") : "")
        .append("</title>");
    sb.append("<path d=\"")
        .append(d)
        .append("\" fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"")
        .append(width)
        .append('"');
    if (dash != null) {
      sb.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    if (e.relation() != Relation.PEER_OF) {
      sb.append(" marker-end=\"url(#arrow)\"");
    }
    sb.append("/>");
    if (e.detail() != null) {
      int[] at = labelPlace(e.detail(), pts, nearTarget, taken);
      sb.append("<text x=\"")
          .append(at[0])
          .append("\" y=\"")
          .append(at[1])
          .append(
              "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\""
                  + " paint-order=\"stroke\">")
          .append(esc(e.detail()))
          .append("</text>");
    }
    sb.append("</g>\n");
  }

  /**
   * Where an edge's label goes: the first of several points along its path (starting at the
   * preferred end) whose text box covers no box and no label placed before; the preferred point if
   * every one is taken.
   */
  private static int[] labelPlace(
      String text, List<int[]> pts, boolean nearTarget, List<int[]> taken) {
    int w = textWidth(text, 6.2) + 4;
    List<int[]> candidates = new ArrayList<>();
    List<int[]> path = new ArrayList<>(pts);
    if (nearTarget) {
      java.util.Collections.reverse(path);
    }
    for (int k = 0; k + 1 < path.size(); k++) {
      int[] p = path.get(k);
      int[] q = path.get(k + 1);
      for (double f : new double[] {0.3, 0.5, 0.7, 0.15, 0.85}) {
        candidates.add(
            new int[] {
              (int) Math.round(p[0] + (q[0] - p[0]) * f),
              (int) Math.round(p[1] + (q[1] - p[1]) * f) + 4
            });
      }
    }
    for (int[] c : candidates) {
      int[] r = {c[0] - w / 2, c[1] - 10, c[0] + w / 2, c[1] + 3};
      if (taken.stream().noneMatch(t -> r[0] < t[2] && t[0] < r[2] && r[1] < t[3] && t[1] < r[3])) {
        taken.add(r);
        return c;
      }
    }
    return candidates.get(0);
  }

  private static String colour(Relation r) {
    return switch (r) {
      case PARENT_OF -> "#3a6ea5";
      case STORED_IN -> "#a0522d";
      case PEER_OF -> "#b03060";
      case MEMBER_OF -> "#8c8c8c";
      // "port of" (a link enslaved to a bridge or bond) and "attached to" (a vNIC plugged into a
      // TAP, bridge or
      // network) must not look alike: dark solid against teal dotted.
      case ATTACHED_TO -> "#1b7f79";
      default -> "#555555";
    };
  }

  private static String dash(Relation r) {
    return switch (r) {
      case STORED_IN -> "2 3";
      case PEER_OF -> "5 3";
      case ATTACHED_TO -> "2 2";
      default -> null;
    };
  }

  private static void node(StringBuilder sb, Box b, int n, State st, String note) {
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
    String paint =
        " fill=\""
            + fill
            + "\" stroke=\""
            + stroke
            + "\" stroke-width=\""
            + width
            + "\""
            + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
    sb.append("<g class=\"node k-")
        .append(esc(cssName(v.type())))
        .append("\" id=\"n")
        .append(n)
        .append("\" data-id=\"")
        .append(esc(v.id().toString()))
        .append("\" data-box=\"")
        .append(b.x())
        .append(' ')
        .append(b.y())
        .append(' ')
        .append(b.w())
        .append(' ')
        .append(b.h())
        .append('"')
        .append(st == State.DELETED ? " opacity=\"0.75\"" : "")
        .append("><title>")
        .append(esc(v.id().toString()))
        .append(st != null ? esc(" [" + st.label + "]") : "")
        .append("</title>");
    shape(sb, v.type(), b.x(), b.y(), b.w(), b.h(), paint);
    sb.append("<text x=\"")
        .append(b.cx())
        .append("\" y=\"")
        .append(b.y() + 17)
        .append("\" text-anchor=\"middle\" font-weight=\"bold\">")
        .append(esc(v.name()))
        .append("</text>");
    sb.append("<text x=\"")
        .append(b.cx())
        .append("\" y=\"")
        .append(b.y() + 31)
        .append("\" text-anchor=\"middle\" font-size=\"10\" font-style=\"italic\" fill=\"#444\">")
        .append(esc(v.type()))
        .append("</text>");
    if (note != null) {
      sb.append("<text x=\"")
          .append(b.cx())
          .append("\" y=\"")
          .append(b.y() + 45)
          .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1a1a1a\" class=\"note\">")
          .append(esc(note))
          .append("</text>");
    }
    sb.append("</g>\n");
  }

  /**
   * One shape per kind, so kinds differ by outline as well as by colour (and in greyscale print).
   */
  static void shape(StringBuilder sb, String type, int x, int y, int w, int h, String paint) {
    int r = x + w;
    int bt = y + h;
    switch (type) {
      case "nic" -> {
        sb.append("<path d=\"M")
            .append(x + 5)
            .append(',')
            .append(y - 5)
            .append(" L")
            .append(r + 5)
            .append(',')
            .append(y - 5)
            .append(" L")
            .append(r + 5)
            .append(',')
            .append(bt - 5)
            .append(" L")
            .append(r)
            .append(',')
            .append(bt)
            .append(" L")
            .append(x)
            .append(',')
            .append(y)
            .append(" z\"")
            .append(paint)
            .append("/>");
        rect(sb, x, y, w, h, 0, paint);
      }
      case "bond" -> {
        rect(sb, x, y, w, h, 6, paint);
        sb.append("<rect x=\"")
            .append(x + 3)
            .append("\" y=\"")
            .append(y + 3)
            .append("\" width=\"")
            .append(w - 6)
            .append("\" height=\"")
            .append(h - 6)
            .append("\" rx=\"4\" fill=\"none\" stroke=\"#555555\"/>");
      }
      case "vxlan" -> rect(sb, x, y, w, h, 0, paint + " stroke-dasharray=\"4 2\"");
      case "macvlan", "macvtap" -> polygon(sb, paint, x + 8, y, r, y, r - 8, bt, x, bt);
      case "veth" -> rect(sb, x, y, w, h, 14, paint);
      case "bridge" ->
          polygon(
              sb, paint, x + 12, y, r - 12, y, r, y + h / 2, r - 12, bt, x + 12, bt, x, y + h / 2);
      case "tap" -> polygon(sb, paint, x, y, r, y, r, bt - 10, x + w / 2, bt, x, bt - 10);
      case "network" ->
          sb.append("<ellipse cx=\"")
              .append(x + w / 2)
              .append("\" cy=\"")
              .append(y + h / 2)
              .append("\" rx=\"")
              .append(w / 2)
              .append("\" ry=\"")
              .append(h / 2)
              .append('"')
              .append(paint)
              .append("/>");
      case "vnic" -> rect(sb, x, y, w, h, h / 2, paint);
      case "vm" -> {
        rect(sb, x, y, w, h, 3, paint);
        sb.append("<rect x=\"")
            .append(x - 5)
            .append("\" y=\"")
            .append(y + 8)
            .append("\" width=\"10\" height=\"7\"")
            .append(paint)
            .append("/>");
        sb.append("<rect x=\"")
            .append(x - 5)
            .append("\" y=\"")
            .append(bt - 15)
            .append("\" width=\"10\" height=\"7\"")
            .append(paint)
            .append("/>");
      }
      case "pool" -> {
        // A cylinder: its outline, then the front half of its top ellipse over it; both start with
        // the same arc.
        String topArc = "M" + x + "," + (y + 6) + " A" + (w / 2) + ",6 0 0 ";
        sb.append("<path d=\"")
            .append(topArc)
            .append("1 ")
            .append(r)
            .append(',')
            .append(y + 6)
            .append(" L")
            .append(r)
            .append(',')
            .append(bt - 6)
            .append(" A")
            .append(w / 2)
            .append(",6 0 0 1 ")
            .append(x)
            .append(',')
            .append(bt - 6)
            .append(" z\"")
            .append(paint)
            .append("/>");
        sb.append("<path d=\"")
            .append(topArc)
            .append("0 ")
            .append(r)
            .append(',')
            .append(y + 6)
            .append("\" fill=\"none\" stroke=\"#555555\"/>");
      }
      case "volume" -> {
        polygon(sb, paint, x, y, r - 10, y, r, y + 10, r, bt, x, bt);
        sb.append("<path d=\"M")
            .append(r - 10)
            .append(',')
            .append(y)
            .append(" L")
            .append(r - 10)
            .append(',')
            .append(y + 10)
            .append(" L")
            .append(r)
            .append(',')
            .append(y + 10)
            .append("\" fill=\"none\" stroke=\"#555555\"/>");
      }
      default -> rect(sb, x, y, w, h, 0, paint);
    }
  }

  private static void rect(StringBuilder sb, int x, int y, int w, int h, int rx, String paint) {
    sb.append("<rect x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append('"');
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
    sb.append("<g class=\"legend\">\n<text x=\"")
        .append(MARGIN)
        .append("\" y=\"")
        .append(y)
        .append("\" font-weight=\"bold\">Legend</text>\n");
    y += 14;
    List<String> types = new ArrayList<>();
    for (String t : GraphExport.STYLE.keySet()) {
      if (g.vertexSet().stream().anyMatch(v -> v.type().equals(t))) {
        types.add(t);
      }
    }
    g.vertexSet().stream()
        .map(Vertex::type)
        .filter(t -> !types.contains(t))
        .distinct()
        .sorted()
        .forEach(types::add);
    int col = 0;
    for (String t : types) {
      int x = MARGIN + col * LEGEND_ITEM;
      String fill = GraphExport.STYLE.getOrDefault(t, new String[] {"box", "#ffffff"})[1];
      shape(
          sb,
          t,
          x + 6,
          y + 4,
          40,
          20,
          " fill=\"" + fill + "\" stroke=\"#555555\" stroke-width=\"1\"");
      sb.append("<text x=\"")
          .append(x + 54)
          .append("\" y=\"")
          .append(y + 18)
          .append("\">")
          .append(esc(t))
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
      sb.append("<line x1=\"")
          .append(x + 6)
          .append("\" y1=\"")
          .append(y + 14)
          .append("\" x2=\"")
          .append(x + 44)
          .append("\" y2=\"")
          .append(y + 14)
          .append("\" stroke=\"")
          .append(colour(r))
          .append("\" stroke-width=\"1.3\"")
          .append(dash(r) == null ? "" : " stroke-dasharray=\"" + dash(r) + "\"")
          .append(r == Relation.PEER_OF ? "" : " marker-end=\"url(#arrow)\"")
          .append("/>");
      sb.append("<text x=\"")
          .append(x + 54)
          .append("\" y=\"")
          .append(y + 18)
          .append("\">")
          .append(esc(r.label()))
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
        rect(
            sb,
            x + 6,
            y + 4,
            40,
            20,
            3,
            " fill=\"#ffffff\" stroke=\""
                + s.colour
                + "\" stroke-width=\"3\""
                + (s.dash == null ? "" : " stroke-dasharray=\"" + s.dash + "\""));
        sb.append("<text x=\"")
            .append(x + 54)
            .append("\" y=\"")
            .append(y + 18)
            .append("\">")
            .append(s.label)
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
          // Control characters are not allowed in XML 1.0; they cannot come from a valid file, but
          // live names might.
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

  /**
   * A self-contained HTML page: the SVG plus a little CSS and JavaScript to highlight a node's
   * edges on hover.
   */
  public static String html(TopologyGraph tg, Options o) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + esc(o.title())
        + " - vtopo</title>\n<style>\n"
        + "body { margin: 0; font-family: Helvetica, Arial, sans-serif; background: #fafafa; }\n"
        + "header { padding: 8px 16px; border-bottom: 1px solid #ddd; background: #fff; }\n"
        + "main { overflow: auto; }\n"
        + "svg .node, svg .edge { transition: opacity 0.1s; }\n"
        + "svg.focus .node, svg.focus .edge { opacity: 0.15; }\n"
        + "svg.focus .node.hl, svg.focus .edge.hl { opacity: 1; }\n"
        + "svg .edge.hl path { stroke-width: 3; }\n"
        + "</style>\n</head>\n<body>\n<header><strong>"
        + esc(o.title())
        + "</strong> &mdash; hover an object to highlight its connections</header>\n<main>\n"
        + svg(tg, o)
        + "</main>\n<script>\n"
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
