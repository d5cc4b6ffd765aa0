package io.vtopo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vtopo confirm NAME}: keep an apply started with {@code --confirm N}. */
@Command(
    name = "confirm",
    mixinStandardHelpOptions = true,
    description = "Keep the change of a running 'vtopo apply --confirm N' for topology NAME.")
final class ConfirmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HostOptions host = new HostOptions();

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "Topology name (the file's name: field).")
  String topology;

  static Path flag(Path stateDir, String topology) {
    return stateDir.resolve("confirm").resolve(topology);
  }

  @Override
  public Integer call() throws IOException {
    Path f = flag(host.stateDir, topology);
    if (!Files.exists(host.stateDir.resolve("journal").resolve(topology))) {
      spec.commandLine()
          .getErr()
          .println("vtopo: no apply of topology '" + topology + "' is waiting for confirmation");
      return ExitCodes.INVALID;
    }
    Files.createDirectories(f.getParent());
    Files.writeString(f, "confirmed\n");
    spec.commandLine().getOut().println("Confirmation sent for topology '" + topology + "'.");
    return ExitCodes.OK;
  }
}
