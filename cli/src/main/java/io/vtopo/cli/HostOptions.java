package io.vtopo.cli;

import io.vtopo.host.HostTarget;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where vtopo acts: the network namespace, the libvirt URI and the state directory. Mixed into host commands. */
final class HostOptions {
  @Option(names = "--netns", paramLabel = "NAME",
      description = "Manage links inside network namespace /run/netns/NAME (default: the current namespace).")
  String netns;

  @Option(names = {"-c", "--connect"}, paramLabel = "URI", defaultValue = "qemu:///system",
      description = "libvirt URI (qemu:///system, qemu+ssh://HOST/system, test:///default), or 'none' to manage"
          + " links only (default: ${DEFAULT-VALUE}).")
  String connect;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/vtopo",
      description = "Journal, lock and storage ownership records (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  boolean libvirt() {
    return !"none".equals(connect);
  }

  /** The target these options name. */
  HostTarget target() {
    return new HostTarget(netns, connect, stateDir);
  }
}
