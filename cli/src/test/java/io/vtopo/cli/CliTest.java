package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it: exit codes, one-line errors, hostile files, help, version,
 * completion.
 */
class CliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private static void noStackTrace(Run r) {
    assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void hostileFilesGetOneClearErrorEach() throws IOException {
    Path nonUtf8 = dir.resolve("latin1.yaml");
    Files.write(
        nonUtf8, "apiVersion: vtopo/v1\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    Path laughs = Files.writeString(dir.resolve("laughs.yaml"), bomb);
    Path deep =
        Files.writeString(dir.resolve("deep.yaml"), "[".repeat(50_000) + "]".repeat(50_000));
    Path huge = dir.resolve("huge.yaml");
    try (OutputStream o = Files.newOutputStream(huge)) {
      byte[] line =
          "# padding padding padding padding padding padding padding padding padding padding\n"
              .getBytes(StandardCharsets.UTF_8);
      for (long written = 0; written < 100L * 1024 * 1024; written += line.length) {
        o.write(line);
      }
    }
    Path missing = dir.resolve("missing.yaml");
    String[][] cases = {
      {nonUtf8.toString(), "yaml.encoding"},
      {laughs.toString(), "yaml.alias-bomb"},
      {deep.toString(), "yaml.too-deep"},
      {huge.toString(), "yaml.too-large"},
      {missing.toString(), "file.missing"},
      {dir.toString(), "file.not-regular"}
    };
    for (String[] c : cases) {
      Run r = run("validate", c[0]);
      assertThat(r.code()).as(c[0]).isEqualTo(ExitCodes.INVALID);
      assertThat(r.out()).as(c[0]).contains("error[" + c[1] + "]");
      noStackTrace(r);
    }
  }

  @Test
  void usageErrorsExitTwoWithASuggestion() {
    Run r = run("validat", "x.yaml");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Did you mean").contains("validate");
    assertThat(run("validate").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("graph", "--output", "png", "x.yaml").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void helpListsExitCodesAndVersionAndCompletionWork() {
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("Exit codes:")
        .contains("validate")
        .contains("apply")
        .contains("sandbox");
    assertThat(run("--version").out()).startsWith("vtopo ");
    assertThat(run("completion").out()).contains("complete -F").contains("validate");
  }

  @Test
  void validateJsonIsMachineReadable() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("t.yaml"),
            "apiVersion: vtopo/v1\nname: t\nlinks: [{name: br0, kind: brige}]\n");
    Run r = run("validate", "-o", "json", f.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertThat(tree.get("errors").asInt()).isEqualTo(1);
    var d = tree.get("files").get(0).get("diagnostics").get(0);
    assertThat(d.get("rule").asText()).isEqualTo("schema.enum");
    assertThat(d.get("line").asInt()).isEqualTo(3);
    assertThat(d.get("hint").asText()).contains("bridge");
  }
}
