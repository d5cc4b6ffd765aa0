package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A short command builds only what it runs: picocli's model of one subcommand, or nothing at all
 * for {@code --version}, whose fast path must print exactly what picocli prints.
 */
class StartupTest {
  @Test
  void aCommandBuildsOnlyItsOwnSubcommand() {
    assertThat(Main.commandLine(new String[] {"validate", "x.yaml"}).getSubcommands())
        .containsOnlyKeys("validate");
    assertThat(
            Main.commandLine(new String[] {"--debug", "graph", "-o", "dot", "x"}).getSubcommands())
        .containsOnlyKeys("graph");
    assertThat(
            Main.commandLine(new String[] {"fleet", "check"})
                .getSubcommands()
                .get("fleet")
                .getSubcommands())
        .isNotEmpty();
  }

  @Test
  void versionBuildsNoSubcommandAndHelpBuildsThemAll() {
    assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
    assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands())
        .hasSameSizeAs(VtopoCommand.SUBCOMMANDS)
        .containsKeys("validate", "sandbox", "completion");
    assertThat(Main.commandLine(new String[] {}).getSubcommands())
        .hasSameSizeAs(VtopoCommand.SUBCOMMANDS);
    assertThat(Main.commandLine(new String[] {"valdate"}).getSubcommands())
        .hasSameSizeAs(VtopoCommand.SUBCOMMANDS);
    assertThat(Main.commandLine(new String[] {"completion"}).getSubcommands())
        .hasSameSizeAs(VtopoCommand.SUBCOMMANDS);
  }

  @Test
  void theLazyPathBehavesLikeTheFullOne() {
    CliTest.Run v = CliTest.run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("vtopo ");
    CliTest.Run typo = CliTest.run("valdate", "x.yaml");
    assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(typo.err()).contains("validate");
    CliTest.Run help = CliTest.run("--help");
    assertThat(help.out()).contains("validate").contains("sandbox").contains("completion");
    CliTest.Run completion = CliTest.run("completion");
    assertThat(completion.out()).contains("sandbox").contains("validate");
    CliTest.Run debug = CliTest.run("--debug", "validate", "/nonexistent.yaml");
    assertThat(debug.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(debug.out()).contains("file.missing");
  }

  @Test
  void theVersionFastPathPrintsWhatPicocliPrints() {
    StringWriter picocli = new StringWriter();
    CommandLine full = Main.commandLine();
    full.printVersionHelp(new PrintWriter(picocli, true), CommandLine.Help.Ansi.OFF);
    assertThat(picocli.toString()).startsWith("vtopo ").contains("Java ");
    for (String flag : new String[] {"--version", "-V"}) {
      assertThat(Main.versionOnly(new String[] {flag})).isTrue();
      CliTest.Run r = CliTest.run(flag);
      assertThat(r.code()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).isEqualTo(picocli.toString());
    }
    // Anything more goes through picocli (and still prints the version, or its usage error).
    assertThat(Main.versionOnly(new String[] {"--debug", "--version"})).isFalse();
    assertThat(Main.versionOnly(new String[] {"validate", "-V"})).isFalse();
    assertThat(CliTest.run("--debug", "--version").out()).isEqualTo(picocli.toString());
    assertThat(CliTest.run("validate", "-V").out()).isEqualTo(picocli.toString());
    assertThat(CliTest.run("--version", "--version").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void theArchiveTrainingRunsEveryShortCommandQuietly() {
    // What the launchers run to make the class-data-sharing archive: it must not throw or print.
    var out = new java.io.ByteArrayOutputStream();
    var saved = System.out;
    System.setOut(new java.io.PrintStream(out, true));
    try {
      CdsTraining.main(
          new String[] {
            ExamplesIdempotencyTest.examplesDir().resolve("lab-two-vlans.yaml").toString()
          });
    } finally {
      System.setOut(saved);
    }
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void noOptionNeedsAConverterPicocliIsToldToSkip() {
    // Main tells picocli to register no java.time/java.sql converters (a short command's time).
    java.util.List<String> offending = new java.util.ArrayList<>();
    java.util.ArrayDeque<CommandLine> todo =
        new java.util.ArrayDeque<>(List.of(Main.commandLine()));
    while (!todo.isEmpty()) {
      CommandLine c = todo.pop();
      todo.addAll(c.getSubcommands().values());
      for (CommandLine.Model.ArgSpec a : c.getCommandSpec().args()) {
        java.util.List<Class<?>> types = new java.util.ArrayList<>(List.of(a.type()));
        types.addAll(List.of(a.auxiliaryTypes()));
        for (Class<?> t : types) {
          if (t.getName().matches(Main.CONVERTER_EXCLUDES)) {
            offending.add(c.getCommandSpec().qualifiedName() + " " + a + ": " + t.getName());
          }
        }
      }
    }
    assertThat(offending).isEmpty();
    assertThat("java.time.Duration").matches(Main.CONVERTER_EXCLUDES);
    assertThat("java.nio.file.Path").doesNotMatch(Main.CONVERTER_EXCLUDES);
  }
}
