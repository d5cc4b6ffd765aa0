package io.vtopo.cli;

import io.vtopo.core.VtopoException;
import io.vtopo.core.apply.Engine;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Veth;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.host.HostSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vtopo sandbox FILE}: plan, apply, verify, re-plan, export and destroy a topology in a
 * fresh network namespace with libvirt's in-process test driver. Nothing on the host changes;
 * declared NICs get veth stand-ins.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Try a topology safely: in a fresh network namespace and libvirt's test:///default driver, run",
      "plan -> apply -> verify -> plan again (must be empty) -> export -> destroy, and report each stage.",
      "Declared NICs get veth stand-ins. Needs root or an unprivileged user namespace (the ./vtopo launcher",
      "starts the JVM in 'unshare -Urn' when not root)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every stage passed",
      "1:a stage failed (the output says which, and what was rolled back)",
      "2:usage error",
      "3:no namespace could be created, or libvirt's client library is missing (without --links-only)"
    })
final class SandboxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Option(
      names = "--links-only",
      description = {
        "Leave the file's libvirt networks and pools (and the vNICs on",
        "them) out and exercise only the links; without it a machine lacking libvirt0 fails (exit 3)."
      })
  boolean linksOnly;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    Topology loaded = Loaded.of(file).requireValid(err).orElse(null);
    if (loaded == null) {
      return ExitCodes.INVALID;
    }
    Path state = Files.createTempDirectory("vtopo-sandbox-");
    try (HostSession s = HostSession.sandbox(state)) {
      Topology t = loaded;
      if (s.conn == null && !linksOnly) {
        err.println(
            "sandbox: libvirt's client library (libvirt0) is not installed, so the networks and pools of "
                + file
                + " cannot be exercised; install it with:");
        err.println("  sudo apt-get install libvirt0");
        err.println(
            "(the ./vtopo launcher does this itself when run as root; --links-only runs the links alone)");
        err.flush();
        return ExitCodes.HOST;
      }
      if (s.conn == null || linksOnly) {
        out.println("sandbox: --links-only: networks and pools are left out, links are exercised");
        t =
            new Topology(
                loaded.name(),
                loaded.links(),
                List.of(),
                List.of(),
                loaded.vms().stream()
                    .map(
                        v ->
                            new io.vtopo.core.model.Vm(
                                v.name(),
                                v.nics().stream()
                                    .filter(
                                        n ->
                                            n.attachment().kind()
                                                != io.vtopo.core.model.Vnic.AttachKind.NETWORK)
                                    .toList()))
                    .toList(),
                List.of());
      }
      out.println(
          "sandbox: fresh network namespace, "
              + (s.conn == null || linksOnly ? "links only" : "libvirt test:///default")
              + ", state in "
              + state);
      standIns(s, t, out);
      PlanOptions opts = s.options(false, false, false);
      HostState before = s.read();
      long t0 = System.nanoTime();
      Plan plan = Planner.plan(t, before, opts);
      out.println("\n== plan (" + ms(t0) + " ms)");
      out.print(PlanRenderer.text(plan));
      if (!plan.refusals().isEmpty()) {
        err.println("sandbox: the plan has refusals; nothing was applied");
        return ExitCodes.INVALID;
      }
      t0 = System.nanoTime();
      Engine.Result r = s.engine(t.name(), Engine.Progress.NONE).apply(t, before, plan, opts);
      if (!r.applied()) {
        out.println("\n== apply FAILED (" + ms(t0) + " ms): " + r.failure());
        out.println(
            r.unrestorable().isEmpty()
                ? "   rolled back: the sandbox is as it was before the apply"
                : "   could not restore: " + r.unrestorable());
        return ExitCodes.INVALID;
      }
      out.println(
          "\n== apply: "
              + plan.steps().size()
              + " step(s) applied and verified in "
              + ms(t0)
              + " ms ("
              + r.verifyAttempts()
              + " read(s) of the host)");
      t0 = System.nanoTime();
      Plan again = Planner.plan(t, s.read(), opts);
      out.println(
          "== plan again ("
              + ms(t0)
              + " ms): "
              + (again.isEmpty() ? "no changes (idempotent)" : PlanRenderer.summary(again)));
      Topology exported = ExportCommand.export(s.read(), t.name(), t.name());
      out.println(
          "== export: "
              + exported.links().size()
              + " link(s), "
              + exported.networks().size()
              + " network(s), "
              + exported.pools().size()
              + " pool(s) owned by '"
              + t.name()
              + "'; first lines:");
      TopologyWriter.write(exported).lines().limit(12).forEach(l -> out.println("   " + l));
      t0 = System.nanoTime();
      HostState applied = s.read();
      Plan destroy =
          Planner.destroy(
              t.name(),
              applied,
              new PlanOptions(true, false, false, java.util.Set.of(), PlanOptions::simple, false));
      Topology empty =
          new Topology(t.name(), List.of(), List.of(), List.of(), List.of(), List.of());
      Engine.Result d =
          s.engine(t.name(), Engine.Progress.NONE)
              .apply(
                  empty,
                  applied,
                  destroy,
                  new PlanOptions(
                      true, false, false, java.util.Set.of(), PlanOptions::simple, false));
      long left =
          s.read().links().stream().filter(o -> o.ownedBy(loaded.name())).count()
              + s.read().networks().stream().filter(o -> o.ownedBy(loaded.name())).count()
              + s.read().pools().stream().filter(o -> o.ownedBy(loaded.name())).count();
      out.println(
          "== destroy: "
              + destroy.steps().size()
              + " step(s) in "
              + ms(t0)
              + " ms; "
              + left
              + " owned object(s) left"
              + (d.applied() ? "" : " (FAILED: " + d.failure() + ")"));
      boolean ok = again.isEmpty() && d.applied() && left == 0;
      out.println(ok ? "\nsandbox: all stages passed" : "\nsandbox: a stage failed");
      out.flush();
      return ok ? ExitCodes.OK : ExitCodes.INVALID;
    } finally {
      try (Stream<Path> w = Files.walk(state)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * Physical NICs do not exist in a fresh namespace: veth pairs with the NICs' names stand in for
   * them.
   */
  private static void standIns(HostSession s, Topology t, java.io.PrintWriter out) {
    List<Change<Link>> create = new ArrayList<>();
    for (Link l : t.links()) {
      if (l instanceof Nic) {
        String peer = (l.name().length() > 11 ? l.name().substring(0, 11) : l.name()) + "-sbx";
        create.add(
            new Change.Create<>(
                new Veth(
                    new LinkAttrs(
                        l.name(),
                        io.vtopo.core.model.AdminState.UP,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        List.of()),
                    peer,
                    null)));
      }
    }
    if (!create.isEmpty()) {
      s.links.apply(create, "vtopo-sandbox");
      out.println("sandbox: " + create.size() + " NIC stand-in(s) created as veth pairs");
    }
    if (s.read().links().stream().map(Owned::value).noneMatch(l -> l.name().equals("lo"))) {
      throw new VtopoException(
          VtopoException.Kind.UNAVAILABLE, null, "the sandbox namespace has no loopback");
    }
  }
}
