package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.apply.Engine;
import io.vtopo.core.apply.Journal;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;

/**
 * A failed apply that created a pool with volumes rolls the pool back completely, against libvirt's
 * in-process test driver: the volumes it created are deleted before their pool (whose storage
 * libvirt deletes only when empty).
 */
class PoolRollbackTest {
  @TempDir Path tmp;
  Connect conn;
  LibvirtStorage storage;

  @BeforeEach
  void open() throws Exception {
    Connect.setErrorCallback(new ErrorCallback());
    conn = new Connect("test:///default");
    storage = new LibvirtStorage(conn, new OwnershipRegistry(tmp.resolve("owners.json")));
  }

  @AfterEach
  void close() throws Exception {
    conn.close();
  }

  private HostState read() {
    List<Owned<Pool>> pools = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    for (LivePool p : storage.inspect(true)) {
      if (p.pool() != null) {
        pools.add(new Owned<>(p.pool(), p.owner()));
        p.volumes().stream()
            .filter(v -> v.owner() != null)
            .forEach(v -> owners.put(p.name() + "/" + v.name(), v.owner()));
      }
    }
    return new HostState(List.of(), List.of(), pools, owners);
  }

  /**
   * The seam that makes the apply fail after the pool exists: links "apply" but never appear, so
   * verify fails.
   */
  private static final LinkBackend LINKS_THAT_NEVER_APPEAR =
      new LinkBackend() {
        @Override
        public List<Owned<Link>> readLinks() {
          return List.of();
        }

        @Override
        public void apply(List<Change<Link>> changes, String owner) {
          // Accepted and lost: verification sees the bridge missing and the engine rolls everything
          // back.
        }

        @Override
        public void close() {}
      };

  @Test
  void aFailedApplyDeletesTheVolumesItCreatedBeforeTheirPool() {
    String yaml =
        "apiVersion: vtopo/v1\nname: rb\nlinks:\n  - {name: br-rb, kind: bridge, state: up}\n"
            + "pools:\n  - name: rb-images\n    type: dir\n    target: "
            + tmp.resolve("images")
            + "\n"
            + "    volumes:\n      - {name: a.qcow2, format: qcow2, capacity: 1G}\n"
            + "      - {name: b.raw, format: raw, capacity: 1M}\n";
    Topology t =
        TopologyReader.read("rb.yaml", yaml.getBytes(StandardCharsets.UTF_8))
            .topology()
            .orElseThrow();
    HostState before = read();
    Plan plan = Planner.plan(t, before, PlanOptions.defaults());
    Engine engine =
        new Engine(
            new Engine.Backends(LINKS_THAT_NEVER_APPEAR, null, storage),
            Journal.at(tmp.resolve("state"), t.name()),
            this::read,
            Engine.Progress.NONE,
            1,
            Duration.ZERO);

    Engine.Result r = engine.apply(t, before, plan, PlanOptions.defaults());

    assertThat(r.applied()).isFalse();
    assertThat(r.unrestorable()).as("rollback of %s", r.failure()).isEmpty();
    assertThat(read().pools()).extracting(o -> o.value().name()).doesNotContain("rb-images");
    assertThat(read().pools())
        .extracting(o -> o.value().name())
        .containsExactlyInAnyOrderElementsOf(
            before.pools().stream().map(o -> o.value().name()).toList());
  }
}
