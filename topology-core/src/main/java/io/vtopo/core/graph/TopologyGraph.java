package io.vtopo.core.graph;

import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.Vxlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The topology as a directed graph: every object is a vertex, every reference an edge labelled with
 * its {@link Relation}. Gives the dependency order for creation (and its reverse for teardown) and
 * reports cycles. Construction is deterministic: vertices are added in (layer, id) order, edges in
 * file order.
 */
public final class TopologyGraph {
  private final Graph<Vertex, Edge> graph = new DefaultDirectedGraph<>(Edge.class);
  private final Map<ObjectId, Vertex> byId = new HashMap<>();
  private Graph<Vertex, DefaultEdge> deps;
  private List<Vertex> order;

  private TopologyGraph() {}

  /**
   * Builds the graph of a topology; references to undeclared objects are left out (validation
   * reports them).
   */
  public static TopologyGraph of(Topology t) {
    TopologyGraph g = new TopologyGraph();
    List<Vertex> vs = new ArrayList<>();
    for (Link l : t.links()) {
      vs.add(new Vertex(linkId(l.name()), l.kind(), l.name(), linkLayer(l)));
    }
    for (Network n : t.networks()) {
      vs.add(new Vertex(ObjectId.network(n.name()), "network", n.name(), 4));
    }
    for (Vm vm : t.vms()) {
      vs.add(new Vertex(ObjectId.vm(vm.name()), "vm", vm.name(), 7));
      for (int i = 0; i < vm.nics().size(); i++) {
        vs.add(new Vertex(vnicId(vm, i), "vnic", vm.name() + "/" + nicName(vm, i), 6));
      }
      for (io.vtopo.core.model.Disk d : vm.disks()) {
        vs.add(new Vertex(d.id(vm.name()), "disk", vm.name() + "/" + d.target(), 7));
      }
    }
    for (Pool p : t.pools()) {
      vs.add(new Vertex(ObjectId.pool(p.name()), "pool", p.name(), 8));
      for (Volume v : p.attrs().volumes()) {
        vs.add(new Vertex(volumeId(p.name(), v.name()), "volume", p.name() + "/" + v.name(), 9));
      }
    }
    Collections.sort(vs);
    for (Vertex v : vs) {
      if (g.byId.putIfAbsent(v.id(), v) == null) {
        g.graph.addVertex(v);
      }
    }
    g.addEdges(t);
    return g;
  }

  /**
   * The id of the named link, or null when there is no name (a live veth whose peer is in another
   * namespace).
   */
  static ObjectId linkId(String name) {
    return name == null ? null : ObjectId.link(name);
  }

  static ObjectId volumeId(String pool, String vol) {
    return ObjectId.volume(pool, vol);
  }

  private static ObjectId vnicId(Vm vm, int i) {
    return ObjectId.vnic(vm.name(), Integer.toString(i));
  }

  private static String nicName(Vm vm, int i) {
    String n = vm.nics().get(i).name();
    return n == null ? "nic" + i : n;
  }

  private static int linkLayer(Link l) {
    return switch (l.kind()) {
      case "nic", "dummy" -> 0;
      case "bond" -> 1;
      case "vlan", "vxlan", "macvlan", "macvtap" -> 2;
      case "bridge", "veth" -> 3;
      case "tap" -> 4;
      default -> 2;
    };
  }

  private void edge(ObjectId from, ObjectId to, Relation rel, String detail) {
    Vertex a = from == null ? null : byId.get(from);
    Vertex b = to == null ? null : byId.get(to);
    if (a == null || b == null || a.equals(b) || graph.containsEdge(a, b)) {
      return;
    }
    graph.addEdge(a, b, new Edge(rel, detail));
  }

