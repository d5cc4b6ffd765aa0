package io.vtopo.core.plan;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.graph.Vertex;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.BridgePort;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Links;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Volume;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the plan that makes a live host match a topology. Pure: reads nothing, changes nothing.
 *
 * <p>Rules: objects are matched by name; only fields the file sets are compared; an object the file
 * declares that exists live but belongs to nobody (or another topology) is refused, never taken
 * over silently (NICs are the exception: declaring one is the consent to configure it, and vtopo
 * never deletes one); objects owned by this topology that the file no longer declares are deleted.
 * Destructive steps and steps that touch the management path are listed but refused unless the
 * matching flag is given.
 */
public final class Planner {
  private final Topology desired;
  private final HostState live;
  private final PlanOptions opts;
  private final List<Step> deletes = new ArrayList<>();
  private final Map<ObjectId, Step> upserts = new HashMap<>();
  private final List<Refusal> refusals = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<Foreign> foreign = new ArrayList<>();
  private final List<Step> deviceDetaches = new ArrayList<>();
  private final List<Step> deviceUpdates = new ArrayList<>();
  private Set<String> protectedLinks;

  private Planner(Topology desired, HostState live, PlanOptions opts) {
    this.desired = desired;
    this.live = live;
    this.opts = opts;
  }

  /** Plans {@code desired} against {@code live}. */
  public static Plan plan(Topology desired, HostState live, PlanOptions opts) {
    Planner p = new Planner(desired, live, opts);
    p.links();
    p.networks();
    p.pools();
    p.refusals.addAll(HostChecks.refusals(desired, live, live.facts()));
    new DevicePlanner(
            desired, live, p.deviceDetaches, p.deviceUpdates, p.refusals, p.warnings, p.foreign)
        .run();
    return p.build();
  }

  /** The plan that removes everything {@code topology} owns (for {@code vtopo destroy}). */
  public static Plan destroy(String topology, HostState live, PlanOptions opts) {
    Topology empty = new Topology(topology, List.of(), List.of(), List.of(), List.of(), List.of());
    return plan(empty, live, opts);
  }

  /**
   * The desired links with master and bridge VLAN membership resolved from every direction they can
   * be written in, as the kernel reports them: a bridge's {@code ports:} and a port's {@code
   * master:}; a port entry's {@code pvid/vids} and the port's {@code bridge-vlan}; and a VM vNIC's
   * {@code vlan} on a TAP, which is that TAP's VLAN membership (an access port: the VLAN as PVID,
   * untagged) on its bridge: a VLAN per vNIC on a plain Linux bridge, which libvirt cannot express
   * for Linux bridges.
   */
  public static List<Link> effectiveLinks(Topology t) {
    Map<String, String> master = new HashMap<>();
    Map<String, PortVlan> vlan = new HashMap<>();
    for (Link l : t.links()) {
      if (l instanceof Bridge b) {
        for (BridgePort p : b.ports()) {
          master.put(p.name(), b.name());
          if (p.vlan() != null) {
            vlan.put(p.name(), p.vlan());
          }
        }
      } else if (l instanceof Bond b) {
        b.ports().forEach(p -> master.put(p, b.name()));
      }
    }
    for (Vm vm : t.vms()) {
      for (Vnic nic : vm.nics()) {
        if (nic.attachment().kind() == Vnic.AttachKind.TAP && nic.vlan() != null) {
          vlan.putIfAbsent(nic.attachment().target(), PortVlan.access(nic.vlan()));
        }
      }
    }
    List<Link> out = new ArrayList<>();
    for (Link l : t.links()) {
      var a = l.attrs();
      String m = a.master() != null ? a.master() : master.get(l.name());
      PortVlan pv = a.portVlan() != null ? a.portVlan() : vlan.get(l.name());
      out.add(Links.withAttrs(l, a.withMaster(m).withPortVlan(pv)));
    }
    return out;
  }

  /**
   * The other end of each declared veth pair in this namespace, by the declared end's name: a pair
   * is one object, so the other end needs no entry of its own, is never deleted as undeclared, and
   * goes away with the pair.
   */
  private static Map<String, String> pairPeers(List<Link> declared) {
    Map<String, String> out = new HashMap<>();
    for (Link l : declared) {
      if (l instanceof Veth v && v.peerNetns() == null && v.peer() != null) {
        out.put(v.name(), v.peer());
      }
    }
    return out;
  }

