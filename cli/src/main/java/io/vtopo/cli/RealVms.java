package io.vtopo.cli;

import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.RealAttachments;
import io.vtopo.host.HostSession;
import java.io.PrintWriter;

/**
 * {@code --host} of {@code check}, {@code path} and {@code graph}: the file's VMs merged with their
 * domains on the host ({@link RealAttachments}), what the merge did printed to stderr.
 */
final class RealVms {
  private RealVms() {}

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
