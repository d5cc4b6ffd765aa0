package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code vtopo export} writes for every pool and volume of libvirt's storage corpora (the
 * {@code export:} part of each golden of the storage module's {@code LibvirtCorpusTest}) is valid
 * against the published JSON Schema: every pool type and field export can write is in the schema.
 */
class CorpusExportSchemaTest {
  static final Path GOLDEN =
      Path.of("..", "storage", "src", "test", "resources", "libvirt-corpus", "golden");

  static Stream<Path> goldens() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(GOLDEN)) {
      s.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(out::add);
    }
    assertThat(out).as("corpus goldens under %s", GOLDEN).isNotEmpty();
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void exportIsValidAgainstTheSchema(Path golden) throws IOException {
    String text = Files.readString(golden);
    int start = text.indexOf("export:\n");
    if (start < 0) {
      // libvirt itself rejected the file: there is no export.
      assertThat(text).contains("libvirt rejects it:");
      return;
    }
    StringBuilder yaml = new StringBuilder();
    for (String line : text.substring(start + "export:\n".length()).split("\n", -1)) {
      if (!line.startsWith("  ")) {
        break;
      }
      yaml.append(line.substring(2)).append('\n');
    }
    assertThat(SchemaCheck.errors(yaml.toString()))
        .as("schema errors of the export in %s:\n%s", golden.getFileName(), yaml)
        .isEmpty();
  }
}