  private void links() {
    Map<String, Owned<Link>> byName = new LinkedHashMap<>();
    live.links().forEach(o -> byName.put(o.value().name(), o));
    Set<String> wanted = new HashSet<>();
    List<Link> declared = effectiveLinks(desired);
    Map<String, String> peers = pairPeers(declared);
    declared.forEach(d -> wanted.add(d.name()));
    wanted.addAll(peers.values());
    Set<String> replaced = new HashSet<>();
    for (Link d : declared) {
      Owned<Link> o = byName.get(d.name());
      ObjectId id = ObjectId.link(d.name());
      if (o == null) {
        if (d instanceof Nic) {
          refusals.add(
              new Refusal(
                  id,
                  "NIC '" + d.name() + "' does not exist on this host; vtopo never creates NICs",
                  null));
          continue;
        }
        String peer = peers.get(d.name());
        Owned<Link> peerLive =
            peer == null
                    || wanted.contains(peer)
                        && declared.stream().anyMatch(x -> x.name().equals(peer))
                ? null
                : byName.get(peer);
        // The other end of an owned pair the file no longer declares goes with that pair's
        // deletion, which the plan
        // runs first (a veth renamed while its peer keeps its name).
        boolean leaving =
            peerLive != null
                && peerLive.ownedBy(desired.name())
                && peerLive.value() instanceof Veth pv
                && pv.peer() != null
                && !wanted.contains(pv.peer());
        if (peerLive != null && !leaving) {
          refusals.add(
              new Refusal(
                  id,
                  "the veth pair's other end '"
                      + peer
                      + "' already exists as a "
                      + peerLive.value().kind()
                      + (peerLive.owner() == null
                          ? " vtopo did not create"
                          : " of topology '" + peerLive.owner() + "'")
                      + "; the kernel creates both ends at once",
                  null));
          continue;
        }
        upserts.put(id, Step.LinkStep.create(d));
        continue;
      }
      Link l = o.value();
      if (!(d instanceof Nic) && !o.ownedBy(desired.name())) {
        List<FieldChange> differ = new ArrayList<>();
        Diff.link(l, d, opts.linkContract(), differ);
        foreign(id, o.owner(), differ, "a " + l.kind() + " named '" + d.name() + "'");
        continue;
      }
      List<FieldChange> ch = new ArrayList<>();
      Diff.link(l, d, opts.linkContract(), ch);
      if (ch.isEmpty()) {
        continue;
      }
      List<FieldChange> cannot = ch.stream().filter(c -> c.effect() == Effect.UNSUPPORTED).toList();
      if (!cannot.isEmpty()) {
        for (FieldChange c : cannot) {
          refusals.add(
              new Refusal(
                  id,
                  "links["
                      + d.name()
                      + "]."
                      + c.field()
                      + ": the link backend cannot change"
                      + " it on a "
                      + d.kind()
                      + " (live "
                      + c.liveText()
                      + ", desired "
                      + c.desiredText()
                      + ")",
                  null));
        }
        continue;
      }
      boolean replace = ch.stream().anyMatch(c -> c.effect() == Effect.REPLACE);
      Set<Mark> marks = EnumSet.noneOf(Mark.class);
      if (replace
          || ch.stream()
              .anyMatch(
                  c ->
                      c.effect() == Effect.DISRUPTIVE
                          || c.key() == LinkField.MASTER
                          || c.key() == LinkField.STATE && c.desired() == AdminState.DOWN)) {
        marks.add(Mark.DISRUPTIVE);
      }
      if (replace && d instanceof Nic) {
        refusals.add(
            new Refusal(
                id,
                "NIC '"
                    + d.name()
                    + "' would need replacing ("
                    + ch
                    + "); NICs are never"
                    + " deleted",
                null));
        continue;
      }
      if (replace) {
        replaced.add(d.name());
      }
      Step s =
          new Step.LinkStep(
              replace ? Action.REPLACE : Action.MODIFY,
              l,
              d,
              ch,
              marks,
              marks.contains(Mark.DISRUPTIVE) ? impactOfLink(d.name()) : List.of());
      upserts.put(id, s);
      guard(s, ch);
    }
    Set<String> deleted = new HashSet<>();
    for (Owned<Link> o : live.links()) {
      Link l = o.value();
      if (wanted.contains(l.name()) || !o.ownedBy(desired.name())) {
        continue;
      }
      // The other end of a pair already being deleted or replaced goes with it: one step per pair.
      if (l instanceof Veth v
          && v.peer() != null
          && (deleted.contains(v.peer()) || replaced.contains(v.peer()))) {
        continue;
      }
      deleted.add(l.name());
      Step s = Step.LinkStep.delete(l, impactOfLiveLink(l.name()));
      deletes.add(s);
      guard(s, List.of());
    }
  }

