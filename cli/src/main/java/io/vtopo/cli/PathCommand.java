package io.vtopo.cli;

import io.vtopo.core.model.Topology;
import io.vtopo.core.reach.Reachability;
import io.vtopo.core.reach.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vtopo path FILE A B}: the hop-by-hop path from one VM to another, or where it breaks and
 * why.
 */
@Command(
    name = "path",
    mixinStandardHelpOptions = true,
    description = {
      "Show the hop-by-hop path from VM A to VM B (vNIC -> tap -> bridge (vlan) -> ... -> vNIC), or the",
      "first place the path breaks and why. A and B are VM names, or VM/NIC for one vNIC."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:A reaches B",
      "1:A does not reach B, or the file is invalid, or A or B is unknown",
      "2:usage error"
    })
final class PathCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Parameters(index = "1", paramLabel = "A", description = "Source VM, or VM/NIC.")
  String from;

  @Parameters(index = "2", paramLabel = "B", description = "Destination VM, or VM/NIC.")
  String to;

  @Mixin RealVms realVms = new RealVms();

  @Mixin HostOptions host = new HostOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Topology> t = Loaded.of(file).requireValid(err);
    if (t.isEmpty()) {
      return ExitCodes.INVALID;
    }
    Verdict v;
    try {
      Topology analysed = realVms.apply(t.get(), host, err, "path");
      v = Reachability.of(analysed).path(from, to);
    } catch (IllegalArgumentException e) {
      err.println(file + ": " + e.getMessage());
      return ExitCodes.INVALID;
    }
    out.println(v.text());
    for (String w : v.warnings()) {
      out.println("warning: " + w);
    }
    out.flush();
    return v.reachable() ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
