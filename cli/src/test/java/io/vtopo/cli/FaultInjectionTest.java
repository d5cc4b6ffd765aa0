package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.VtopoException;
import io.vtopo.core.apply.Engine;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.backend.NetworkBackend;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.backend.StorageBackend;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.core.plan.Step;
import io.vtopo.host.HostSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, fault injection against the real kernel and libvirtd: a 23-step plan over links (create,
 * modify, delete), libvirt networks (create, delete) and a dir pool's volumes (create, grow) is
 * applied once per mutating call k, with call k failing (before it reaches the host, or after it
 * took effect); after every run the whole live state (ip -d links, addresses, routes; virsh XML of
 * networks, pools, volumes) must equal the state before the apply.
 *
 * <p>The seam is {@link Failing}: decorators around the real backends that count mutating calls;
 * nothing is mocked.
 */
class FaultInjectionTest extends LiveHostTest {
  @AfterEach
  void destroyWhatTheTestApplied() {
    if (host != null) {
      host.destroy(tmp.resolve("desired.yaml"), ns);
    }
  }

  /** Fails mutating call number {@code k} (1-based) once, before or after it takes effect. */
  static final class Failing {
    final int k;
    final boolean after;
    int calls;

    Failing(int k, boolean after) {
      this.k = k;
      this.after = after;
    }

    /** Counts one call; true if this is the one to fail. */
    boolean hit() {
      return ++calls == k;
    }

    VtopoException boom(String what) {
      return new VtopoException(
          VtopoException.Kind.FAILED,
          null,
          "injected failure at mutating call "
              + k
              + " ("
              + what
              + (after ? ", after it took effect)" : ", before it ran)"));
    }

    LinkBackend links(LinkBackend real) {
      return new LinkBackend() {
        @Override
        public List<Owned<Link>> readLinks() {
          return real.readLinks();
        }

        @Override
        public void apply(List<Change<Link>> changes, String owner) {
          for (int i = 0; i < changes.size(); i++) {
            if (hit()) {
              // The batch reaches the kernel up to the failing change (inclusive when failing after
              // it).
              real.apply(changes.subList(0, after ? i + 1 : i), owner);
              throw boom(changes.get(i).toString().replaceAll("\\[.*", ""));
            }
          }
          real.apply(changes, owner);
        }

        @Override
        public void close() {
          real.close();
        }
      };
    }

    NetworkBackend networks(NetworkBackend real) {
      return new NetworkBackend() {
        @Override
        public List<Owned<Network>> list() {
          return real.list();
        }

        @Override
        public Impact impact(Network current, Network desired) {
          return real.impact(current, desired);
        }

        @Override
        public void create(Network desired, String owner) {
          run(() -> real.create(desired, owner), "create network " + desired.name());
        }

        @Override
        public void update(Network current, Network desired, String owner) {
          run(() -> real.update(current, desired, owner), "update network " + desired.name());
        }

        @Override
        public void delete(Network current, String owner) {
          run(() -> real.delete(current, owner), "delete network " + current.name());
        }
      };
    }

    StorageBackend storage(StorageBackend real) {
      return new StorageBackend() {
        @Override
        public List<Owned<Pool>> list() {
          return real.list();
        }

        @Override
        public void createPool(Pool desired, String owner) {
          run(() -> real.createPool(desired, owner), "create pool " + desired.name());
        }

        @Override
        public void deletePool(Pool current, String owner, boolean deleteData) {
          run(() -> real.deletePool(current, owner, deleteData), "delete pool " + current.name());
        }

        @Override
        public void updatePool(
            Pool current, Pool desired, String owner, boolean allowSourceChange) {
          run(
              () -> real.updatePool(current, desired, owner, allowSourceChange),
              "update pool " + desired.name());
        }

        @Override
        public void createVolume(String pool, Volume desired, String owner) {
          run(() -> real.createVolume(pool, desired, owner), "create volume " + desired.name());
        }

        @Override
        public void cloneVolume(String pool, Volume desired, String sourceVolume, String owner) {
          run(
              () -> real.cloneVolume(pool, desired, sourceVolume, owner),
              "clone volume " + desired.name());
        }

        @Override
        public void resizeVolume(
            String pool, Volume current, Volume desired, String owner, boolean allowShrink) {
          run(
              () -> real.resizeVolume(pool, current, desired, owner, allowShrink),
              "resize volume " + desired.name());
        }

        @Override
        public void deleteVolume(String pool, Volume current, String owner, boolean allowDataLoss) {
          run(
              () -> real.deleteVolume(pool, current, owner, allowDataLoss),
              "delete volume " + current.name());
        }
      };
    }

