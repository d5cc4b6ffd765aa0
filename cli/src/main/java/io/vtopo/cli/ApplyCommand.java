package io.vtopo.cli;

import io.vtopo.core.apply.Engine;
import io.vtopo.core.apply.HostLock;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.host.HostSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vtopo apply FILE}: make the host match the file, verified, or roll back. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Plan, show the plan, ask, then carry it out in dependency order; verify by reading the host again;",
      "on any failure restore every touched object. A journal makes a killed apply recoverable ('vtopo recover')."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:applied and verified (or nothing to do)",
      "1:refused, failed and rolled back, or not confirmed",
      "2:usage error",
      "3:host facility unavailable"
    })
final class ApplyCommand extends HostCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @picocli.CommandLine.Mixin SafetyOptions safety = new SafetyOptions();

  /** 0 when not given: the change is kept at once. */
  int confirmSeconds;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Wait this long for another apply on this host to finish (default: refuse at once).")
  void lockWait(int seconds) {
    lockWait = inRange("--lock-wait", seconds, 0, 86_400, "0 to 86400 seconds");
  }

  int lockWait;

  /** Only positive: {@code --confirm 0} would otherwise silently keep the change for good. */
  @Option(
      names = "--confirm",
      paramLabel = "SECONDS",
      description =
          "Keep the change only if 'vtopo confirm NAME' runs within SECONDS (1 to 86400); otherwise roll"
              + " back.")
  void confirm(int seconds) {
    confirmSeconds =
        inRange(
            "--confirm",
            seconds,
            1,
            86_400,
            "1 to 86400 seconds (leave --confirm out to keep the change at once)");
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    FaultSwitch.installFromProperty();
    Opened o = loadAndOpen(file);
    if (o == null) {
      return ExitCodes.INVALID;
    }
    Topology t = o.topology();
    try (HostSession s = o.session();
        HostLock lock = s.lock(Duration.ofSeconds(lockWait))) {
      s.requireLibvirtFor(t);
      if (s.journal(t.name()).exists()) {
        // Checked before planning: a crash after the last step leaves a journal and a plan with
        // nothing to do.
        err()
            .println(
                "vtopo: an earlier apply of '"
                    + t.name()
                    + "' did not finish (journal in "
                    + s.journal(t.name()).dir()
                    + "); run 'vtopo recover "
                    + t.name()
                    + "' (or with --keep-changes)");
        return ExitCodes.INVALID;
      }
      PlanOptions opts =
          s.options(safety.allowDataLoss, safety.allowSourceChange, safety.allowDisconnect);
      HostState before = s.read();
      Plan plan = Planner.plan(t, before, opts);
      out().print(PlanRenderer.text(plan, planContext(file, s.notes())));
      out().flush();
      if (!plan.refusals().isEmpty()) {
        err().println("vtopo: nothing was changed");
        return ExitCodes.INVALID;
      }
      if (plan.isEmpty()) {
        return ExitCodes.OK;
      }
      if (!yes && !ask()) {
        err().println("vtopo: apply cancelled; nothing was changed");
        return ExitCodes.INVALID;
      }
      ProgressPrinter progress = new ProgressPrinter(out(), terminal());
      Engine engine = s.engine(t.name(), progress);
      long t0 = System.nanoTime();
      Engine.Result r = engine.apply(t, before, plan, opts, confirmSeconds <= 0);
      progress.done();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (!r.applied()) {
        return reportFailure(r);
      }
      out()
          .printf(
              "Applied %d step(s) and verified the host (%d read(s)) in %d ms.%n",
              plan.steps().size(), r.verifyAttempts(), ms);
      if (confirmSeconds > 0) {
        return awaitConfirmation(s, engine, t.name());
      }
      return ExitCodes.OK;
    }
  }

  private int reportFailure(Engine.Result r) {
    err().println("vtopo: apply failed: " + r.failure());
    if (!r.foreign().isEmpty()) {
      err()
          .println(
              "vtopo: left alone (not this topology's; another tool created or replaced them during the apply):");
      r.foreign().forEach(f -> err().println("  " + f));
    }
    if (r.unrestorable().isEmpty()) {
      err().println("vtopo: every change was rolled back; the host is as it was before the apply");
    } else {
      err().println("vtopo: rolled back, except:");
      r.unrestorable().forEach(u -> err().println("  " + u));
      err().println("vtopo: the journal is kept; fix the cause and run 'vtopo recover'");
    }
    return ExitCodes.INVALID;
  }

  private boolean ask() throws IOException {
    if (System.console() == null) {
      err().println("vtopo: not a terminal; pass --yes to apply without asking");
      return false;
    }
    out().print("Apply this plan? Only 'yes' is accepted: ");
    out().flush();
    String answer =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return "yes".equals(answer == null ? null : answer.trim());
  }

  private int awaitConfirmation(HostSession s, Engine engine, String topology)
      throws InterruptedException, IOException {
    Path flag = ConfirmCommand.flag(s.stateDir, topology);
    Files.deleteIfExists(flag);
    out()
        .printf(
            "Run 'vtopo confirm %s' within %d s to keep this change; otherwise it is rolled back.%n",
            topology, confirmSeconds);
    out().flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(confirmSeconds).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(flag)) {
        Files.deleteIfExists(flag);
        engine.commit();
        out().println("Confirmed: the change is kept.");
        return ExitCodes.OK;
      }
      Thread.sleep(200);
    }
    var left = engine.recover(topology);
    err()
        .println(
            "vtopo: not confirmed within "
                + confirmSeconds
                + " s; rolled back"
                + (left.isEmpty() ? "" : ", except: " + left));
    return ExitCodes.INVALID;
  }
}