  private static String vlanDetail(PortVlan pv) {
    if (pv == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    if (pv.pvid() != null) {
      parts.add("pvid " + pv.pvid());
    }
    if (!pv.vids().isEmpty()) {
      parts.add("vids " + compact(pv.vids()));
    }
    if (!pv.untagged().isEmpty()) {
      parts.add("untagged " + compact(pv.untagged()));
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  /** {@code 10,20-29}. */
  static String compact(List<Integer> vids) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < vids.size()) {
      int j = i;
      while (j + 1 < vids.size() && vids.get(j + 1) == vids.get(j) + 1) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(vids.get(i));
      if (j > i) {
        sb.append('-').append(vids.get(j));
      }
      i = j + 1;
    }
    return sb.toString();
  }

  private void addEdges(Topology t) {
    for (Link l : t.links()) {
      ObjectId id = linkId(l.name());
      if (l instanceof Bridge b) {
        for (BridgePort p : b.ports()) {
          edge(linkId(p.name()), id, Relation.PORT_OF, vlanDetail(p.vlan()));
        }
      } else if (l instanceof Bond b) {
        for (String p : b.ports()) {
          edge(linkId(p), id, Relation.PORT_OF, null);
        }
      }
      if (l.attrs().master() != null) {
        edge(id, linkId(l.attrs().master()), Relation.PORT_OF, vlanDetail(l.attrs().portVlan()));
      }
      // Live links may name no lower link or peer (it lives in another namespace): no edge then.
      if (l instanceof Vlan v && v.parent() != null) {
        edge(
            linkId(v.parent()),
            id,
            Relation.PARENT_OF,
            "vlan " + v.id() + (v.protocol().keyword().equals("802.1ad") ? " 802.1ad" : ""));
      } else if (l instanceof Macvlan m && m.parent() != null) {
        edge(
            linkId(m.parent()),
            id,
            Relation.PARENT_OF,
            m.mode() == null ? null : m.mode().keyword());
      } else if (l instanceof Macvtap m && m.parent() != null) {
        edge(
            linkId(m.parent()),
            id,
            Relation.PARENT_OF,
            m.mode() == null ? null : m.mode().keyword());
      } else if (l instanceof Vxlan x && x.underlay() != null) {
        edge(linkId(x.underlay()), id, Relation.PARENT_OF, "vni " + x.vni());
      } else if (l instanceof Veth v && v.peer() != null && byId.containsKey(linkId(v.peer()))) {
        edge(id, linkId(v.peer()), Relation.PEER_OF, null);
      }
    }
    for (Network n : t.networks()) {
      if (n.mode() == NetworkMode.BRIDGE && n.bridge() != null) {
        edge(ObjectId.network(n.name()), linkId(n.bridge()), Relation.ATTACHED_TO, null);
      }
    }
    for (Vm vm : t.vms()) {
      for (int i = 0; i < vm.nics().size(); i++) {
        Vnic nic = vm.nics().get(i);
        ObjectId id = vnicId(vm, i);
        edge(id, ObjectId.vm(vm.name()), Relation.MEMBER_OF, null);
        ObjectId target =
            switch (nic.attachment().kind()) {
              case TAP, BRIDGE, DIRECT -> linkId(nic.attachment().target());
              case NETWORK ->
                  nic.attachment().target() == null
                      ? null
                      : ObjectId.network(nic.attachment().target());
              case OTHER -> null;
            };
        if (target == null) {
          continue;
        }
        String detail =
            nic.vlan() != null
                ? "vlan " + nic.vlan()
                : nic.portGroup() != null ? "portgroup " + nic.portGroup() : null;
        edge(id, target, Relation.ATTACHED_TO, detail);
      }
    }
    for (Vm vm : t.vms()) {
      for (io.vtopo.core.model.Disk d : vm.disks()) {
        ObjectId id = d.id(vm.name());
        edge(id, ObjectId.vm(vm.name()), Relation.MEMBER_OF, null);
        if (d.source().kind() == io.vtopo.core.model.Disk.SourceKind.VOLUME) {
          edge(id, volumeId(d.source().pool(), d.source().name()), Relation.STORED_IN, d.target());
        }
      }
    }
    for (Pool p : t.pools()) {
      for (Volume v : p.attrs().volumes()) {
        ObjectId id = volumeId(p.name(), v.name());
        edge(id, ObjectId.pool(p.name()), Relation.STORED_IN, null);
        if (v.backing() != null) {
          // backing is the file format's reference: NAME in the same pool or POOL/NAME
          int slash = v.backing().indexOf('/');
          ObjectId ref =
              slash < 0
                  ? volumeId(p.name(), v.backing())
                  : volumeId(v.backing().substring(0, slash), v.backing().substring(slash + 1));
          edge(ref, id, Relation.PARENT_OF, "backing");
        }
      }
    }
  }

  /** A read-only view of the graph. */
  public Graph<Vertex, Edge> view() {
    return new AsUnmodifiableGraph<>(graph);
  }

  /** The vertex with this id, or null. */
  public Vertex vertex(ObjectId id) {
    return byId.get(id);
  }

  /**
   * The dependency graph: an edge a -> b means a must exist before b. Veth peer edges are not
   * dependencies.
   */
  private synchronized Graph<Vertex, DefaultEdge> dependencies() {
    if (deps != null) {
      return deps;
    }
    Graph<Vertex, DefaultEdge> dep = new DefaultDirectedGraph<>(DefaultEdge.class);
    graph.vertexSet().forEach(dep::addVertex);
    for (Edge e : graph.edgeSet()) {
      if (e.relation() == Relation.PEER_OF) {
        continue;
      }
      Vertex s = graph.getEdgeSource(e);
      Vertex d = graph.getEdgeTarget(e);
      if (e.relation().targetFirst()) {
        dep.addEdge(d, s);
      } else {
        dep.addEdge(s, d);
      }
    }
    deps = dep;
    return dep;
  }

  /** The topological order, or null when the dependencies have a cycle. */
  private synchronized List<Vertex> order() {
    if (order == null) {
      Graph<Vertex, DefaultEdge> dep = dependencies();
      List<Vertex> out = new ArrayList<>(dep.vertexSet().size());
      try {
        new TopologicalOrderIterator<>(dep, Vertex::compareTo).forEachRemaining(out::add);
      } catch (IllegalArgumentException cycle) {
        return null;
      }
      order = out.size() == dep.vertexSet().size() ? List.copyOf(out) : null;
    }
    return order;
  }

  /** Vertices that lie on a dependency cycle, sorted; empty for a valid topology. */
  public Set<Vertex> cycles() {
    if (order() != null) {
      return Set.of();
    }
    return new TreeSet<>(new CycleDetector<>(dependencies()).findCycles());
  }

  /**
   * Creation order: every object after what it depends on, ties broken by (layer, id).
   *
   * @throws IllegalStateException if the dependencies contain a cycle (see {@link #cycles()})
   */
  public List<Vertex> creationOrder() {
    List<Vertex> o = order();
    if (o == null) {
      throw new IllegalStateException("dependency cycle through " + cycles());
    }
    return o;
  }

  /**
   * The creation order, or when the dependencies have a cycle (live state is not validated), all
   * vertices in (layer, id) order.
   */
  public List<Vertex> creationOrderOrFallback() {
    List<Vertex> o = order();
    return o != null ? o : graph.vertexSet().stream().sorted().toList();
  }

  /** The reverse of {@link #creationOrderOrFallback()}. */
  public List<Vertex> teardownOrderOrFallback() {
    List<Vertex> out = new ArrayList<>(creationOrderOrFallback());
    Collections.reverse(out);
    return out;
  }

  /** Teardown order: the reverse of {@link #creationOrder()}. */
  public List<Vertex> teardownOrder() {
    List<Vertex> out = new ArrayList<>(creationOrder());
    Collections.reverse(out);
    return out;
  }
}