    private void run(Runnable r, String what) {
      if (!hit()) {
        r.run();
        return;
      }
      if (after) {
        r.run();
      }
      throw boom(what);
    }
  }

  String baseline(String c1, String c2) {
    String lp = host.lp;
    return """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sn, kind: nic, state: up}
          - {name: %2$sb0, kind: bridge, stp: false, forward-delay: 0, state: up, addresses: [%3$s.1/28],
             ports: [%2$st0, %2$sold]}
          - {name: %2$st0, kind: tap, state: up}
          - {name: %2$sold, kind: tap, vnet-hdr: true}
        networks:
          - {name: %1$s-old, mode: isolated, bridge: %2$so, ips: [{address: %4$s.1/28}]}
        pools:
          - name: %1$s-img
            type: dir
            target: %5$s
            volumes: [{name: base.qcow2, format: qcow2, capacity: 64M}]
        """
        .formatted(
            host.prefix,
            lp,
            c1.substring(0, c1.lastIndexOf('.')) + "." + last(c1),
            c2pre(c2),
            pool());
  }

  String desired(String c1, String c3, String c4, String c5) {
    String lp = host.lp;
    StringBuilder taps = new StringBuilder();
    for (int i = 1; i <= 9; i++) {
      taps.append("  - {name: %ss%d, kind: tap, state: up}\n".formatted(lp, i));
    }
    return """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sn, kind: nic, state: up, mtu: 1400}
          - {name: %2$sb0, kind: bridge, stp: false, forward-delay: 0, state: up,
             addresses: [%3$s.1/28, %3$s.2/28], ports: [%2$st0]}
          - {name: %2$st0, kind: tap, state: up}
          - {name: %2$sb1, kind: bridge, stp: false, state: up, mtu: 1400,
             ports: [%2$sn, %2$ss1, %2$ss2, %2$ss3, %2$ss4, %2$ss5]}
          - {name: %2$sb2, kind: bridge, stp: false, state: up, ports: [%2$ss6, %2$ss7, %2$ss8, %2$ss9, %2$sx]}
          - {name: %2$sx, kind: vxlan, vni: 4242, dstport: 4789, remote: %3$s.14}
        %4$s
        networks:
          - name: %1$s-n1
            mode: isolated
            bridge: %2$sv1
            ips: [{address: %5$s.1/28, dhcp: {ranges: [{start: %5$s.2, end: %5$s.14}]}}]
          - {name: %1$s-n2, mode: nat, bridge: %2$sv2, ips: [{address: %6$s.1/28}]}
          - {name: %1$s-n3, mode: open, bridge: %2$sv3, ips: [{address: %7$s.1/28}]}
        pools:
          - name: %1$s-img
            type: dir
            target: %8$s
            volumes:
              - {name: base.qcow2, format: qcow2, capacity: 128M}
              - {name: a.qcow2, format: qcow2, capacity: 128M, backing: base.qcow2}
              - {name: b.qcow2, format: qcow2, capacity: 128M, backing: base.qcow2}
              - {name: c.raw, format: raw, capacity: 16M}
        """
        .formatted(
            host.prefix,
            lp,
            c2pre(c1),
            taps.toString().stripTrailing(),
            c2pre(c3),
            c2pre(c4),
            c2pre(c5),
            pool());
  }

  private static int last(String chunk) {
    return Integer.parseInt(chunk.substring(chunk.lastIndexOf('.') + 1));
  }

  /**
   * "a.b.c.16" -> "a.b.c" with the offset folded in: addresses are written as prefix + "." +
   * (offset + n).
   */
  private static String c2pre(String chunk) {
    return chunk;
  }

  private String pool() {
    return tmp.resolve("pool").toString();
  }

