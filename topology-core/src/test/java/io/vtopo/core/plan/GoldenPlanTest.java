package io.vtopo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.testsupport.FileCases;
import io.vtopo.testsupport.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden plans, one directory per case under {@code plans/}: {@code current.yaml} is the live host
 * (every object owned by that file's topology name), optional {@code foreign.yaml} adds objects
 * nobody owns, {@code desired.yaml} is the file, optional {@code options} lists flags ({@code
 * allow-data-loss}, {@code allow-source-change}, {@code allow-disconnect}, {@code ssh=ADDRESS},
 * {@code links-beside-libvirt}, {@code kept-storage=POOL}), and {@code plan.txt} is the expected
 * plan. Set {@code -Dvtopo.updateGolden=true} to rewrite the expectations, then review the diff.
 */
class GoldenPlanTest {
  static final Path DIR = Path.of("src/test/resources/plans");

  static Topology read(Path p) {
    TopologyReader.Result r = TopologyReader.read(p);
    assertThat(r.diagnostics().sorted()).as("reading %s", p).isEmpty();
    return r.topology().orElseThrow();
  }

  /** A live host as a topology file describes it: masters resolved as the kernel reports them. */
  static HostState host(Path current, Path foreign) {
    List<Owned<Link>> links = new ArrayList<>();
    List<Owned<Network>> nets = new ArrayList<>();
    List<Owned<Pool>> pools = new ArrayList<>();
    for (Path p : new Path[] {current, foreign}) {
      if (!Files.exists(p)) {
        continue;
      }
      Topology t = read(p);
      String owner = p == current ? t.name() : null;
      Planner.effectiveLinks(t)
          .forEach(l -> links.add(new Owned<>(l, l.kind().equals("nic") ? null : owner)));
      t.networks().forEach(n -> nets.add(new Owned<>(n, owner)));
      t.pools().forEach(x -> pools.add(new Owned<>(x, owner)));
    }
    return new HostState(links, nets, pools);
  }

  /** {@code kept-storage=POOL} lines: owned pools whose storage vtopo did not build. */
  static HostState keptStorage(HostState h, Path options) throws IOException {
    if (!Files.exists(options)) {
      return h;
    }
    Set<String> kept = new java.util.HashSet<>();
    for (String line : Files.readString(options).split("\n")) {
      if (line.startsWith("kept-storage=")) {
        kept.add(line.substring("kept-storage=".length()).trim());
      }
    }
    return new HostState(h.links(), h.networks(), h.pools(), h.volumeOwners(), kept);
  }

  static PlanOptions options(Path f) throws IOException {
    if (!Files.exists(f)) {
      return PlanOptions.defaults();
    }
    String o = Files.readString(f);
    Set<IpAddress> ssh = new java.util.HashSet<>();
    for (String line : o.split("\n")) {
      if (line.startsWith("ssh=")) {
        ssh.add(IpAddress.parse(line.substring(4).trim()).orElseThrow());
      }
    }
    return new PlanOptions(
        o.contains("allow-data-loss"),
        o.contains("allow-source-change"),
        o.contains("allow-disconnect"),
        ssh,
        PlanOptions::simple,
        o.contains("links-beside-libvirt"));
  }

  @TestFactory
  Stream<DynamicTest> plansMatchGoldenFiles() throws IOException {
    List<Path> cases = FileCases.list(DIR, Files::isDirectory);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
    return FileCases.each(
        cases,
        c -> {
          HostState live =
              keptStorage(
                  host(c.resolve("current.yaml"), c.resolve("foreign.yaml")), c.resolve("options"));
          Topology desired = read(c.resolve("desired.yaml"));
          Plan plan = Planner.plan(desired, live, options(c.resolve("options")));
          String text = PlanRenderer.text(plan);
          Golden.check(c.resolve("plan.txt"), text);
          // Every plan is deterministic (its JSON form is render's PlanJson, parsed by
          // render's PlanJsonTest).
          assertThat(PlanRenderer.text(Planner.plan(desired, live, options(c.resolve("options")))))
              .isEqualTo(text);
        });
  }
}
