package io.vtopo.cli;

import io.vtopo.core.model.Topology;
import io.vtopo.core.reach.ReachReport;
import io.vtopo.core.reach.Reachability;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vtopo check FILE}: static reachability summary and every {@code expect:} intent as PASS/FAIL. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {"Analyse reachability between the VMs of a topology file (offline, static): the L2 segments with",
        "their vNICs, which segments reach which through the host, and every expect: intent as PASS or FAIL",
        "with the path or the place it breaks. See docs/reachability.md."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every expectation passes", "1:an expectation fails, or the file is invalid",
        "2:usage error"})
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output output;

  /** Output formats. */
  enum Output { text, json }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Topology> t = Loaded.of(file).requireValid(spec.commandLine().getErr());
    if (t.isEmpty()) {
      return ExitCodes.INVALID;
    }
    ReachReport report = ReachReport.of(Reachability.of(t.get()));
    out.print(output == Output.json ? report.json() : report.text());
    out.flush();
    return report.failures() == 0 ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
