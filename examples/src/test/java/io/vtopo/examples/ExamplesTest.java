package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.io.TopologyReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code examples/*.yaml} is read without a diagnostic and is valid against the JSON Schema.
 */
class ExamplesTest {
  static final String SCHEMA_HINT =
      "# yaml-language-server: $schema=../schema/vtopo-v1.schema.json";

  static Stream<Path> examples() {
    return ExampleFiles.examples().stream();
  }

  @Test
  void theDocumentedExamplesExist() {
    assertThat(ExampleFiles.examples().stream().map(p -> p.getFileName().toString()))
        .contains(
            "bond-vlan-bridges.yaml",
            "libvirt-nat-isolated.yaml",
            "dir-pool-qcow2-overlays.yaml",
            "nfs-iscsi-pools.yaml",
            "lab-two-vlans.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void readerAcceptsExample(Path file) {
    TopologyReader.Result r = TopologyReader.read(file);
    List<Diagnostic> diags = r.diagnostics().sorted();
    assertThat(diags).as("diagnostics of %s", file.getFileName()).isEmpty();
    assertThat(r.topology()).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void schemaAcceptsExample(Path file) {
    assertThat(SchemaCheck.errors(ExampleFiles.read(file)))
        .as("schema errors of %s", file.getFileName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleNamesItsSchemaForEditors(Path file) {
    assertThat(ExampleFiles.read(file).lines().findFirst()).hasValue(SCHEMA_HINT);
  }
}
