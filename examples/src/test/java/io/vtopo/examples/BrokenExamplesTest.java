package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Severity;
import io.vtopo.core.io.TopologyReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files in {@code examples/broken/} each break one rule and say which kind of rule in a header
 * comment: {@code # kind: structural} files are rejected by the reader and by the JSON Schema
 * alike; {@code # kind: semantic} files are well-formed (the reader and the schema accept them) so
 * that the semantic validator gets to see them; {@code # kind: reader} files are rejected by the
 * reader where a JSON Schema cannot see the mistake (a merge key is resolved by an editor's YAML
 * loader before the schema sees the document).
 */
class BrokenExamplesTest {
  static Stream<Path> broken() {
    return ExampleFiles.broken().stream();
  }

  static Stream<Path> structural() {
    return broken().filter(p -> kind(p).equals("structural"));
  }

  static Stream<Path> readerOnly() {
    return broken().filter(p -> kind(p).equals("reader"));
  }

  static Stream<Path> semantic() {
    return broken().filter(p -> kind(p).equals("semantic"));
  }

  /** The value of the {@code # kind:} header line, or "" if there is none. */
  static String kind(Path p) {
    return ExampleFiles.read(p)
        .lines()
        .takeWhile(l -> l.startsWith("#"))
        .filter(l -> l.startsWith("# kind:"))
        .map(l -> l.substring("# kind:".length()).trim())
        .findFirst()
        .orElse("");
  }

  @Test
  void thereAreBothKinds() {
    assertThat(structural().count()).isGreaterThanOrEqualTo(10);
    assertThat(semantic().count()).isGreaterThanOrEqualTo(20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void headerSaysKindAndWhatIsWrong(Path file) {
    assertThat(kind(file))
        .as("'# kind:' header of %s", file.getFileName())
        .isIn("structural", "semantic", "reader");
    List<String> header =
        ExampleFiles.read(file).lines().takeWhile(l -> l.startsWith("#")).toList();
    assertThat(header)
        .as("header of %s", file.getFileName())
        .anySatisfy(l -> assertThat(l).startsWith("# wrong:"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("structural")
  void readerRejectsStructural(Path file) {
    TopologyReader.Result r = TopologyReader.read(file);
    assertThat(r.topology()).as("topology of %s", file.getFileName()).isEmpty();
    assertThat(r.diagnostics().count(Severity.ERROR)).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readerOnly")
  void readerRejectsReaderOnly(Path file) {
    readerRejectsStructural(file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("structural")
  void schemaRejectsStructural(Path file) {
    assertThat(SchemaCheck.errors(ExampleFiles.read(file)))
        .as("schema errors of %s", file.getFileName())
        .isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("semantic")
  void readerAcceptsSemantic(Path file) {
    TopologyReader.Result r = TopologyReader.read(file);
    List<Diagnostic> diags = r.diagnostics().sorted();
    assertThat(diags).as("reader diagnostics of %s", file.getFileName()).isEmpty();
    assertThat(r.topology()).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("semantic")
  void schemaAcceptsSemantic(Path file) {
    // The schema is structural, like the reader: cross-references and value rules are the
    // validator's job.
    assertThat(SchemaCheck.errors(ExampleFiles.read(file)))
        .as("schema errors of %s", file.getFileName())
        .isEmpty();
  }
}
