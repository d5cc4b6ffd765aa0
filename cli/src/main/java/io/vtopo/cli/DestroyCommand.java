package io.vtopo.cli;

import io.vtopo.core.apply.Engine;
import io.vtopo.core.apply.HostLock;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.core.plan.Refusal;
import io.vtopo.host.HostSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vtopo destroy FILE}: remove what the topology owns. */
@Command(
    name = "destroy",
    mixinStandardHelpOptions = true,
    description = {
      "Remove everything topology FILE owns, in reverse dependency order; foreign objects are never",
      "touched. Pool storage and volumes are kept unless --allow-data-loss."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:destroyed (or nothing owned)",
      "1:refused or failed (rolled back)",
      "2:usage error",
      "3:host facility unavailable"
    })
final class DestroyCommand extends HostCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "Topology file (only its name: is used).")
  Path file;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--allow-data-loss", description = "Also delete pool storage and volumes.")
  boolean allowDataLoss;

  @Option(
      names = "--allow-disconnect",
      description = "Allow removing links that carry the management path.")
  boolean allowDisconnect;

  @Override
  public Integer call() {
    Topology t = load(file);
    if (t == null) {
      return ExitCodes.INVALID;
    }
    try (HostSession s = HostSession.open(host.target());
        HostLock lock = s.lock(Duration.ZERO)) {
      PlanOptions opts = s.options(allowDataLoss, false, allowDisconnect);
      HostState before = s.read();
      Plan plan = Planner.destroy(t.name(), before, opts);
      out().print(PlanRenderer.text(plan));
      out().flush();
      if (!plan.refusals().isEmpty()) {
        for (Refusal r : plan.refusals()) {
          err()
              .println(
                  "vtopo: destroy refused: "
                      + r.id()
                      + ": "
                      + r.reason()
                      + (r.flag() == null ? "" : "; pass " + r.flag() + " to allow it"));
        }
        err().println("vtopo: nothing was changed");
        return ExitCodes.INVALID;
      }
      if (plan.isEmpty()) {
        return ExitCodes.OK;
      }
      if (!yes) {
        err().println("vtopo: pass --yes to destroy");
        return ExitCodes.INVALID;
      }
      Topology empty =
          new Topology(t.name(), List.of(), List.of(), List.of(), List.of(), List.of());
      Engine.Result r =
          s.engine(t.name(), new ProgressPrinter(out(), terminal()))
              .apply(empty, before, plan, opts);
      if (!r.applied()) {
        err().println("vtopo: destroy failed and was rolled back: " + r.failure());
        return ExitCodes.INVALID;
      }
      out().printf("Destroyed %d object(s) owned by '%s'.%n", plan.steps().size(), t.name());
      return ExitCodes.OK;
    }
  }
}