  /** Refuses steps that would cut the operator's path unless --allow-disconnect. */
  private void guard(Step s, List<FieldChange> ch) {
    String name = s.id().name();
    if (opts.allowDisconnect() || !protectedLinks().contains(name)) {
      return;
    }
    boolean cuts =
        s.action() == Action.DELETE
            || s.action() == Action.REPLACE
            || ch.stream()
                .anyMatch(
                    c ->
                        c.key() == LinkField.MASTER
                            || c.key() == LinkField.ADDRESSES
                            || c.key() == LinkField.ROUTES
                            || c.key() == LinkField.MTU
                            || c.key() == LinkField.MAC
                            || c.key() == LinkField.STATE && c.desired() == AdminState.DOWN);
    if (cuts) {
      refusals.add(
          new Refusal(
              s.id(),
              "this "
                  + s.action().verb()
                  + " touches '"
                  + name
                  + "', which carries the"
                  + " management path (default route or the current SSH session)",
              PlanOptions.ALLOW_DISCONNECT));
    }
  }

  /**
   * Links whose change could cut the operator off: those holding the default route or an SSH
   * session's local address, and every link below them (ports, parents), since taking those down
   * takes the path down too.
   */
  private Set<String> protectedLinks() {
    if (protectedLinks == null) {
      protectedLinks = computeProtectedLinks();
    }
    return protectedLinks;
  }

  private Set<String> computeProtectedLinks() {
    Set<String> roots = new HashSet<>();
    for (Owned<Link> o : live.links()) {
      var a = o.value().attrs();
      boolean defaultRoute =
          a.routes().stream().anyMatch(r -> r.to() != null && r.to().length() == 0);
      boolean ssh =
          a.addresses().stream()
              .map(IpPrefix::address)
              .anyMatch(opts.managementAddresses()::contains);
      if (defaultRoute || ssh) {
        roots.add(o.value().name());
      }
    }
    Map<String, List<String>> below = new HashMap<>();
    for (Owned<Link> o : live.links()) {
      Link l = o.value();
      if (l.attrs().master() != null) {
        below.computeIfAbsent(l.attrs().master(), k -> new ArrayList<>()).add(l.name());
      }
      String lower = Links.lower(l);
      if (lower != null) {
        below.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(lower);
      }
    }
    Set<String> out = new HashSet<>();
    List<String> todo = new ArrayList<>(roots);
    while (!todo.isEmpty()) {
      String n = todo.remove(todo.size() - 1);
      if (out.add(n)) {
        todo.addAll(below.getOrDefault(n, List.of()));
      }
    }
    return out;
  }

  /**
   * VMs whose vNICs sit on this link or on anything above it (ports of a bridge, VLANs on a
   * bond...).
   */
  private List<String> impactOfLink(String link) {
    Map<String, List<String>> above = new HashMap<>();
    for (Link l : effectiveLinks(desired)) {
      if (l.attrs().master() != null) {
        above.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(l.attrs().master());
      }
      String lower = Links.lower(l);
      if (lower != null) {
        above.computeIfAbsent(lower, k -> new ArrayList<>()).add(l.name());
      }
    }
    // Downward too: a bridge's ports (taps) carry VMs.
    Map<String, List<String>> ports = new HashMap<>();
    for (Link l : effectiveLinks(desired)) {
      if (l.attrs().master() != null) {
        ports.computeIfAbsent(l.attrs().master(), k -> new ArrayList<>()).add(l.name());
      }
    }
    Set<String> reach = new HashSet<>();
    List<String> todo = new ArrayList<>(List.of(link));
    while (!todo.isEmpty()) {
      String n = todo.remove(todo.size() - 1);
      if (reach.add(n)) {
        todo.addAll(above.getOrDefault(n, List.of()));
        todo.addAll(ports.getOrDefault(n, List.of()));
      }
    }
    List<String> out = new ArrayList<>();
    for (Vm vm : desired.vms()) {
      for (Vnic nic : vm.nics()) {
        if (nic.attachment().kind() != Vnic.AttachKind.NETWORK
            && reach.contains(nic.attachment().target())) {
          out.add(
              "vm "
                  + vm.name()
                  + " ("
                  + (nic.name() == null ? "vnic" : nic.name())
                  + " via "
                  + nic.attachment().target()
                  + ")");
        }
      }
      for (Network n : desired.networks()) {
        if (n.bridge() != null && reach.contains(n.bridge())) {
          vm.nics().stream()
              .filter(
                  x ->
                      x.attachment().kind() == Vnic.AttachKind.NETWORK
                          && x.attachment().target().equals(n.name()))
              .findFirst()
              .ifPresent(x -> out.add("vm " + vm.name() + " (network " + n.name() + ")"));
        }
      }
    }
    return out.stream().distinct().sorted().toList();
  }

