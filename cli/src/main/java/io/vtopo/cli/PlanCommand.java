package io.vtopo.cli;

import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.host.HostSession;
import io.vtopo.render.PlanJson;
import io.vtopo.render.PlanOverlay;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vtopo plan FILE}: what apply would do, without doing it. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Read the live host (links through netlink; networks, pools and volumes through libvirt), compare",
      "it with FILE and print the ordered changes, with the reason, impact and risk of each."
    },
    exitCodeListHeading = "%nExit codes (like terraform plan -detailed-exitcode):%n",
    exitCodeList = {
      "0:no changes (objects the file declares that exist, match and are not managed are listed, with",
      "  the 'vtopo adopt FILE --all' that takes them over)",
      "1:error (invalid file, or the plan has refusals, such as a change to an object vtopo does not",
      "  manage: the refusal names the 'vtopo adopt' command)",
      "2:changes pending",
      "3:host facility unavailable"
    })
final class PlanCommand extends HostCommand implements Callable<Integer>, JsonOutput {
  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Mixin ReportFormat output = new ReportFormat();

  @Mixin SafetyOptions safety = new SafetyOptions();

  @Option(
      names = "--graph",
      paramLabel = "PATH",
      description =
          "Also draw the plan as SVG: creations green, modifications amber, deletions red and dashed.")
  Path graph;

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  @Override
  public Integer call() throws java.io.IOException {
    Opened o = loadAndOpen(file);
    if (o == null) {
      return ExitCodes.INVALID;
    }
    Topology t = o.topology();
    try (HostSession s = o.session()) {
      s.requireLibvirtFor(t);
      Plan p =
          Planner.plan(
              t,
              s.read(),
              s.options(safety.allowDataLoss, safety.allowSourceChange, safety.allowDisconnect));
      PlanRenderer.Context ctx = planContext(file, s.notes());
      out().print(output.json() ? PlanJson.of(p, ctx) : PlanRenderer.text(p, ctx));
      if (graph != null) {
        OutFile.write(graph, PlanOverlay.svg(t, p));
      }
      out().flush();
      if (!p.refusals().isEmpty()) {
        return ExitCodes.INVALID;
      }
      return p.isEmpty() ? ExitCodes.OK : ExitCodes.CHANGES;
    }
  }
}
