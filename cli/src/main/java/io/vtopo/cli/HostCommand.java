package io.vtopo.cli;

import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.host.HostSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * What plan text and JSON add around a plan: the file as the operator named it (for the adopt
   * commands they print) and the unmodelled XML paths of each libvirt object, from the last read.
   */
  static PlanRenderer.Context planContext(Path file, HostSession.ReadNotes notes) {
    Map<ObjectId, List<String>> unmodelled = new HashMap<>();
    notes
        .unmodelled()
        .forEach(
            (obj, paths) -> {
              String name = obj.substring(obj.indexOf('[') + 1, obj.length() - 1);
              unmodelled.put(
                  obj.startsWith("networks[") ? ObjectId.network(name) : ObjectId.pool(name),
                  paths);
            });
    return new PlanRenderer.Context(file == null ? null : file.toString(), unmodelled);
  }

  static boolean terminal() {
    return System.console() != null;
  }
}
