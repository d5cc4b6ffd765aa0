package io.vtopo.cli;

import io.vtopo.core.apply.HostLock;
import io.vtopo.host.HostSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vtopo recover NAME}: roll back an apply that was killed. */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
      "Roll back an unfinished apply of topology NAME from its journal (after a crash, a kill or a",
      "lost confirmation), restoring every object it touched."
    })
final class RecoverCommand extends HostCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "Topology name.")
  String topology;

  @picocli.CommandLine.Option(
      names = "--keep-changes",
      description =
          "Do not roll back: drop the journal and keep what the interrupted apply did, so that running"
              + " 'vtopo apply' again resumes from there.")
  boolean keep;

  @Override
  public Integer call() {
    try (HostSession s = HostSession.open(host.target());
        HostLock lock = s.lock(Duration.ZERO)) {
      if (!s.journal(topology).exists()) {
        out().println("Nothing to recover: no unfinished apply of topology '" + topology + "'.");
        return ExitCodes.OK;
      }
      if (keep) {
        s.journal(topology).finish();
        if (s.conn != null) {
          s.domains(topology).discard();
        }
        out().println("Journal dropped; run 'vtopo apply' with the file to finish the change.");
        return ExitCodes.OK;
      }
      out()
          .println("Found an unfinished apply of '" + topology + "'; restoring what it touched...");
      io.vtopo.core.apply.Engine engine =
          s.engine(topology, io.vtopo.core.apply.Engine.Progress.NONE);
      List<String> left = engine.recover(topology);
      if (!engine.foreignLeft().isEmpty()) {
        out()
            .println(
                "Left alone (not this topology's; another tool created or replaced them meanwhile):");
        engine.foreignLeft().forEach(f -> out().println("  " + f));
      }
      if (left.isEmpty()) {
        out().println("Recovered: the host is as it was before that apply.");
        return ExitCodes.OK;
      }
      err().println("vtopo: could not restore:");
      left.forEach(l -> err().println("  " + l));
      return ExitCodes.INVALID;
    }
  }
}
