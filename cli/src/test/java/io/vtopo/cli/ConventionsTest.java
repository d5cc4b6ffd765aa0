package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One way to say things (docs/commands.md, "Conventions"): -o is a format and -O a file on every
 * command, -V everywhere, usage errors exit 2, JSON modes stay JSON on failure, failures carry the
 * operating system's reason.
 */
class ConventionsTest {
  @TempDir Path dir;

  static final String VALID =
      "apiVersion: vtopo/v1\nname: conv\nlinks:\n"
          + "  - {name: br0, kind: bridge, ports: [tap0]}\n  - {name: tap0, kind: tap}\n";
  static final String INVALID =
      "apiVersion: vtopo/v1\nname: conv\nlinks: [{name: br0, kind: brige}]\n";

  static CliTest.Run run(String... args) {
    return CliTest.run(args);
  }

  Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void dashOIsAFormatAndDashCapitalOIsAFile() throws Exception {
    Path f = file("t.yaml", VALID);
    CliTest.Run j = run("graph", f.toString(), "-o", "json");
    assertThat(j.code()).as(j.err()).isZero();
    assertThat(json(j.out()).get("topology").asText()).isEqualTo("conv");
    assertThat(dir.resolve("json")).doesNotExist();
    Path svg = dir.resolve("out.svg");
    CliTest.Run w = run("graph", f.toString(), "--output", "svg", "--out-file", svg.toString());
    assertThat(w.code()).as(w.err()).isZero();
    assertThat(w.out()).isEmpty();
    assertThat(Files.readString(svg)).startsWith("<svg");
    // The old spelling is gone: -f is no option, and a path after -o is an invalid format, not a
    // file name.
    assertThat(run("graph", f.toString(), "-f", "dot").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("graph", f.toString(), "-o", dir.resolve("x.dot").toString()).code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(run("export", "-o", dir.resolve("x.yaml").toString()).code())
        .isEqualTo(ExitCodes.USAGE);
    for (String cmd : List.of("graph", "export")) {
      assertThat(run(cmd, "--help").out())
          .as(cmd)
          .contains("-o, --output=FORMAT")
          .contains("-O, --out-file=PATH");
    }
    for (String cmd : List.of("validate", "check", "plan")) {
      assertThat(run(cmd, "--help").out()).as(cmd).contains("-o, --output=FORMAT");
    }
  }

  @Test
  void versionWorksOnEveryCommand() {
    CommandLine cl = Main.commandLine();
    assertThat(cl.getSubcommands()).hasSizeGreaterThan(10);
    for (String name : cl.getSubcommands().keySet()) {
      CliTest.Run r = run(name, "-V");
      assertThat(r.code()).as(name).isZero();
      assertThat(r.out()).as(name).startsWith("vtopo ");
      assertThat(run(name, "--version").out()).as(name).startsWith("vtopo ");
    }
  }

  @Test
  void badValuesAreUsageErrors() throws Exception {
    Path f = file("t.yaml", VALID);
    String[][] cases = {
      {"--port: 99999 is out of range", "serve", "--port", "99999", "--connect", "none"},
      {"--port: -1 is out of range", "serve", "--port", "-1", "--connect", "none"},
      {"--resync: 0 is out of range", "serve", "--resync", "0", "--connect", "none"},
      {"--confirm: 0 is out of range", "apply", f.toString(), "--confirm", "0", "--yes"},
      {"--confirm: -5 is out of range", "apply", f.toString(), "--confirm", "-5", "--yes"},
      {"--lock-wait: -1 is out of range", "apply", f.toString(), "--lock-wait", "-1", "--yes"},
      {"'a/b' is not a network namespace name", "plan", f.toString(), "--netns", "a/b"},
      {
        "no network namespace 'vtt-conv-absent'", "plan", f.toString(), "--netns", "vtt-conv-absent"
      },
      {
        "no network namespace 'vtt-conv-absent'",
        "destroy",
        f.toString(),
        "--netns",
        "vtt-conv-absent"
      },
      {"'qemu' is not a libvirt URI", "plan", f.toString(), "--connect", "qemu"},
      {"Invalid value for option '--port'", "serve", "--port", "eighty"},
      {"expected one of [text, json]", "plan", f.toString(), "-o", "yaml"},
    };
    for (String[] c : cases) {
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      CliTest.Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(String.join(" ", args)).contains(c[0]).contains("--help");
      assertThat(r.out()).as(String.join(" ", args)).isEmpty();
    }
  }

  @Test
  void jsonModesPrintAJsonErrorOnFailure() throws Exception {
    Path bad = file("bad.yaml", INVALID);
    for (String[] args :
        new String[][] {
          {"plan", bad.toString(), "-o", "json", "--connect", "none"},
          {"check", bad.toString(), "-o", "json"},
          {"graph", bad.toString(), "-o", "json"}
        }) {
      CliTest.Run r = run(args);
      assertThat(r.code()).as(args[0]).isEqualTo(ExitCodes.INVALID);
      JsonNode e = json(r.out()).get("error");
      assertThat(e).as(args[0] + ": " + r.out()).isNotNull();
      assertThat(e.get("exitCode").asInt()).isEqualTo(ExitCodes.INVALID);
      assertThat(e.get("kind").asText()).isEqualTo("invalid-input");
      assertThat(e.get("diagnostics").get(0).get("rule").asText()).isEqualTo("schema.enum");
      assertThat(r.err()).contains("1 error(s)");
    }
    CliTest.Run v = run("validate", "-o", "json", dir.resolve("absent.yaml").toString());
    assertThat(v.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(json(v.out()).get("files").get(0).get("diagnostics").get(0).get("rule").asText())
        .isEqualTo("file.missing");
  }

  @Test
  void aFailureInAJsonModeIsAJsonDocumentWithItsReason() throws Exception {
    // An execution failure (not a file problem): writing the plan's drawing into a directory that
    // does not exist.
    Path f = file("t.yaml", VALID);
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "graph",
            f.toString(),
            "-o",
            "json",
            "-O",
            dir.resolve("no/such/dir/g.json").toString());
    assertThat(code).isEqualTo(ExitCodes.INVALID);
    JsonNode e = json(out.toString()).get("error");
    assertThat(e.get("message").asText())
        .contains("cannot write")
        .contains("no such file or directory");
    assertThat(err.toString())
        .contains(
            "vtopo: cannot write "
                + dir.resolve("no/such/dir/g.json")
                + ": no such file or directory")
        .doesNotContain("Exception");
  }

  @Test
  void failuresCarryTheOperatingSystemsReason() throws Exception {
    Path f = file("t.yaml", VALID);
    CliTest.Run w = run("graph", f.toString(), "-O", "/nonexistent/dir/out.svg");
    assertThat(w.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(w.err())
        .contains("vtopo: cannot write /nonexistent/dir/out.svg: no such file or directory");
    // A directory given as the file: the reader says what the OS said.
    CliTest.Run d = run("validate", dir.toString());
    assertThat(d.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(d.out()).contains("is a directory");
    assertThat(Main.oneLine(new java.nio.file.AccessDeniedException("/etc/x")))
        .isEqualTo("/etc/x: permission denied");
    assertThat(Main.oneLine(new java.nio.file.NoSuchFileException("/a/b")))
        .isEqualTo("/a/b: no such file or directory");
  }

  @Test
  void aMistypedConnectUriIsNotADaemonProblem() {
    assertThat(
            io.vtopo.libvirt.LibvirtConnections.uriRejected(
                "internal error: unexpected qemu URI path '/sytem', try qemu:///system"))
        .isTrue();
    assertThat(
            io.vtopo.libvirt.LibvirtConnections.uriRejected(
                "no connection driver available for qemuu:///system"))
        .isTrue();
    assertThat(
            io.vtopo.libvirt.LibvirtConnections.uriRejected(
                "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory"))
        .isFalse();
  }

  @Test
  void aMistypedConnectUriSaysToCheckTheUri() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.vtopo.libvirt.NativeLibvirt.isAvailable(),
        "the libvirt client library is not installed");
    Path f = file("t.yaml", VALID);
    for (String uri : List.of("qemuu:///system", "qemu:///sytem")) {
      CliTest.Run r = run("plan", f.toString(), "--connect", uri, "-o", "json");
      assertThat(r.err())
          .as(uri)
          .contains("check the --connect URI")
          .doesNotContain("libvirtd running");
      assertThat(json(r.out()).get("error").get("kind").asText()).isEqualTo("invalid-input");
    }
  }

  @Test
  void rollbackStepsAreLabelledAsRollback() {
    StringWriter s = new StringWriter();
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(s), false);
    p.step(0, 2, "create link:br0");
    p.rollbackStep(0, 1, "delete link:br0");
    assertThat(s.toString()).isEqualTo("step 1/2: create link:br0\nrollback: delete link:br0\n");
  }
}
