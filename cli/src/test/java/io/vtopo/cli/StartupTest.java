package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A short command builds only what it runs: picocli's model of one subcommand, or of none for
 * --version.
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
}
