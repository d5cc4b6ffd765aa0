package io.vtopo.cli;

import io.vtopo.core.model.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared parts of the commands that read or change a live host. */
abstract class HostCommand {
  @Spec CommandSpec spec;

  @Mixin HostOptions host = new HostOptions();

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The valid topology in {@code file}, or null after printing its diagnostics. */
  Topology load(Path file) {
    boolean json = this instanceof JsonOutput j && j.jsonOutput();
    return Loaded.of(file).requireValid(err(), json ? out() : null).orElse(null);
  }

  static boolean terminal() {
    return System.console() != null;
  }
}
