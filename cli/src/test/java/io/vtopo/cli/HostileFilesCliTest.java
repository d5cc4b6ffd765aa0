package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone else's file on the command line: bounded output, nothing raw reaches the terminal,
 * nothing hangs.
 */
class HostileFilesCliTest {
  @TempDir Path dir;

  @Test
  void aFloodOfOneMistakePrintsTheFirstHundredAndACount() throws Exception {
    StringBuilder sb = new StringBuilder("apiVersion: vtopo/v1\nname: flood\nlinks:\n");
    sb.append("  - &b {name: br0, kind: bridge}\n");
    sb.append("  - *b\n".repeat(60_000));
    Path f = Files.writeString(dir.resolve("flood.yaml"), sb);
    CliTest.Run r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> CliTest.run("validate", f.toString()));
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.out().lines().filter(l -> l.contains("error[name.duplicate]")).count())
        .isEqualTo(Loaded.MAX_PRINTED);
    assertThat(r.out().lines().count()).isLessThan(2 * Loaded.MAX_PRINTED + 3);
    assertThat(r.out())
        .contains(
            ": 59900 more diagnostic(s) not shown (the first 100 are shown; -o json lists the"
                + " first 1000)")
        .contains("invalid, 60000 error(s), 0 warning(s)");
  }

  @Test
  void nothingFromTheFileReachesTheTerminalRaw() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("esc\u001b]0;t\u0007.yaml"),
            "apiVersion: vtopo/v1\nname: t\nlinks:\n"
                + "  - {name: \"br\\e]0;pwned\\a\", kind: bridge}\n  - {name: br1, kind: bridge, \"x\\e[2J\": 1}\n"
                + "vms:\n  - {name: \"web\\u200b1\"}\n");
    for (String[] args :
        new String[][] {
          {"validate", f.toString()},
          {"validate", "-o", "json", f.toString()},
          {"graph", f.toString()},
          {"check", f.toString()}
        }) {
      CliTest.Run r = CliTest.run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.INVALID);
      assertThat(r.out() + r.err())
          .as(String.join(" ", args))
          .contains("\\x1b")
          .doesNotContainPattern(
              "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069]");
    }
  }

  @Test
  void aFifoIsRefusedAtOnce() throws Exception {
    Path fifo = dir.resolve("fifo.yaml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    CliTest.Run r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> CliTest.run("validate", fifo.toString()));
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.out())
        .contains("error[file.not-regular] is a FIFO (named pipe), not a regular file");
  }
}