  @Test
  void everyMutatingCallFailingRollsTheWholeHostBack() {
    String lp = host.lp;
    LiveHost.sh("ip", "-n", ns, "link", "add", lp + "n", "type", "veth", "peer", "name", lp + "q");
    String[] c = new String[5];
    for (int i = 0; i < 5; i++) {
      c[i] = LiveHost.chunk28();
    }
    Path base = host.file("baseline.yaml", fix(baseline(c[0], c[1])));
    Path want = host.file("desired.yaml", fix(desired(c[0], c[2], c[3], c[4])));
    LiveHost.Run r =
        LiveHost.vtopo(
            "apply", base.toString(), "--yes", "--netns", ns, "--state-dir", host.state.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String before = host.state(ns);

    Topology t =
        Loaded.of(want).requireValid(new java.io.PrintWriter(System.err, true)).orElseThrow();
    int total;
    try (HostSession s = HostSession.open(host.options(ns).target())) {
      PlanOptions opts = s.options(false, false, false);
      Plan plan = Planner.plan(t, s.read(), opts);
      assertThat(plan.refusals()).isEmpty();
      assertThat(plan.steps().size()).as(PlanRenderer.text(plan)).isGreaterThanOrEqualTo(20);
      assertThat(plan.steps())
          .extracting(Step::action)
          .contains(Action.CREATE, Action.MODIFY, Action.DELETE);
      assertThat(plan.steps())
          .hasAtLeastOneElementOfType(Step.NetworkStep.class)
          .hasAtLeastOneElementOfType(Step.VolumeStep.class)
          .hasAtLeastOneElementOfType(Step.LinkStep.class);
      total = plan.steps().stream().mapToInt(st -> st.action() == Action.REPLACE ? 2 : 1).sum();
    }
    List<String> failures = new ArrayList<>();
    for (int k = 1; k <= total; k++) {
      // Every k fails before its call reaches the host (the contract); odd k also fail
      // after it took effect,
      // which covers the other half-done shape at half the cost on a 2-core CI machine.
      for (boolean after : k % 2 == 1 ? new boolean[] {false, true} : new boolean[] {false}) {
        Failing f = new Failing(k, after);
        try (HostSession s = HostSession.open(host.options(ns).target())) {
          PlanOptions opts = s.options(false, false, false);
          HostState live = s.read();
          Plan plan = Planner.plan(t, live, opts);
          Engine e =
              new Engine(
                  new Engine.Backends(
                      f.links(s.links), f.networks(s.networks), f.storage(s.storage)),
                  s.journal(t.name()),
                  s::read,
                  Engine.Progress.NONE,
                  5,
                  Duration.ofMillis(200));
          Engine.Result res = e.apply(t, live, plan, opts);
          String label = "k=" + k + (after ? " (after)" : " (before)");
          if (res.applied() || !res.rolledBack() || !res.unrestorable().isEmpty()) {
            failures.add(label + ": " + res);
          }
          assertThat(s.journal(t.name()).exists()).as(label + " journal left").isFalse();
        }
        String now = host.state(ns);
        if (!now.equals(before)) {
          failures.add(
              "k="
                  + k
                  + (after ? " (after)" : " (before)")
                  + ": state differs:\n"
                  + diff(before, now));
        }
        assertThat(failures).as("first failures").hasSizeLessThan(3);
      }
    }
    assertThat(failures).isEmpty();
    // Finally the same plan without failures applies, and is idempotent.
    r =
        LiveHost.vtopo(
            "apply", want.toString(), "--yes", "--netns", ns, "--state-dir", host.state.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    r =
        LiveHost.vtopo(
            "plan", want.toString(), "--netns", ns, "--state-dir", host.state.toString());
    assertThat(r.code()).as(r.toString()).isZero();
  }

  /** Chunks are written as "a.b.c.OFF"; turn "a.b.c.OFF.N" into "a.b.c.(OFF+N)". */
  static String fix(String text) {
    var m = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+)\\.(\\d+)\\.(\\d+)").matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          b, m.group(1) + "." + (Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3))));
    }
    m.appendTail(b);
    return b.toString();
  }

  static String diff(String a, String b) {
    List<String> x = List.of(a.split("\n"));
    List<String> y = List.of(b.split("\n"));
    StringBuilder d = new StringBuilder();
    x.stream().filter(l -> !y.contains(l)).forEach(l -> d.append("- ").append(l).append('\n'));
    y.stream().filter(l -> !x.contains(l)).forEach(l -> d.append("+ ").append(l).append('\n'));
    return d.toString();
  }
}
