package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.cli.Main;
import io.vtopo.testsupport.FileCases;
import io.vtopo.testsupport.Golden;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every example validates and its graphs match {@code
 * golden/NAME.{dot,mmd,json,svg}}; every broken file is rejected with exactly the diagnostics in
 * {@code broken/NAME.expected}. Run with {@code -Dvtopo.updateGolden=true} to rewrite the golden
 * files after an intended change, then review the diff.
 */
class GoldenTest {
  static final Path DIR = Path.of(System.getProperty("vtopo.examples.dir", "."));

  record Run(int exit, String out, String err) {}

  static Run vtopo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static List<Path> yamls(Path dir) {
    return FileCases.endingWith(dir, ".yaml");
  }

  static void golden(Path expected, String actual) {
    Golden.check(expected, actual);
  }

  /** {@code vtopo validate --strict} of {@code f}, which must exit with {@code exit}. */
  static Run validated(Path f, int exit, String why) {
    Run v = vtopo("validate", "--strict", rel(f));
    assertThat(v.exit()).as(why + ":\n" + v.out() + v.err()).isEqualTo(exit);
    return v;
  }

  static String rel(Path p) {
    return DIR.relativize(p).toString();
  }

  @TestFactory
  Stream<DynamicTest> examplesValidateAndGraphAsGolden() throws IOException {
    List<Path> files = yamls(DIR);
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    return FileCases.each(
        files,
        f -> {
          validated(f, 0, "an example validates");
          String name = FileCases.stem(f, ".yaml");
          for (String[] fmt :
              new String[][] {
                {"dot", "dot"}, {"mermaid", "mmd"}, {"json", "json"}, {"svg", "svg"}
              }) {
            Run g = vtopo("graph", "--output", fmt[0], rel(f));
            assertThat(g.exit()).as(g.err()).isZero();
            assertThat(vtopo("graph", "--output", fmt[0], rel(f)).out())
                .as("deterministic output")
                .isEqualTo(g.out());
            golden(DIR.resolve("golden").resolve(name + "." + fmt[1]), g.out());
          }
        });
  }

  /**
   * Every example with VMs: {@code vtopo check} passes all its intents and prints {@code
   * golden/NAME.check.txt}.
   */
  @TestFactory
  Stream<DynamicTest> examplesPassTheirIntentsWithGoldenChecks() throws IOException {
    List<Path> files =
        yamls(DIR).stream().filter(f -> ExampleFiles.read(f).contains("\nvms:")).toList();
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    return FileCases.each(
        files,
        f -> {
          Run c = vtopo("check", rel(f));
          assertThat(c.exit()).as(c.out() + c.err()).isZero();
          String name = FileCases.stem(f, ".yaml");
          golden(DIR.resolve("golden").resolve(name + ".check.txt"), c.out());
        });
  }

  /**
   * Every file in {@code broken-intent/} is valid, but {@code vtopo check} fails it (exit 1) with
   * golden output.
   */
  @TestFactory
  Stream<DynamicTest> brokenIntentsFailCheckWithGoldenExplanations() throws IOException {
    List<Path> files = yamls(DIR.resolve("broken-intent"));
    assertThat(files).isNotEmpty();
    return FileCases.each(
        files,
        f -> {
          validated(f, 0, "a broken-intent file is valid");
          Run c = vtopo("check", rel(f));
          assertThat(c.exit()).as(c.out() + c.err()).isEqualTo(1);
          assertThat(c.out()).contains("FAIL");
          golden(FileCases.sibling(f, ".yaml", ".check.txt"), c.out());
          Run j = vtopo("check", "--output", "json", rel(f));
          assertThat(j.exit()).isEqualTo(1);
          assertThat(j.out()).contains("\"pass\" : false");
        });
  }

  @TestFactory
  Stream<DynamicTest> brokenFilesFailWithGoldenDiagnostics() throws IOException {
    List<Path> files = yamls(DIR.resolve("broken"));
    assertThat(files).isNotEmpty();
    return FileCases.each(
        files,
        f -> {
          Run v = validated(f, 1, "a broken file must be rejected");
          assertThat(v.out()).contains(":");
          golden(FileCases.sibling(f, ".yaml", ".expected"), v.out());
        });
  }
}