  private List<String> impactOfLiveLink(String link) {
    List<String> out = new ArrayList<>(impactOfLink(link));
    for (Owned<Link> o : live.links()) {
      if (link.equals(o.value().attrs().master()) || link.equals(Links.lower(o.value()))) {
        out.add(
            "link "
                + o.value().name()
                + " loses its "
                + (link.equals(o.value().attrs().master()) ? "master" : "lower link"));
      }
    }
    return out.stream().distinct().sorted().toList();
  }

  private List<String> impactOfNetwork(String net) {
    List<String> out = new ArrayList<>();
    for (Vm vm : desired.vms()) {
      for (Vnic nic : vm.nics()) {
        if (nic.attachment().kind() == Vnic.AttachKind.NETWORK
            && nic.attachment().target().equals(net)) {
          out.add("vm " + vm.name() + " (" + (nic.name() == null ? "vnic" : nic.name()) + ")");
        }
      }
    }
    return out;
  }

  private void networks() {
    Map<String, Owned<Network>> byName = new LinkedHashMap<>();
    live.networks().forEach(o -> byName.put(o.value().name(), o));
    Set<String> wanted = new HashSet<>();
    for (Network d : desired.networks()) {
      wanted.add(d.name());
      ObjectId id = ObjectId.network(d.name());
      Owned<Network> o = byName.get(d.name());
      if (o == null) {
        upserts.put(id, Step.NetworkStep.create(d));
        subnetCollisions(d, id);
        continue;
      }
      if (!o.ownedBy(desired.name())) {
        foreign(
            id,
            o.owner(),
            opts.networkChanges().apply(o.value(), d).changes(),
            "a libvirt network named '" + d.name() + "'");
        continue;
      }
      PlanOptions.NetworkImpact impact = opts.networkChanges().apply(o.value(), d);
      if (impact.changes().isEmpty()) {
        continue;
      }
      if (!o.value().ips().equals(d.ips())) {
        subnetCollisions(d, id);
      }
      Set<Mark> marks =
          impact.restart()
              ? EnumSet.of(Mark.RESTART, Mark.DISRUPTIVE)
              : EnumSet.of(Mark.LIVE_UPDATE);
      List<String> affected = new ArrayList<>();
      if (impact.restart()) {
        affected.addAll(impactOfNetwork(d.name()).stream().distinct().toList());
        affected.addAll(DevicePlanner.reconnects(live, d.name()));
      }
      upserts.put(
          id, new Step.NetworkStep(Action.MODIFY, o.value(), d, impact.changes(), marks, affected));
    }
    for (Owned<Network> o : live.networks()) {
      if (!wanted.contains(o.value().name()) && o.ownedBy(desired.name())) {
        deletes.add(Step.NetworkStep.delete(o.value(), impactOfNetwork(o.value().name())));
      }
    }
  }

  /**
   * A declared object that this topology does not own. One made by another tool that matches the
   * file is left alone without a word beyond the plan's "unmanaged" count (the first contact with a
   * host: {@code export} then {@code plan}); one the file would change is refused, naming the
   * {@code vtopo adopt} command that takes it over; another topology's is always refused.
   */
  private void foreign(ObjectId id, String owner, List<FieldChange> differ, String what) {
    foreign(id, owner, differ, what, id.toString());
  }

