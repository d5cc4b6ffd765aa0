package io.vtopo.web;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Links;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Pools;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.UnknownLink;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.VmDevice;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.FieldChange;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import io.vtopo.core.plan.Refusal;
import io.vtopo.core.plan.Step;
import io.vtopo.core.reach.Endpoint;
import io.vtopo.core.reach.Reachability;
import io.vtopo.render.Json;
import io.vtopo.render.SvgRenderer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the page shows at one moment: every object of the file and of the host with its {@link
 * DriftState}, its fields (from the file, from the host, and the differing ones), and the drawing
 * of both together. Pure: built from a file and a {@link HostState}, with the drift computed by the
 * planner (drift = the plan of the file against the host).
 *
 * @param title the topology name (or {@code live host})
 * @param source what was read, e.g. {@code netns vtt-1a2b, libvirt qemu:///system}
 * @param hasFile whether a file is compared with the host
 * @param objects every object, file objects first (in file order), then live-only ones
 * @param svg the drawing ({@link SvgRenderer}); the page colours it by state through the vertex ids
 * @param endpoints VMs and their vNICs ({@code web1}, {@code web1/eth0}) for the path query
 * @param warnings the planner's warnings (unmodelled live settings and the like)
 * @param onHost the host's links and networks with the file's VMs, for path queries against the
 *     live host (null without a file)
 */
public record LiveView(
    String title,
    String source,
    boolean hasFile,
    List<Obj> objects,
    String svg,
    List<String> endpoints,
    List<String> warnings,
    Topology onHost) {
  /** Copies the lists. */
  public LiveView {
    objects = List.copyOf(objects);
    endpoints = List.copyOf(endpoints);
    warnings = List.copyOf(warnings);
  }

  /**
   * One object on the page.
   *
   * @param id graph id: {@code link:br0}, {@code network:lab}, {@code pool:img}, {@code
   *     volume:img/a.qcow2}, {@code vm:web1}, {@code vnic:web1/0}
   * @param family {@code link}, {@code network}, {@code pool}, {@code volume}, {@code vm} or {@code
   *     vnic}
   * @param type the kind ({@code bridge}, {@code tap}...) or the family for the others
   * @param name display name
   * @param state how file and host compare
   * @param owner the topology that owns the live object, or null
   * @param note why (a refusal's reason), or null
   * @param desired fields as the file declares them, or null when not in the file
   * @param live fields as read from the host, or null when not on the host
   * @param changes the fields that differ (state {@code modified})
   */
  public record Obj(
      ObjectId id,
      String family,
      String type,
      String name,
      DriftState state,
      String owner,
      String note,
      Map<String, Object> desired,
      Map<String, Object> live,
      List<FieldChange> changes) {
    /** Copies the list. */
    public Obj {
      changes = List.copyOf(changes);
    }
  }

  /** The object with this id, or null. */
  public Obj object(String id) {
    return objects.stream().filter(o -> o.id().toString().equals(id)).findFirst().orElse(null);
  }

  /** Number of objects per state. */
  public Map<DriftState, Integer> counts() {
    Map<DriftState, Integer> m = new EnumMap<>(DriftState.class);
    objects.forEach(o -> m.merge(o.state(), 1, Integer::sum));
    return m;
  }

  /**
   * Builds the view.
   *
   * @param file the topology file, or null to show the host only
   * @param host the live host
   * @param opts plan options of this host (its network classifier); the safety flags are ignored:
   *     drift is drift
   * @param source what was read, for the header
   */
  public static LiveView build(Topology file, HostState host, PlanOptions opts, String source) {
    return new Builder(file, host, source).build(opts);
  }

  /** The view as JSON (what {@code /api/topology} returns inside its envelope). */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", title);
    m.put("source", source);
    m.put("hasFile", hasFile);
    Map<String, Object> counts = new LinkedHashMap<>();
    counts().forEach((k, v) -> counts.put(k.keyword(), v));
    m.put("counts", counts);
    List<Object> states = new ArrayList<>();
    for (DriftState s : DriftState.values()) {
      states.add(Map.of("state", s.keyword(), "description", s.description()));
    }
    m.put("states", states);
    m.put("objects", objects.stream().map(LiveView::objectMap).toList());
    m.put("endpoints", endpoints);
    m.put("warnings", warnings);
    m.put("svg", svg);
    return Json.compact(m);
  }

  /** One object as a JSON-ready map. */
  static Map<String, Object> objectMap(Obj o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id().toString());
    m.put("family", o.family());
    m.put("type", o.type());
    m.put("name", o.name());
    m.put("state", o.state().keyword());
    m.put("owner", o.owner());
    m.put("note", o.note());
    m.put("desired", o.desired());
    m.put("live", o.live());
    m.put(
        "changes",
        o.changes().stream()
            .map(
                c -> {
                  Map<String, Object> cm = new LinkedHashMap<>();
                  cm.put("field", c.field());
                  cm.put("live", c.liveText());
                  cm.put("desired", c.desiredText());
                  cm.put("inPlace", c.inPlace());
                  return cm;
                })
            .toList());
    return m;
  }

  /** Object JSON for {@code /api/object/{id}}. */
  static String objectJson(Obj o) {
    return Json.compact(objectMap(o));
  }

  private static final class Builder {
    private final Topology file;
    private final HostState host;
    private final String source;
    private final Map<String, Owned<Link>> liveLinks = new LinkedHashMap<>();
    private final Map<String, Owned<Network>> liveNets = new LinkedHashMap<>();
    private final Map<String, Owned<Pool>> livePools = new LinkedHashMap<>();
    private final Map<ObjectId, Step> steps = new HashMap<>();
    private final Map<ObjectId, List<String>> refusals = new HashMap<>();
    private final java.util.Set<ObjectId> unmanaged = new java.util.HashSet<>();
    private final List<Obj> objs = new ArrayList<>();
    private final Set<ObjectId> seen = new java.util.HashSet<>();

    Builder(Topology file, HostState host, String source) {
      this.file = file;
      this.host = host;
      this.source = source;
      for (Owned<Link> l : host.links()) {
        // Loopback is in every namespace and in no file; export leaves it out too.
        if (!l.value().name().equals("lo")) {
          liveLinks.put(l.value().name(), l);
        }
      }
      host.networks().forEach(n -> liveNets.put(n.value().name(), n));
      host.pools().forEach(p -> livePools.put(p.value().name(), p));
    }

    LiveView build(PlanOptions opts) {
      List<String> warnings = List.of();
      if (file != null) {
        PlanOptions all =
            new PlanOptions(
                true,
                true,
                true,
                opts.managementAddresses(),
                opts.networkChanges(),
                opts.linksBesideLibvirt(),
                opts.linkContract());
        Plan plan = Planner.plan(file, host, all);
        plan.steps().forEach(s -> steps.put(s.id(), s));
        for (Refusal r : plan.refusals()) {
          refusals.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r.reason());
        }
        // Declared, present and matching, but made by another tool: left alone (adoptable).
        plan.unmanaged()
            .forEach(
                f ->
                    refusals.put(
                        f.id(),
                        List.of(
                            "already exists and matches the file, but was not created by vtopo:"
                                + " plan and apply leave it alone; 'vtopo adopt FILE --all' takes"
                                + " it over")));
        unmanaged.addAll(plan.unmanaged().stream().map(f -> f.id()).toList());
        warnings = plan.warnings();
        fileObjects();
      }
      liveOnlyObjects();
      Topology drawn = drawn();
      String title = file != null ? file.name() : "live host";
      String svg =
          SvgRenderer.svg(TopologyGraph.of(drawn), SvgRenderer.Options.of(title).withNotes(drawn));
      return new LiveView(title, source, file != null, objs, svg, endpoints(), warnings, onHost());
    }

    private void fileObjects() {
      for (Link l : file.links()) {
        Owned<Link> lv = liveLinks.get(l.name());
        add(
            ObjectId.link(l.name()),
            "link",
            l.kind(),
            l.name(),
            lv == null ? null : lv.owner(),
            TopologyWriter.fields(l),
            lv == null ? null : TopologyWriter.fields(lv.value()));
      }
      for (Network n : file.networks()) {
        Owned<Network> lv = liveNets.get(n.name());
        add(
            ObjectId.network(n.name()),
            "network",
            "network",
            n.name(),
            lv == null ? null : lv.owner(),
            TopologyWriter.fields(n),
            lv == null ? null : TopologyWriter.fields(lv.value()));
      }
      for (Pool p : file.pools()) {
        Owned<Pool> lv = livePools.get(p.name());
        add(
            ObjectId.pool(p.name()),
            "pool",
            "pool",
            p.name(),
            lv == null ? null : lv.owner(),
            withoutVolumes(p),
            lv == null ? null : withoutVolumes(lv.value()));
        for (Volume v : p.attrs().volumes()) {
          Volume live = lv == null ? null : volume(lv.value(), v.name());
          String vid = p.name() + "/" + v.name();
          add(
              ObjectId.volume(p.name(), v.name()),
              "volume",
              "volume",
              vid,
              live == null ? null : host.volumeOwners().get(vid),
              volumeFields(p, v),
              live == null ? null : volumeFields(lv.value(), live));
        }
      }
      for (Vm vm : file.vms()) {
        if (vm.domain() != null) {
          domainObjects(vm);
          continue;
        }
        objs.add(
            new Obj(
                ObjectId.vm(vm.name()),
                "vm",
                "vm",
                vm.name(),
                DriftState.DECLARED,
                null,
                null,
                TopologyWriter.fields(vm),
                null,
                List.of()));
        seen.add(ObjectId.vm(vm.name()));
        for (int i = 0; i < vm.nics().size(); i++) {
          var nic = vm.nics().get(i);
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("vm", vm.name());
          f.putAll(nicFields(TopologyWriter.fields(vm), i));
          String name = vm.name() + "/" + (nic.name() == null ? "nic" + i : nic.name());
          objs.add(
              new Obj(
                  ObjectId.vnic(vm.name(), Integer.toString(i)),
                  "vnic",
                  "vnic",
                  name,
                  DriftState.DECLARED,
                  null,
                  null,
                  f,
                  null,
                  List.of()));
        }
      }
    }

    /**
     * A VM that names a domain: the VM with the domain's state, and each declared device with its
     * drift from the domain's persistent definition (devices the file does not declare come in
     * {@link #liveOnlyObjects}).
     */
    private void domainObjects(Vm vm) {
      LiveDomain d = host.domain(vm.domain());
      Map<String, Object> live = d == null ? null : domainFields(d);
      add(
          ObjectId.vm(vm.name()),
          "vm",
          "domain",
          vm.name(),
          d == null ? null : d.owner(),
          TopologyWriter.fields(vm),
          live);
      for (VmDevice dev : vm.devices()) {
        VmDevice cur =
            d == null
                ? null
                : d.config().devices().stream()
                    .filter(x -> x.key().equals(dev.key()))
                    .findFirst()
                    .orElse(null);
        add(
            dev.id(vm.name()),
            dev instanceof Vnic ? "vnic" : "disk",
            dev instanceof Vnic ? "vnic" : "disk",
            vm.name() + "/" + dev.key(),
            d == null ? null : d.owner(),
            deviceFields(dev),
            cur == null ? null : deviceFields(cur));
      }
    }

    private static Map<String, Object> deviceFields(VmDevice d) {
      return d instanceof Vnic n
          ? TopologyWriter.vnic(n.withDev(null))
          : TopologyWriter.disk((Disk) d);
    }

    private static Map<String, Object> domainFields(LiveDomain d) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("domain", d.name());
      m.put(
          "state",
          d.error() != null ? "unreadable: " + d.error() : d.running() ? "running" : "shut off");
      m.put("persistent", d.persistent());
      if (d.owner() != null) {
        m.put("owner", d.owner());
      }
      m.put("nics", d.live().nics().size());
      m.put("disks", d.live().disks().size());
      if (!d.unmodelled().isEmpty()) {
        m.put("unmodelled", d.unmodelled());
      }
      return m;
    }

    /**
     * A file object: its state from the plan step or refusal about it, else in sync (or missing).
     */
    private void add(
        ObjectId id,
        String family,
        String type,
        String name,
        String owner,
        Map<String, Object> desired,
        Map<String, Object> live) {
      seen.add(id);
      Step s = steps.get(id);
      List<String> why = refusals.get(id);
      DriftState st;
      List<FieldChange> changes = List.of();
      if (live == null && "nic".equals(type)) {
        // Never offered as "missing" (to be created): a NIC is hardware, and the plan refuses
        // instead.
        st = DriftState.ABSENT;
      } else if (s != null && s.action() == Action.CREATE) {
        st = DriftState.MISSING;
      } else if (s != null && (s.action() == Action.MODIFY || s.action() == Action.REPLACE)) {
        st = DriftState.MODIFIED;
        changes = s.changes();
      } else if (unmanaged.contains(id)) {
        st = DriftState.UNMANAGED;
      } else if (why != null) {
        st = live == null ? DriftState.MISSING : DriftState.CONFLICT;
      } else if (live == null) {
        // A volume of a pool the plan creates: created with its pool.
        st = DriftState.MISSING;
      } else {
        st = DriftState.IN_SYNC;
      }
      objs.add(
          new Obj(
              id,
              family,
              type,
              name,
              st,
              owner,
              why == null ? null : String.join("; ", why),
              desired,
              live,
              changes));
    }

    private void liveOnlyObjects() {
      for (Owned<Link> o : liveLinks.values()) {
        Link l = o.value();
        liveOnly(
            ObjectId.link(l.name()),
            "link",
            l.kind(),
            l.name(),
            o.owner(),
            TopologyWriter.fields(l));
      }
      for (Owned<Network> o : liveNets.values()) {
        liveOnly(
            ObjectId.network(o.value().name()),
            "network",
            "network",
            o.value().name(),
            o.owner(),
            TopologyWriter.fields(o.value()));
      }
      for (Owned<Pool> o : livePools.values()) {
        Pool p = o.value();
        liveOnly(ObjectId.pool(p.name()), "pool", "pool", p.name(), o.owner(), withoutVolumes(p));
        for (Volume v : p.attrs().volumes()) {
          String vid = p.name() + "/" + v.name();
          liveOnly(
              ObjectId.volume(p.name(), v.name()),
              "volume",
              "volume",
              vid,
              host.volumeOwners().get(vid),
              volumeFields(p, v));
        }
      }
      // Domains and their devices: those the file does not declare are unmanaged (or extra, when
      // the plan detaches
      // them). A domain a file VM names is shown under that VM's name.
      Map<String, String> vmOf = new HashMap<>();
      if (file != null) {
        file.vms().stream()
            .filter(v -> v.domain() != null)
            .forEach(v -> vmOf.put(v.domain(), v.name()));
      }
      for (LiveDomain d : host.domains()) {
        String vm = vmOf.getOrDefault(d.name(), d.name());
        liveOnly(ObjectId.vm(vm), "vm", "domain", vm, d.owner(), domainFields(d));
        for (VmDevice dev : d.config().devices()) {
          liveOnly(
              dev.id(vm),
              dev instanceof Vnic ? "vnic" : "disk",
              dev instanceof Vnic ? "vnic" : "disk",
              vm + "/" + dev.key(),
              d.managed().contains(dev.key()) ? d.owner() : null,
              deviceFields(dev));
        }
      }
    }

    private void liveOnly(
        ObjectId id,
        String family,
        String type,
        String name,
        String owner,
        Map<String, Object> live) {
      if (!seen.add(id)) {
        return;
      }
      DriftState st =
          file == null
              ? DriftState.LIVE
              : steps.containsKey(id) && steps.get(id).action() == Action.DELETE
                  ? DriftState.EXTRA
                  : DriftState.UNMANAGED;
      objs.add(new Obj(id, family, type, name, st, owner, null, null, live, List.of()));
    }

    /**
     * The file's objects plus the host's objects the file does not have, for the drawing. Links are
     * wired as they are now: a link the host has is drawn on the master the kernel reports (a TAP
     * that left its bridge is not drawn on it), one the host lacks on the master the file gives it.
     */
    private Topology drawn() {
      List<Link> links = new ArrayList<>();
      if (file != null) {
        for (Link l : Planner.effectiveLinks(file)) {
          // Port lists are dropped: every port carries its master in its own attributes now.
          Link d = l;
          if (l instanceof Bridge b) {
            d = new Bridge(b.attrs(), b.stp(), b.forwardDelay(), b.vlanFiltering(), List.of());
          } else if (l instanceof Bond b) {
            d =
                new Bond(
                    b.attrs(), b.mode(), List.of(), b.miimon(), b.lacpRate(), b.xmitHashPolicy());
          }
          Owned<Link> live = liveLinks.get(l.name());
          if (live != null) {
            String master = live.value().attrs().master();
            d =
                Links.withAttrs(
                    d,
                    d.attrs()
                        .withMaster(master)
                        .withPortVlan(master == null ? null : live.value().attrs().portVlan()));
          }
          links.add(d);
        }
      }
      List<Network> nets = new ArrayList<>(file == null ? List.of() : file.networks());
      Map<String, Pool> pools = new LinkedHashMap<>();
      if (file != null) {
        file.pools().forEach(p -> pools.put(p.name(), p));
      }
      Set<String> fileLinks = new TreeSet<>();
      links.forEach(l -> fileLinks.add(l.name()));
      for (Owned<Link> o : liveLinks.values()) {
        if (!fileLinks.contains(o.value().name())) {
          links.add(o.value());
        }
      }
      for (Owned<Network> o : liveNets.values()) {
        if (nets.stream().noneMatch(n -> n.name().equals(o.value().name()))) {
          nets.add(o.value());
        }
      }
      for (Owned<Pool> o : livePools.values()) {
        Pool lp = o.value();
        Pool fp = pools.get(lp.name());
        if (fp == null) {
          pools.put(lp.name(), lp);
          continue;
        }
        List<Volume> vols = new ArrayList<>(fp.attrs().volumes());
        for (Volume v : lp.attrs().volumes()) {
          if (vols.stream().noneMatch(x -> x.name().equals(v.name()))) {
            vols.add(v);
          }
        }
        pools.put(fp.name(), Pools.withVolumes(fp, vols));
      }
      List<Vm> vms = new ArrayList<>(file == null ? List.of() : file.vms());
      Set<String> named = new java.util.HashSet<>();
      vms.forEach(v -> named.add(v.domain() != null ? v.domain() : v.name()));
      for (LiveDomain d : host.domains()) {
        if (named.add(d.name())
            && d.error() == null
            && vms.stream().noneMatch(v -> v.name().equals(d.name()))) {
          vms.add(d.live());
        }
      }
      return new Topology(
          file == null ? "live host" : file.name(),
          links,
          nets,
          new ArrayList<>(pools.values()),
          vms,
          List.of());
    }

    /**
     * The host as a topology the reachability analysis can read: its links (physical ones as NICs;
     * kinds vtopo does not model left out) and networks, with the file's VMs plugged in where the
     * file says.
     */
    private Topology onHost() {
      if (file == null) {
        return null;
      }
      List<Link> links = new ArrayList<>();
      for (Owned<Link> o : liveLinks.values()) {
        Link l = o.value();
        if (l instanceof UnknownLink u) {
          if (u.kernelKind().isEmpty()) {
            links.add(new Nic(u.attrs()));
          }
        } else {
          links.add(l);
        }
      }
      List<Network> nets = liveNets.values().stream().map(Owned::value).toList();
      return new Topology(file.name(), links, nets, List.of(), file.vms(), List.of());
    }

    private List<String> endpoints() {
      if (file == null || file.vms().isEmpty()) {
        return List.of();
      }
      Reachability r = Reachability.of(file);
      List<String> out = new ArrayList<>();
      for (Vm vm : file.vms()) {
        out.add(vm.name());
        if (vm.nics().size() > 1) {
          r.endpoints(vm.name()).stream().map(Endpoint::label).forEach(out::add);
        }
      }
      return out;
    }

    private static Volume volume(Pool p, String name) {
      return p.attrs().volumes().stream()
          .filter(v -> v.name().equals(name))
          .findFirst()
          .orElse(null);
    }

    private static Map<String, Object> withoutVolumes(Pool p) {
      Map<String, Object> m = new LinkedHashMap<>(TopologyWriter.fields(p));
      m.remove("volumes");
      return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> volumeFields(Pool p, Volume v) {
      Object vols = TopologyWriter.fields(Pools.withVolumes(p, List.of(v))).get("volumes");
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pool", p.name());
      if (vols instanceof List<?> l && !l.isEmpty()) {
        m.putAll((Map<String, Object>) l.get(0));
      }
      return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nicFields(Map<String, Object> vm, int i) {
      Object nics = vm.get("nics");
      if (nics instanceof List<?> l && i < l.size()) {
        return (Map<String, Object>) l.get(i);
      }
      return Map.of();
    }
  }
}
