package io.vtopo.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against an in-memory host: apply, verify, idempotency, rollback at every step, crash
 * recovery.
 */
class EngineTest {
  static final String BEFORE =
      """
      apiVersion: vtopo/v1
      name: lab
      links:
        - {name: eno1, kind: nic}
        - {name: br-old, kind: bridge, ports: [tap-old]}
        - {name: tap-old, kind: tap}
      networks:
        - {name: old-net, mode: isolated, bridge: virbr-old, ips: [{address: 203.0.113.1/24}]}
      pools:
        - name: images
          type: dir
          target: /srv/vtopo/images
          volumes: [{name: base.qcow2, format: qcow2, capacity: 10G}]
      """;

  static final String DESIRED =
      """
      apiVersion: vtopo/v1
      name: lab
      links:
        - {name: eno1, kind: nic, mtu: 9000}
        - {name: eno1.10, kind: vlan, parent: eno1, id: 10}
        - {name: eno1.20, kind: vlan, parent: eno1, id: 20}
        - {name: br10, kind: bridge, ports: [eno1.10, t10a, t10b, t10c, t10d, t10e, t10f]}
        - {name: br20, kind: bridge, ports: [eno1.20, t20a, t20b, t20c, t20d]}
        - {name: t10a, kind: tap}
        - {name: t10b, kind: tap}
        - {name: t10c, kind: tap}
        - {name: t10d, kind: tap}
        - {name: t10e, kind: tap}
        - {name: t10f, kind: tap}
        - {name: t20a, kind: tap}
        - {name: t20b, kind: tap}
        - {name: t20c, kind: tap}
        - {name: t20d, kind: tap}
      networks:
        - {name: nat, mode: nat, bridge: virbr-nat, ips: [{address: 192.0.2.1/24}]}
        - {name: iso, mode: isolated, bridge: virbr-iso, ips: [{address: 198.51.100.1/24}]}
      pools:
        - name: images
          type: dir
          target: /srv/vtopo/images
          volumes:
            - {name: base.qcow2, format: qcow2, capacity: 20G}
            - {name: web.qcow2, format: qcow2, capacity: 20G, backing: base.qcow2}
        - name: isos
          type: dir
          target: /srv/vtopo/isos
          volumes: [{name: a.raw, format: raw, capacity: 1G}, {name: b.raw, format: raw, capacity: 1G}]
      """;

  @TempDir Path state;

  static Topology topo(String yaml) {
    var r = TopologyReader.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(r.diagnostics().sorted()).isEmpty();
    return r.topology().orElseThrow();
  }

  Engine engine(FakeHost h) {
    return new Engine(
        new Engine.Backends(h, h.nets, h.storage),
        Journal.at(state, "lab"),
        h::state,
        Engine.Progress.NONE,
        3,
        Duration.ZERO);
  }

  /** A host with the NIC and the BEFORE topology applied by the engine itself. */
  FakeHost before() {
    FakeHost h = new FakeHost();
    h.links.put(
        "eno1",
        new Owned<>(
            new Nic(new LinkAttrs("eno1", null, 1500, null, null, null, List.of(), List.of())),
            null));
    Topology t = topo(BEFORE);
    Plan p = Planner.plan(t, h.state(), PlanOptions.defaults());
    assertThat(engine(h).apply(t, h.state(), p, PlanOptions.defaults()).applied()).isTrue();
    h.mutations = 0;
    h.log.clear();
    return h;
  }

  /** Host state compared without regard to map order (a re-created object moves to the end). */
  static Object canonical(HostState s) {
    TreeMap<String, Object> m = new TreeMap<>();
    s.links().forEach(o -> m.put("link:" + o.value().name(), o));
    s.networks().forEach(o -> m.put("network:" + o.value().name(), o));
    s.pools()
        .forEach(
            o ->
                m.put(
                    "pool:" + o.value().name(),
                    List.of(o.owner() == null ? "-" : o.owner(), Pools.sorted(o.value()))));
    m.put("volumeOwners", new TreeMap<>(s.volumeOwners()));
    return m;
  }

  static final class Pools {
    static Object sorted(io.vtopo.core.model.Pool p) {
      return io.vtopo.core.model.Pools.withVolumes(
          p,
          p.attrs().volumes().stream()
              .sorted(Comparator.comparing(io.vtopo.core.model.Volume::name))
              .toList());
    }
  }

