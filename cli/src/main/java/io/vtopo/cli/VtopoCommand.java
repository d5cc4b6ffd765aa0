package io.vtopo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * The {@code vtopo} root command; its subcommands are {@link #SUBCOMMANDS}, added by {@link
 * Main#commandLine}.
 */
@Command(
    name = "vtopo",
    mixinStandardHelpOptions = true,
    versionProvider = VtopoCommand.Version.class,
    description = "Declarative network and storage topology for KVM/libvirt hosts.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (validate: the file is valid)",
      "1:invalid input or failed operation (validation errors, unreadable file)",
      "2:wrong command-line usage",
      "3:a host facility (kernel, libvirtd) is unavailable or refused access",
      "4:check --live: the host disagrees with the prediction for a probed pair"
    },
    footerHeading = "%n",
    footer =
        "Documentation: docs/README.md. Start with: vtopo validate examples/bond-vlan-bridges.yaml")
public final class VtopoCommand {
  /**
   * The subcommands in help order. Not in the annotation: picocli builds the model of every
   * annotated subcommand up front, which costs a short command more than its own work; {@link Main}
   * adds only the one a command line names.
   */
  static final java.util.List<Class<?>> SUBCOMMANDS =
      java.util.List.of(
          ValidateCommand.class,
          GraphCommand.class,
          CheckCommand.class,
          PathCommand.class,
          PlanCommand.class,
          ApplyCommand.class,
          DestroyCommand.class,
          ExportCommand.class,
          RecoverCommand.class,
          ConfirmCommand.class,
          AdoptCommand.class,
          SandboxCommand.class,
          ServeCommand.class,
          FleetCommand.class,
          CompletionCommand.class);

  /** Print stack traces of unexpected errors. */
  @Option(
      names = "--debug",
      description = "Print stack traces of unexpected errors.",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  boolean debug;

  /**
   * vtopo's version and the JVM's. The version comes from the jar's manifest
   * (Implementation-Version, already read by the class loader: no I/O), else from the filtered
   * resource (classes run from target/classes, as in tests).
   */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return lines();
    }

    static String[] lines() {
      return new String[] {
        "vtopo " + version(),
        "Java "
            + System.getProperty("java.version")
            + " on "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
      };
    }

    private static String version() {
      Package p = VtopoCommand.class.getPackage();
      String v = p == null ? null : p.getImplementationVersion();
      if (v != null) {
        return v;
      }
      Properties props = new Properties();
      try (InputStream in = VtopoCommand.class.getResourceAsStream("/vtopo-version.properties")) {
        if (in != null) {
          props.load(in);
        }
      } catch (IOException e) {
        return "unknown";
      }
      return props.getProperty("version", "unknown");
    }
  }
}
