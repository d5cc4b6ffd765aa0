package io.vtopo.cli;

import io.vtopo.host.HostTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where vtopo acts: the network namespace, the libvirt URI and the state directory. Mixed into host
 * commands.
 */
final class HostOptions {
  /** What {@code ip netns add} accepts and what fits /run/netns: no slashes, no dot-only names. */
  private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

  /**
   * A libvirt URI has a scheme ({@code qemu:///system}, {@code qemu+ssh://host/system}, {@code
   * test:///default}).
   */
  private static final Pattern URI = Pattern.compile("[a-z][a-z0-9+.-]*:.*");

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  String netns;

  @Option(
      names = {"-c", "--connect"},
      paramLabel = "URI",
      defaultValue = "qemu:///system",
      description =
          "libvirt URI (qemu:///system, qemu+ssh://HOST/system, test:///default), or 'none' to manage"
              + " links only (default: ${DEFAULT-VALUE}).")
  String connect;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "/var/lib/vtopo",
      description = "Journal, lock and storage ownership records (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  /**
   * Checked while parsing, so a mistyped namespace is a usage error (exit 2), not a failure deep in
   * netlink.
   */
  @Option(
      names = "--netns",
      paramLabel = "NAME",
      description =
          "Manage links inside network namespace /run/netns/NAME (default: the current namespace).")
  void netns(String name) {
    if (!NETNS.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new ParameterException(
          mixee.commandLine(),
          "--netns: '"
              + name
              + "' is not a network namespace name"
              + " (letters, digits, '_', '.', '-'; as 'ip netns add' takes it)");
    }
    if (!Files.exists(Path.of("/run/netns", name))) {
      throw new ParameterException(
          mixee.commandLine(),
          "--netns: no network namespace '"
              + name
              + "' (/run/netns/"
              + name
              + ": no such file or directory; 'ip netns list' shows them)");
    }
    netns = name;
  }

  boolean libvirt() {
    return !"none".equals(connect);
  }

  /** The target these options name; a URI without a scheme is a usage error. */
  HostTarget target() {
    if (connect != null && libvirt() && !URI.matcher(connect).matches()) {
      throw new ParameterException(
          mixee.commandLine(),
          "--connect: '"
              + connect
              + "' is not a libvirt URI"
              + " (expected e.g. qemu:///system, qemu+ssh://HOST/system, test:///default, or 'none')");
    }
    return new HostTarget(netns, connect, stateDir);
  }
}