  @Test
  void appliesVerifiesAndIsIdempotent() {
    FakeHost h = before();
    Topology d = topo(DESIRED);
    Plan p = Planner.plan(d, h.state(), PlanOptions.defaults());
    assertThat(p.steps()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(p.refusals()).isEmpty();
    Engine.Result r = engine(h).apply(d, h.state(), p, PlanOptions.defaults());
    assertThat(r.applied()).as(r.failure()).isTrue();
    assertThat(Planner.plan(d, h.state(), PlanOptions.defaults()).isEmpty()).isTrue();
    assertThat(Journal.at(state, "lab").exists()).isFalse();
    // Destroy removes everything the topology owns and leaves the NIC.
    Plan destroy = Planner.destroy("lab", h.state(), PlanOptions.defaults());
    assertThat(
            engine(h)
                .apply(
                    topo("apiVersion: vtopo/v1\nname: lab\n"),
                    h.state(),
                    destroy,
                    PlanOptions.defaults())
                .applied())
        .isTrue();
    assertThat(h.links).containsOnlyKeys("eno1");
    assertThat(h.networks).isEmpty();
    assertThat(h.pools).isEmpty();
  }

  @Test
  void aFailureAtAnyStepRestoresTheHost() {
    Topology d = topo(DESIRED);
    int total;
    {
      FakeHost h = before();
      engine(h)
          .apply(
              d,
              h.state(),
              Planner.plan(d, h.state(), PlanOptions.defaults()),
              PlanOptions.defaults());
      total = h.mutations;
    }
    assertThat(total).isGreaterThanOrEqualTo(20);
    for (int k = 1; k <= total; k++) {
      FakeHost h = before();
      Object expected = canonical(h.state());
      h.failAt = k;
      Plan p = Planner.plan(d, h.state(), PlanOptions.defaults());
      Engine.Result r = engine(h).apply(d, h.state(), p, PlanOptions.defaults());
      assertThat(r.applied()).as("failure injected at mutation %d", k).isFalse();
      assertThat(r.rolledBack()).isTrue();
      assertThat(r.failure()).contains("injected failure at mutation " + k);
      assertThat(r.unrestorable()).isEmpty();
      assertThat(canonical(h.state()))
          .as("state after rollback from mutation %d", k)
          .isEqualTo(expected);
      assertThat(Journal.at(state, "lab").exists()).isFalse();
    }
  }

  @Test
  void aKilledApplyIsRolledBackByTheNextRun() {
    Topology d = topo(DESIRED);
    for (int k : new int[] {1, 5, 12, 19, 22}) {
      FakeHost h = before();
      Object expected = canonical(h.state());
      h.killAt = k;
      Plan p = Planner.plan(d, h.state(), PlanOptions.defaults());
      HostState snapshot = h.state();
      assertThatThrownBy(() -> engine(h).apply(d, snapshot, p, PlanOptions.defaults()))
          .isInstanceOf(FakeHost.Killed.class);
      assertThat(Journal.at(state, "lab").exists()).isTrue();
      // The next run refuses to apply over an unfinished journal, then recovers.
      assertThatThrownBy(
              () ->
                  engine(h)
                      .apply(
                          d,
                          h.state(),
                          Planner.plan(d, h.state(), PlanOptions.defaults()),
                          PlanOptions.defaults()))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("did not finish");
      h.killAt = -1;
      assertThat(engine(h).recover("lab")).isEmpty();
      assertThat(canonical(h.state()))
          .as("state after recovery from a kill at mutation %d", k)
          .isEqualTo(expected);
      assertThat(Journal.at(state, "lab").exists()).isFalse();
    }
  }

  /** The id of a FakeHost mutation label ({@code volume:p/v}). */
  static io.vtopo.core.model.ObjectId idOf(String what) {
    String name = what.substring(what.indexOf(':') + 1);
    return switch (what.substring(0, what.indexOf(':'))) {
      case "link" -> io.vtopo.core.model.ObjectId.link(name);
      case "network" -> io.vtopo.core.model.ObjectId.network(name);
      case "pool" -> io.vtopo.core.model.ObjectId.pool(name);
      default ->
          io.vtopo.core.model.ObjectId.volume(
              name.substring(0, name.indexOf('/')), name.substring(name.indexOf('/') + 1));
    };
  }

  /** Creates an unowned object with the id {@code what} on {@code h}, as another tool would. */
  static void foreignCreate(FakeHost h, String what) {
    String name = what.substring(what.indexOf(':') + 1);
    if (what.startsWith("link:")) {
      h.links.put(
          name,
          new Owned<>(
              new Nic(new LinkAttrs(name, null, 1400, null, null, null, List.of(), List.of())),
              null));
    } else if (what.startsWith("network:")) {
      h.networks.put(
          name,
          new Owned<>(
              topo(DESIRED).networks().stream()
                  .filter(n -> n.name().equals(name))
                  .findFirst()
                  .orElseThrow(),
              null));
    } else if (what.startsWith("pool:")) {
      h.pools.put(
          name,
          new Owned<>(
              io.vtopo.core.model.Pools.withVolumes(
                  topo(DESIRED).pools().stream()
                      .filter(p -> p.name().equals(name))
                      .findFirst()
                      .orElseThrow(),
                  List.of()),
              null));
    } else if (what.startsWith("volume:")) {
      String pool = name.substring(0, name.indexOf('/'));
      var p = h.pools.get(pool);
      List<io.vtopo.core.model.Volume> vols =
          new java.util.ArrayList<>(p.value().attrs().volumes());
      vols.add(
          new io.vtopo.core.model.Volume(
              name.substring(pool.length() + 1),
              null,
              io.vtopo.core.model.ByteSize.parse("1M").orElseThrow(),
              null,
              null,
              null));
      h.pools.put(
          pool, new Owned<>(io.vtopo.core.model.Pools.withVolumes(p.value(), vols), p.owner()));
    }
  }

  /**
   * Issue 11: another tool creates an object under a name the plan is about to create, between the
   * plan and the create (the create then fails with "exists"). The rollback must leave that object
   * exactly as the other tool made it, report it, and restore everything else; before the fix it
   * tried to delete it as its own.
   */
  @Test
  void anObjectAnotherToolCreatesUnderAPlannedNameIsLeftAlone() {
    Topology d = topo(DESIRED);
    List<String> log;
    HostState clean;
    {
      FakeHost h = before();
      clean = h.state();
      engine(h)
          .apply(
              d,
              h.state(),
              Planner.plan(d, h.state(), PlanOptions.defaults()),
              PlanOptions.defaults());
      log = List.copyOf(h.log);
    }
    Snapshot was = Snapshot.of(clean);
    int cases = 0;
    for (int k = 1; k <= log.size(); k++) {
      String what = log.get(k - 1);
      io.vtopo.core.model.ObjectId id = idOf(what);
      boolean absent =
          was.link(id).isEmpty()
              && was.network(id).isEmpty()
              && was.pool(id).isEmpty()
              && was.volume(id).isEmpty();
      if (!absent || log.subList(0, k - 1).contains(what)) {
        continue;
      }
      cases++;
      FakeHost h = before();
      FakeHost expectedHost = before();
      foreignCreate(expectedHost, what);
      Object expected = canonical(expectedHost.state());
      h.actAt = k;
      h.actor = w -> foreignCreate(h, w);
      Plan p = Planner.plan(d, h.state(), PlanOptions.defaults());
      Engine.Result r = engine(h).apply(d, h.state(), p, PlanOptions.defaults());
      assertThat(r.applied()).as("foreign %s at mutation %d", what, k).isFalse();
      assertThat(r.unrestorable()).as("foreign %s at mutation %d", what, k).isEmpty();
      assertThat(r.foreign())
          .as("foreign %s", what)
          .anySatisfy(f -> assertThat(f).startsWith(what + ": appeared"));
      assertThat(canonical(h.state()))
          .as("state after rollback, foreign %s at mutation %d", what, k)
          .isEqualTo(expected);
      assertThat(Journal.at(state, "lab").exists()).isFalse();
    }
    assertThat(cases).isGreaterThanOrEqualTo(15);
  }

  @Test
  void refusedPlansChangeNothing() {
    FakeHost h = before();
    Object expected = canonical(h.state());
    Topology shrink = topo(BEFORE.replace("capacity: 10G", "capacity: 5G"));
    Plan p = Planner.plan(shrink, h.state(), PlanOptions.defaults());
    assertThat(p.refusals()).isNotEmpty();
    assertThatThrownBy(() -> engine(h).apply(shrink, h.state(), p, PlanOptions.defaults()))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("--allow-data-loss");
    assertThat(h.mutations).isZero();
    assertThat(canonical(h.state())).isEqualTo(expected);
  }

  @Test
  void foreignObjectsSurviveApplyAndDestroy() {
    FakeHost h = before();
    h.links.put(
        "docker0",
        new Owned<>(
            new io.vtopo.core.model.Bridge(LinkAttrs.named("docker0"), null, null, null, List.of()),
            null));
    h.networks.put(
        "default",
        new Owned<>(
            topo("""
        apiVersion: vtopo/v1
        name: x
        networks: [{name: default, mode: nat, bridge: virbr0, ips: [{address: 203.0.113.129/25}]}]
        """)
                .networks()
                .get(0),
            null));
    var foreignLink = h.links.get("docker0");
    var foreignNet = h.networks.get("default");
    Topology d = topo(DESIRED);
    assertThat(
            engine(h)
                .apply(
                    d,
                    h.state(),
                    Planner.plan(d, h.state(), PlanOptions.defaults()),
                    PlanOptions.defaults())
                .applied())
        .isTrue();
    engine(h)
        .apply(
            topo("apiVersion: vtopo/v1\nname: lab\n"),
            h.state(),
            Planner.destroy("lab", h.state(), PlanOptions.defaults()),
            PlanOptions.defaults());
    assertThat(h.links.get("docker0")).isEqualTo(foreignLink);
    assertThat(h.networks.get("default")).isEqualTo(foreignNet);
  }

  @Test
  void lockRefusesASecondApply() {
    Path lock = state.resolve("lock");
    try (HostLock l = HostLock.acquire(lock, Duration.ZERO)) {
      assertThatThrownBy(() -> HostLock.acquire(lock, Duration.ofMillis(200)))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("another vtopo apply");
    }
    HostLock.acquire(lock, Duration.ZERO).close();
  }
}