  private void foreign(
      ObjectId id, String owner, List<FieldChange> differ, String what, String adopt) {
    List<String> diffs = differ.stream().map(FieldChange::toString).toList();
    foreign.add(new Foreign(id, owner, diffs));
    if (owner == null && diffs.isEmpty()) {
      return;
    }
    refusals.add(
        new Refusal(
            id,
            what
                + " already exists and "
                + (owner == null
                    ? "was not created by vtopo, and the file changes it ("
                        + String.join("; ", diffs)
                        + ")"
                    : "belongs to topology '" + owner + "'")
                + "; vtopo does not change objects it does not own",
            null,
            owner == null ? adopt : null));
  }

  /**
   * A foreign pool: its own fields and the volumes the file declares in it (a missing one would be
   * created, which changes the pool too).
   */
  private void foreignPool(Owned<Pool> o, Pool d, ObjectId id) {
    List<FieldChange> ch = new ArrayList<>();
    Diff.pool(o.value(), d, ch);
    Map<String, Volume> lv = new HashMap<>();
    o.value().attrs().volumes().forEach(v -> lv.put(v.name(), v));
    for (Volume v : d.attrs().volumes()) {
      Volume cur = lv.get(v.name());
      if (cur == null) {
        ch.add(new FieldChange("volumes[" + v.name() + "]", null, "created", true));
        continue;
      }
      List<FieldChange> vc = new ArrayList<>();
      Diff.volume(cur, v, vc);
      for (FieldChange c : vc) {
        ch.add(
            new FieldChange(
                new FieldKey.Named("volumes[" + v.name() + "]." + c.field()),
                c.live(),
                c.desired(),
                c.effect()));
      }
      if (vc.isEmpty()) {
        // Recorded so that adopt --all takes the pool's declared volumes with it.
        foreign.add(
            new Foreign(
                ObjectId.volume(d.name(), v.name()),
                live.volumeOwners().get(d.name() + "/" + v.name()),
                List.of()));
      }
    }
    String adopt = id.toString();
    for (Volume v : d.attrs().volumes()) {
      if (lv.containsKey(v.name()) && live.volumeOwners().get(d.name() + "/" + v.name()) == null) {
        // The file's changes to a volume need the volume adopted too, not only its pool.
        adopt += " " + ObjectId.volume(d.name(), v.name());
      }
    }
    foreign(id, o.owner(), ch, "a storage pool named '" + d.name() + "'", adopt);
  }

  /**
   * A libvirt network puts its addresses on its bridge, in the namespace the live links were read
   * from when {@link PlanOptions#linksBesideLibvirt}: a subnet that overlaps a host link's address
   * or route gives the host two routes to it, and one that holds the default gateway takes the
   * host's own traffic. On a link carrying the management path that is refused unless
   * --allow-disconnect; elsewhere it is a warning.
   */
  private void subnetCollisions(Network d, ObjectId id) {
    if (!opts.linksBesideLibvirt()) {
      return;
    }
    for (NetworkIp ip : d.ips()) {
      IpPrefix net = ip.address();
      for (Owned<Link> o : live.links()) {
        Link l = o.value();
        if (l.name().equals(d.bridge())) {
          continue;
        }
        String clash = null;
        for (Route r : l.attrs().routes()) {
          if (clash == null
              && r.to() != null
              && r.to().length() == 0
              && r.via() != null
              && net.contains(r.via())) {
            clash = "holds " + r.via() + ", the default gateway on '" + l.name() + "'";
          }
        }
        for (IpPrefix a : l.attrs().addresses()) {
          if (clash == null && a.overlaps(net)) {
            clash = "overlaps " + a + " on '" + l.name() + "'";
          }
        }
        for (Route r : l.attrs().routes()) {
          if (clash == null && r.to() != null && r.to().length() > 0 && r.to().overlaps(net)) {
            clash = "overlaps the route to " + r.to() + " on '" + l.name() + "'";
          }
        }
        if (clash == null) {
          continue;
        }
        String what =
            "network '" + d.name() + "' would put " + net + " on its bridge, which " + clash;
        if (protectedLinks().contains(l.name()) && !opts.allowDisconnect()) {
          refusals.add(
              new Refusal(
                  id,
                  what
                      + ", a link of the management path (default route or the current SSH"
                      + " session): the host's own traffic to that subnet would go to the network",
                  PlanOptions.ALLOW_DISCONNECT));
        } else {
          warnings.add(id + ": " + what + "; the host would have two routes to that subnet");
        }
      }
    }
  }

