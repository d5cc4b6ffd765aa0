package io.vtopo.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man page says what the command line accepts: every command and option, as roff that groff
 * reads cleanly.
 */
class ManPageTest {
  @TempDir Path dir;

  private static void all(CommandSpec c, List<CommandSpec> out) {
    out.add(c);
    c.subcommands().values().forEach(s -> all(s.getCommandSpec(), out));
  }

  @Test
  void everyCommandAndOptionIsInThePage() {
    CommandSpec root = Main.commandLine().getCommandSpec();
    String page = ManPage.roff(root, "1.2.3");
    assertThat(page).startsWith(".\\\" Generated").contains(".TH VTOPO 1 \"\" \"vtopo 1.2.3\"");
    List<CommandSpec> specs = new ArrayList<>();
    all(root, specs);
    assertThat(specs).hasSizeGreaterThan(10);
    for (CommandSpec c : specs) {
      if (c != root) {
        assertThat(page).contains(".SS \"" + ManPage.esc(c.qualifiedName()));
      }
      for (OptionSpec o : c.options()) {
        if (!o.hidden()) {
          assertThat(page)
              .as("%s %s", c.qualifiedName(), o.longestName())
              .contains("\\fB" + ManPage.esc(o.longestName()) + "\\fR");
        }
      }
    }
    assertThat(page).contains(".SH \"EXIT STATUS\"").doesNotContain("${").doesNotContain("%n");
  }

  @Test
  void groffRendersItWithoutWarnings() throws Exception {
    Path page = dir.resolve("vtopo.1");
    Files.writeString(page, ManPage.roff(Main.commandLine().getCommandSpec(), "1.2.3"));
    Process p;
    try {
      p =
          new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", page.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("groff is not installed");
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).isEmpty();
  }

  @Test
  void mainWritesThePageTheCompressedPageAndTheCompletion() throws Exception {
    ManPage.main(new String[] {dir.toString(), "1.2.3"});
    assertThat(Files.readString(dir.resolve("vtopo.1"))).contains(".SH COMMANDS");
    assertThat(Files.size(dir.resolve("vtopo.1.gz"))).isPositive();
    assertThat(Files.readString(dir.resolve("vtopo.bash-completion")))
        .contains("complete -F")
        .contains("validate");
    assertThat(CommandLine.class).isNotNull();
  }
}
