package io.vtopo.core.reach;

import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.MacvlanMode;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Vxlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layer-2 view of a topology: every place a frame can be (a link, a VLAN on a link's wire, a
 * VLAN of a filtering bridge, a libvirt network's bridge, a vNIC) is a node, and "same broadcast
 * domain" relations join nodes in a union-find. Each relation is also kept as an undirected edge so
 * a path between two nodes of one domain can be shown hop by hop. Built once per topology; queries
 * never enumerate pairs.
 */
final class L2 {
  /** What a node stands for. */
  enum Kind {
    /** A declared link, or a name a link refers to (veth peer, undeclared bridge). */
    LINK,
    /** VLAN {@code vid} as tagged frames on the wire of {@code link}. */
    TAGGED,
    /** VLAN {@code vid} inside VLAN-filtering bridge {@code link}. */
    FILTERED,
    /** A libvirt network's bridge. */
    NETWORK,
    /** The bridge-mode macvlan/macvtap siblings on parent {@code link}. */
    MACVLAN_GROUP,
    /** Every VXLAN device on this host with one VNI and UDP port. */
    VNI,
    /** The far end of a veth pair in another network namespace. */
    NETNS_PEER,
    /** A VM's vNIC. */
    VNIC
  }

  /**
   * A node.
   *
   * @param kind what it stands for
   * @param link the link, network or VM/NIC it belongs to
   * @param vid VLAN id for TAGGED and FILTERED (802.1ad tags are offset by {@link #QINQ}), else 0
   * @param label how a path shows it
   */
  record Node(Kind kind, String link, int vid, String label) {}

  /** 802.1ad (service) tags are kept apart from 802.1Q tags by this offset. */
  static final int QINQ = 10_000;

  /** The kernel's default PVID of a VLAN-filtering bridge and its ports. */
  static final int DEFAULT_PVID = 1;

  final Topology topology;
  final boolean honourState;
  final List<Node> nodes = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private int[] parent = new int[64];
  private int[] rank = new int[64];

  /**
   * A second union-find over transparent relations only: links whose tagged frames travel together.
   */
  private int[] wire = new int[64];

  private final List<int[]> edges = new ArrayList<>();
  private int[][] adjacency;
  final Map<String, Link> links = new HashMap<>();
  final Map<String, Network> networks = new HashMap<>();
  final Set<String> down = new HashSet<>();

  /** vNIC endpoint node per VM and NIC index, in file order. */
  final Map<String, int[]> vnicNodes = new LinkedHashMap<>();

  /** The node a vNIC is plugged into (tap, bridge, network), for explanations. */
  final Map<Integer, Integer> attachedTo = new HashMap<>();

  private L2(Topology topology, boolean honourState) {
    this.topology = topology;
    this.honourState = honourState;
  }

  /**
   * Builds the domains.
   *
   * @param t the topology (references to undeclared objects are tolerated)
   * @param honourState false to treat links that are administratively down as up, to find where a
   *     path would run
   */
  static L2 build(Topology t, boolean honourState) {
    L2 g = new L2(t, honourState);
    g.buildAll();
    return g;
  }

  /**
   * A link vtopo creates without a {@code state:} stays down: apply leaves an unset state as it is,
   * and the kernel creates every link down. NICs exist before vtopo and links read from a live host
   * carry their state.
   */
  static boolean createdDown(Link l) {
    return l.attrs().state() == null
        && !(l instanceof io.vtopo.core.model.Nic)
        && !(l instanceof io.vtopo.core.model.UnknownLink);
  }

  private void buildAll() {
    for (Link l : topology.links()) {
      links.put(l.name(), l);
      if (honourState && (l.attrs().state() == AdminState.DOWN || createdDown(l))) {
        down.add(l.name());
      }
      link(l.name());
    }
    for (Network n : topology.networks()) {
      networks.put(n.name(), n);
    }
    Map<String, Map<String, PortVlan>> bridgePorts = new LinkedHashMap<>();
    Map<String, List<String>> bondPorts = new LinkedHashMap<>();
    for (Link l : topology.links()) {
      if (l instanceof Bridge b) {
        Map<String, PortVlan> ports =
            bridgePorts.computeIfAbsent(b.name(), k -> new LinkedHashMap<>());
        for (BridgePort p : b.ports()) {
          ports.merge(
              p.name(), orNone(p.vlan()), (a, c) -> a.pvid() == null && a.vids().isEmpty() ? c : a);
        }
      } else if (l instanceof Bond b) {
        bondPorts.computeIfAbsent(b.name(), k -> new ArrayList<>()).addAll(b.ports());
      }
    }
    for (Link l : topology.links()) {
      String m = l.attrs().master();
      if (m == null) {
        continue;
      }
      if (links.get(m) instanceof Bond) {
        bondPorts.computeIfAbsent(m, k -> new ArrayList<>()).add(l.name());
      } else {
        bridgePorts
            .computeIfAbsent(m, k -> new LinkedHashMap<>())
            .merge(
                l.name(),
                orNone(l.attrs().portVlan()),
                (a, c) -> a.pvid() == null && a.vids().isEmpty() ? c : a);
      }
    }
    bondPorts.forEach((bond, ports) -> ports.forEach(p -> joinWire(link(p), link(bond))));
    bridgePorts.forEach(
        (br, ports) -> {
          if (filtering(br)) {
            unite(link(br), filtered(br, DEFAULT_PVID));
            ports.forEach(
                (p, pv) -> {
                  unite(link(p), filtered(br, pv.pvid() == null ? DEFAULT_PVID : pv.pvid()));
                  for (int vid : pv.vids()) {
                    unite(tagged(p, vid), filtered(br, vid));
                  }
                });
          } else {
            ports.keySet().forEach(p -> joinWire(link(p), link(br)));
          }
        });
    for (Link l : topology.links()) {
      if (l instanceof Vlan v) {
        int vid = v.protocol() == VlanProtocol.DOT1AD ? v.id() + QINQ : v.id();
        unite(link(v.name()), tagged(v.parent(), vid));
      } else if (l instanceof Veth v) {
        if (v.peerNetns() == null) {
          joinWire(link(v.name()), link(v.peer()));
        } else {
          unite(
              link(v.name()),
              node(
                  "P:" + v.peerNetns() + "/" + v.peer(),
                  Kind.NETNS_PEER,
                  v.name(),
                  0,
                  v.peer() + " (netns " + v.peerNetns() + ")"));
        }
      } else if (l instanceof Vxlan x) {
        int port = x.dstPort() == null ? 8472 : x.dstPort();
        joinWire(
            link(x.name()),
            node(
                "X:" + x.vni() + ":" + port,
                Kind.VNI,
                x.name(),
                0,
                "vni "
                    + x.vni()
                    + (x.remote() != null
                        ? " (remote " + x.remote() + ")"
                        : x.group() != null ? " (group " + x.group() + ")" : "")));
      } else if (l instanceof Macvlan m && m.mode() == MacvlanMode.BRIDGE) {
        joinWire(link(m.name()), macvlanGroup(m.parent()));
      } else if (l instanceof Macvtap m && m.mode() == MacvlanMode.BRIDGE) {
        joinWire(link(m.name()), macvlanGroup(m.parent()));
      }
    }
    for (Network n : topology.networks()) {
      networkNode(n.name());
    }
    for (Vm vm : topology.vms()) {
      int[] ids = new int[vm.nics().size()];
      for (int i = 0; i < ids.length; i++) {
        Vnic nic = vm.nics().get(i);
        String label = vm.name() + "/" + (nic.name() == null ? "nic" + i : nic.name());
        int e = node("E:" + vm.name() + "/" + i, Kind.VNIC, vm.name(), i, label);
        ids[i] = e;
        String target = nic.attachment().target();
        int at =
            switch (nic.attachment().kind()) {
              case TAP, BRIDGE -> link(target);
              case NETWORK -> networkNode(target);
              // macvtap: the guest shares the lower device's segment (in bridge mode not with the
              // host itself; the static
              // analysis does not model that distinction).
              case DIRECT -> link(target);
              // vhostuser, hostdev, user...: outside every host segment vtopo models.
              case OTHER ->
                  node(
                      "O:" + vm.name() + "/" + i,
                      Kind.VNIC,
                      vm.name(),
                      i,
                      label + " (" + target + ")");
            };
        attachedTo.put(e, at);
        Integer vlan = vlanOf(nic);
        if ("down".equals(nic.link())) {
          // link: down cuts the vNIC's cable (libvirt's link state): its frames go nowhere, as a
          // link that is down joins nothing.
          continue;
        }
        if (vlan == null) {
          joinWire(e, at);
        } else {
          Node a = nodes.get(at);
          unite(
              e, a.kind() == Kind.LINK ? tagged(a.link(), vlan) : tagged(a.link() + "@net", vlan));
        }
      }
      vnicNodes.put(vm.name(), ids);
    }
    canonicaliseTags();
  }

  private static PortVlan orNone(PortVlan pv) {
    return pv == null ? new PortVlan(null, List.of()) : pv;
  }

  /**
   * The VLAN a vNIC's frames are tagged into: its own {@code vlan}, else its port group's, else the
   * default's.
   */
  Integer vlanOf(Vnic nic) {
    if (nic.vlan() != null) {
      return nic.vlan();
    }
    if (nic.attachment().kind() != Vnic.AttachKind.NETWORK) {
      return null;
    }
    Network n = networks.get(nic.attachment().target());
    if (n == null) {
      return null;
    }
    for (PortGroup pg : n.portGroups()) {
      if (nic.portGroup() != null ? pg.name().equals(nic.portGroup()) : pg.isDefault()) {
        return pg.vlan();
      }
    }
    return null;
  }

  boolean filtering(String bridge) {
    return links.get(bridge) instanceof Bridge b && Boolean.TRUE.equals(b.vlanFiltering());
  }

  int link(String name) {
    return node("L:" + name, Kind.LINK, name, 0, name);
  }

  /** A libvirt network's node; a bridge-mode network is the host bridge it names. */
  int networkNode(String name) {
    Network n = networks.get(name);
    if (n != null && n.mode() == NetworkMode.BRIDGE && n.bridge() != null) {
      return link(n.bridge());
    }
    String label =
        n == null
            ? "network " + name
            : (n.bridge() != null
                ? n.bridge() + " (network " + name + ", " + n.mode().keyword() + ")"
                : "network " + name + " (" + n.mode().keyword() + ")");
    return node("N:" + name, Kind.NETWORK, name, 0, label);
  }

  private int macvlanGroup(String parent) {
    return node("M:" + parent, Kind.MACVLAN_GROUP, parent, 0, parent + " (macvlan bridge mode)");
  }

  /**
   * VLAN {@code vid} on {@code link}'s wire; inside a filtering bridge that is the bridge's own
   * VLAN.
   */
  int tagged(String link, int vid) {
    if (filtering(link)) {
      return filtered(link, vid);
    }
    return node("T:" + link + "#" + vid, Kind.TAGGED, link, vid, link + " " + vlanText(vid));
  }

  int filtered(String bridge, int vid) {
    return node(
        "F:" + bridge + "#" + vid, Kind.FILTERED, bridge, vid, bridge + " (" + vlanText(vid) + ")");
  }

  static String vlanText(int vid) {
    return vid >= QINQ ? "s-vlan " + (vid - QINQ) : "vlan " + vid;
  }

  private int node(String key, Kind kind, String link, int vid, String label) {
    Integer id = index.get(key);
    if (id != null) {
      return id;
    }
    int n = nodes.size();
    nodes.add(new Node(kind, link, vid, label));
    index.put(key, n);
    if (n == parent.length) {
      parent = Arrays.copyOf(parent, n * 2);
      rank = Arrays.copyOf(rank, n * 2);
      wire = Arrays.copyOf(wire, n * 2);
    }
    parent[n] = n;
    wire[n] = n;
    return n;
  }

  /**
   * True if the node is a link (or a VLAN of a link, or a bridge's VLAN) that is administratively
   * down.
   */
  boolean isDown(int n) {
    Node x = nodes.get(n);
    return !down.isEmpty() && x.kind() != Kind.VNIC && down.contains(x.link());
  }

  /**
   * Joins two nodes by a transparent relation (bridge without filtering, bond, veth, VNI, macvlan
   * bridge mode): their untagged and their tagged frames meet.
   */
  private void joinWire(int a, int b) {
    unite(a, b);
    if (isDown(a) || isDown(b)) {
      return;
    }
    int ra = wireRoot(a);
    int rb = wireRoot(b);
    if (ra != rb) {
      wire[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  private int wireRoot(int n) {
    while (wire[n] != n) {
      wire[n] = wire[wire[n]];
      n = wire[n];
    }
    return n;
  }

  /**
   * Joins two nodes into one domain unless a link between them is down. Returns true if that merged
   * domains.
   */
  private boolean unite(int a, int b) {
    if (isDown(a) || isDown(b)) {
      return false;
    }
    edges.add(new int[] {a, b});
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return false;
    }
    if (rank[ra] < rank[rb]) {
      int t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    if (rank[ra] == rank[rb]) {
      rank[ra]++;
    }
    return true;
  }

  int find(int n) {
    int r = n;
    while (parent[r] != r) {
      r = parent[r];
    }
    while (parent[n] != r) {
      int next = parent[n];
      parent[n] = r;
      n = next;
    }
    return r;
  }

  /**
   * A VLAN tag travels wherever the untagged frames of its link travel through transparent
   * relations (a bridge without filtering forwards tagged frames too, a bond and a veth carry
   * them), so the tagged nodes of one VLAN on one wire are one domain. A VLAN-filtering bridge is
   * not transparent: it passes a tag only between ports that carry it, which the port rules
   * expressed.
   */
  private void canonicaliseTags() {
    Map<Long, Integer> first = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (n.kind() != Kind.TAGGED) {
        continue;
      }
      Integer base = index.get("L:" + n.link());
      if (base == null) {
        base = index.get("N:" + n.link().replace("@net", ""));
      }
      if (base == null) {
        continue;
      }
      long key = ((long) wireRoot(base) << 20) | n.vid();
      Integer other = first.putIfAbsent(key, i);
      if (other != null) {
        unite(other, i);
      }
    }
  }

  /** Undirected adjacency of the relations that were kept (built lazily, once). */
  private synchronized int[][] adjacency() {
    if (adjacency == null) {
      int[] deg = new int[nodes.size()];
      for (int[] e : edges) {
        deg[e[0]]++;
        deg[e[1]]++;
      }
      int[][] adj = new int[nodes.size()][];
      for (int i = 0; i < adj.length; i++) {
        adj[i] = new int[deg[i]];
      }
      int[] fill = new int[nodes.size()];
      for (int[] e : edges) {
        adj[e[0]][fill[e[0]]++] = e[1];
        adj[e[1]][fill[e[1]]++] = e[0];
      }
      adjacency = adj;
    }
    return adjacency;
  }

  /**
   * The shortest chain of relations from {@code a} to {@code b} (breadth first, neighbours in
   * insertion order, so the answer is deterministic), or an empty list if they are in different
   * domains. Cost: the size of the domain.
   */
  List<Integer> path(int a, int b) {
    if (find(a) != find(b)) {
      return List.of();
    }
    int[][] adj = adjacency();
    Map<Integer, Integer> prev = new HashMap<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    prev.put(a, a);
    queue.add(a);
    while (!queue.isEmpty()) {
      int n = queue.poll();
      if (n == b) {
        break;
      }
      for (int m : adj[n]) {
        if (!prev.containsKey(m)) {
          prev.put(m, n);
          queue.add(m);
        }
      }
    }
    if (!prev.containsKey(b)) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (int n = b; n != a; n = prev.get(n)) {
      out.add(n);
    }
    out.add(a);
    Collections.reverse(out);
    return out;
  }

  /** The node of a declared link, or -1. */
  int linkNode(String name) {
    Integer i = index.get("L:" + name);
    return i == null ? -1 : i;
  }

  /** The node of a libvirt network, or -1. */
  int networkNodeIfAny(String name) {
    Integer i = index.get("N:" + name);
    return i == null ? -1 : i;
  }
}