  private void pools() {
    Map<String, Owned<Pool>> byName = new LinkedHashMap<>();
    live.pools().forEach(o -> byName.put(o.value().name(), o));
    Set<String> wanted = new HashSet<>();
    for (Pool d : desired.pools()) {
      wanted.add(d.name());
      ObjectId id = ObjectId.pool(d.name());
      Owned<Pool> o = byName.get(d.name());
      if (o == null) {
        List<String> vols =
            d.attrs().volumes().stream().map(v -> "creates volume " + v.name()).toList();
        upserts.put(id, Step.PoolStep.create(d, vols));
        continue;
      }
      if (!o.ownedBy(desired.name())) {
        foreignPool(o, d, id);
        continue;
      }
      Pool l = o.value();
      List<FieldChange> ch = new ArrayList<>();
      Diff.pool(l, d, ch);
      if (!ch.isEmpty()) {
        boolean source = ch.stream().anyMatch(c -> !c.inPlace());
        Set<Mark> marks =
            source ? EnumSet.of(Mark.DESTRUCTIVE, Mark.DISRUPTIVE) : EnumSet.noneOf(Mark.class);
        upserts.put(
            id,
            new Step.PoolStep(
                Action.MODIFY,
                l,
                d,
                ch,
                marks,
                source
                    ? l.attrs().volumes().stream()
                        .map(v -> "volume " + v.name() + " moves to the new source")
                        .toList()
                    : List.of()));
        if (source && !opts.allowSourceChange()) {
          refusals.add(
              new Refusal(
                  id,
                  "changing the pool's "
                      + ch.stream().filter(c -> !c.inPlace()).map(FieldChange::field).toList()
                      + " points it at other storage",
                  PlanOptions.ALLOW_SOURCE_CHANGE));
        }
      }
      volumes(l, d);
    }
    for (Owned<Pool> o : live.pools()) {
      if (!wanted.contains(o.value().name()) && o.ownedBy(desired.name())) {
        // Storage vtopo did not build (an adopted pool, a directory or volume group that was
        // already there) is never
        // deleted: the pool is only undefined, with or without --allow-data-loss.
        boolean kept = live.keptStorage().contains(o.value().name());
        boolean deleteData = opts.allowDataLoss() && !kept;
        Set<Mark> marks = deleteData ? EnumSet.of(Mark.DESTRUCTIVE) : EnumSet.noneOf(Mark.class);
        List<String> impact = new ArrayList<>();
        int nv = o.value().attrs().volumes().size();
        impact.add(
            deleteData
                ? "deletes the pool's storage and its " + nv + " volume(s)"
                : kept
                    ? "undefines the pool; vtopo did not build its storage, so the storage and "
                        + nv
                        + " volume(s) are kept"
                        + (opts.allowDataLoss() ? " even with " + PlanOptions.ALLOW_DATA_LOSS : "")
                    : "undefines the pool; its storage and " + nv + " volume(s) are kept");
        if (deleteData) {
          // Deleting a pool's storage needs it empty: its volumes go first (teardown order puts
          // them before it).
          for (Volume v : o.value().attrs().volumes()) {
            if (desired.name().equals(live.volumeOwners().get(o.value().name() + "/" + v.name()))) {
              deletes.add(Step.VolumeStep.delete(o.value().name(), v));
            }
          }
        }
        deletes.add(Step.PoolStep.delete(o.value(), marks, impact));
      }
    }
  }

