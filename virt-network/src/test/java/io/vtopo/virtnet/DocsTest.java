package io.vtopo.virtnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/networks.md shows each mode's example and generated XML: they must stay those the golden
 * tests check.
 */
class DocsTest {
  @ParameterizedTest
  @ValueSource(strings = {"nat", "route", "open", "isolated", "bridge"})
  void docsQuoteTheGoldenExampleAndXml(String mode) throws Exception {
    String docs = Files.readString(Path.of("../docs/networks.md"));
    String yaml = Golden.read(mode + ".yaml");
    assertThat(docs).contains(yaml.substring(yaml.indexOf("networks:")).strip());
    assertThat(docs).contains(Golden.read(mode + ".xml").strip());
  }
}
