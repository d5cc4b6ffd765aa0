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

  /**
   * {@code value} when it is within {@code min..max}, else the usage error {@code OPTION: VALUE is
   * out of range; expected EXPECTED}: how the commands check their numeric options.
   */
  int inRange(String option, int value, int min, int max, String expected) {
    if (value < min || value > max) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), option + ": " + value + " is out of range; expected " + expected);
    }
    return value;
  }

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

  /** A valid file and the host session opened beside its reading. */
  record Opened(Topology topology, HostSession session) {}

  /**
   * Reads and validates {@code file} while the host session opens on another thread: neither needs
   * the other, and opening the netlink socket and the libvirt connection costs about as much as
   * reading a large file, so the command waits for the longer of the two instead of their sum. An
   * invalid file closes the session unused (nothing on the host has been read or changed by then)
   * and reports only the file's errors; with a valid file, a session that could not be opened fails
   * the command exactly as opening it after the read did.
   *
   * @return the file and the session, or null when the file is invalid (its errors printed)
   */
  Opened loadAndOpen(Path file) {
    java.util.concurrent.CompletableFuture<HostSession> opening =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> HostSession.open(host.target()),
            r -> {
              Thread th = new Thread(r, "vtopo-host-open");
              th.setDaemon(true);
              th.start();
            });
    Topology t;
    try {
      t = load(file);
    } catch (RuntimeException | Error e) {
      opening.thenAccept(HostSession::close);
      throw e;
    }
    if (t == null) {
      opening.thenAccept(HostSession::close);
      return null;
    }
    try {
      return new Opened(t, opening.join());
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
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