  private void volumes(Pool live, Pool d) {
    Map<String, Volume> lv = new LinkedHashMap<>();
    live.attrs().volumes().forEach(v -> lv.put(v.name(), v));
    Set<String> wanted = new HashSet<>();
    for (Volume v : d.attrs().volumes()) {
      wanted.add(v.name());
      ObjectId id = ObjectId.volume(d.name(), v.name());
      Volume cur = lv.get(v.name());
      if (cur == null) {
        upserts.put(id, Step.VolumeStep.create(d.name(), v));
        continue;
      }
      List<FieldChange> ch = new ArrayList<>();
      Diff.volume(cur, v, ch);
      String volOwner = this.live.volumeOwners().get(d.name() + "/" + v.name());
      if (!desired.name().equals(volOwner)) {
        // A volume made by another tool that matches the file is left alone (and adoptable); one
        // the file would change is refused, as is any volume of another topology the file changes.
        foreign.add(new Foreign(id, volOwner, ch.stream().map(FieldChange::toString).toList()));
        if (!ch.isEmpty()) {
          refusals.add(
              new Refusal(
                  id,
                  "volume '"
                      + v.name()
                      + "' exists but was not created by this topology, and"
                      + " the file changes it ("
                      + String.join("; ", ch.stream().map(FieldChange::toString).toList())
                      + ")",
                  null,
                  volOwner == null ? id.toString() : null));
        }
        continue;
      }
      if (ch.isEmpty()) {
        continue;
      }
      boolean replace = ch.stream().anyMatch(c -> !c.inPlace());
      boolean shrink =
          v.capacity() != null
              && cur.capacity() != null
              && v.capacity().compareTo(cur.capacity()) < 0;
      Set<Mark> marks =
          replace || shrink ? EnumSet.of(Mark.DESTRUCTIVE) : EnumSet.noneOf(Mark.class);
      upserts.put(
          id,
          new Step.VolumeStep(
              replace ? Action.REPLACE : Action.MODIFY, d.name(), cur, v, ch, marks, List.of()));
      if ((replace || shrink) && !opts.allowDataLoss()) {
        refusals.add(
            new Refusal(
                id,
                replace
                    ? "replacing the volume deletes its data (" + ch + ")"
                    : "shrinking the volume from "
                        + cur.capacity().human()
                        + " to "
                        + v.capacity().human()
                        + " loses the data past the new end",
                PlanOptions.ALLOW_DATA_LOSS));
      }
    }
    for (Volume v : live.attrs().volumes()) {
      if (!wanted.contains(v.name())) {
        ObjectId id = ObjectId.volume(d.name(), v.name());
        if (!desired.name().equals(this.live.volumeOwners().get(d.name() + "/" + v.name()))) {
          warnings.add(id + " is in the pool but was not created by this topology; left alone");
          continue;
        }
        deletes.add(Step.VolumeStep.delete(d.name(), v));
        if (!opts.allowDataLoss()) {
          refusals.add(
              new Refusal(
                  id,
                  "the file no longer declares this volume; deleting it loses its data",
                  PlanOptions.ALLOW_DATA_LOSS));
        }
      }
    }
  }

  /**
   * Orders steps: deletions in teardown order of the live objects, then the rest in creation order
   * of the file.
   */
  private Plan build() {
    if (deletes.isEmpty()
        && upserts.isEmpty()
        && deviceDetaches.isEmpty()
        && deviceUpdates.isEmpty()) {
      // Nothing to order (the verification after every apply lands here): skip building the two
      // graphs.
      return new Plan(desired.name(), List.of(), refusals, warnings, foreign);
    }
    // Devices leave their domains before what they use goes, and join them after what they use
    // exists.
    List<Step> out = new ArrayList<>(deviceDetaches);
    Map<ObjectId, Integer> liveOrder = new HashMap<>();
    List<Vertex> teardown = TopologyGraph.of(liveTopology()).teardownOrderOrFallback();
    for (int i = 0; i < teardown.size(); i++) {
      liveOrder.put(teardown.get(i).id(), i);
    }
    deletes.sort(
        java.util.Comparator.comparingInt(
                (Step s) -> liveOrder.getOrDefault(s.id(), Integer.MAX_VALUE))
            .thenComparing(Step::id));
    out.addAll(deletes);
    // Replacements are carried out as delete + create; the create side must follow the order of the
    // file.
    for (Vertex v : TopologyGraph.of(desired).creationOrderOrFallback()) {
      Step s = upserts.remove(v.id());
      if (s != null) {
        out.add(s);
      }
    }
    upserts.values().stream().sorted(java.util.Comparator.comparing(Step::id)).forEach(out::add);
    out.addAll(deviceUpdates);
    return new Plan(desired.name(), out, refusals, warnings, foreign);
  }

  private Topology liveTopology() {
    List<Link> links = live.links().stream().map(Owned::value).toList();
    List<Network> nets = live.networks().stream().map(Owned::value).toList();
    List<Pool> pools = live.pools().stream().map(Owned::value).toList();
    return new Topology(desired.name(), links, nets, pools, List.of(), List.of());
  }
}
