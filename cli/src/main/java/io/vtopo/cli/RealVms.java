package io.vtopo.cli;

import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.RealAttachments;
import io.vtopo.host.HostSession;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --host} of {@code check}, {@code path} and {@code graph}: the file's VMs merged with their
 * domains on the host ({@link RealAttachments}), what the merge did printed to stderr.
 */
final class RealVms {
  /** Mixed into graph and path ({@code check} words its own, since {@code --live} implies it). */
  @Option(
      names = "--host",
      description = {
        "Use the VMs as they really are: merge each VM that names a domain with that domain on the",
        "host (its unmanaged vNICs, next-boot values), as the plan sees them."
      })
  boolean fromHost;

  /** The file's topology, with its VMs merged with their domains when {@code --host} was given. */
  Topology apply(Topology file, HostOptions host, PrintWriter err, String command) {
    return fromHost ? of(file, host, err, command) : file;
  }

  static Topology of(Topology file, HostOptions host, PrintWriter err, String command) {
    try (HostSession s = HostSession.open(host.target())) {
      s.requireLibvirtFor(file);
      RealAttachments.Merged m = RealAttachments.merge(file, s.read());
      for (String n : m.notes()) {
        err.println("vtopo: " + command + ": " + n);
      }
      err.flush();
      return m.topology();
    }
  }
}
