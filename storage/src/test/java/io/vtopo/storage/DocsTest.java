package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/storage.md shows every golden example exactly as the tests pin it, and names every
 * destructive flag.
 */
class DocsTest {
  @Test
  void docsShowEveryGoldenCase() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "storage.md"));
    List<Path> files;
    try (Stream<Path> s = Files.list(GoldenXmlTest.DIR)) {
      files = s.sorted().toList();
    }
    for (Path f : files) {
      String text = Files.readString(f);
      if (f.toString().endsWith(".yaml")) {
        text = text.substring(text.indexOf("pools:\n"));
      }
      assertThat(doc).as("docs/storage.md shows " + f.getFileName()).contains(text);
    }
    assertThat(doc).contains(LibvirtStorage.ALLOW_DATA_LOSS, LibvirtStorage.ALLOW_SOURCE_CHANGE);
  }
}
