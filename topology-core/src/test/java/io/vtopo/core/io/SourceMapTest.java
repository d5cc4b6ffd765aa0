package io.vtopo.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Position;
import io.vtopo.core.io.YNode.YMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The source map's compact per-object records answer as the per-field entries they replace: exact
 * fields, ancestors, keys with dots, first write wins, copies between maps.
 */
class SourceMapTest {
  private static YMap map(String yaml) {
    byte[] b = yaml.getBytes(StandardCharsets.UTF_8);
    return (YMap) YamlLoader.load("f.yaml", b, new Diagnostics()).orElseThrow();
  }

  @Test
  void fieldsOfAnObjectAnswerByPathAndFallBackToTheirObject() {
    SourceMap m = new SourceMap("f.yaml");
    YMap obj = map("name: br0\nmtu: 9000\nhost.example.org: 192.0.2.1/24\n");
    m.put("links[br0]", new Position("f.yaml", 1, 1));
    m.putFields("links[br0]", obj, "f.yaml");
    assertThat(m.at("links[br0].mtu")).isEqualTo(new Position("f.yaml", 2, 6));
    assertThat(m.at("links[br0].host.example.org")).isEqualTo(new Position("f.yaml", 3, 19));
    assertThat(m.at("links[br0].ports[0]")).isEqualTo(new Position("f.yaml", 1, 1));
    assertThat(m.has("links[br0].name")).isTrue();
    assertThat(m.has("links[br0].kind")).isFalse();
    assertThat(m.at("nothing.here")).isEqualTo(Position.unknown("f.yaml"));
  }

  @Test
  void theFirstWriteWinsEitherWay() {
    SourceMap m = new SourceMap("f.yaml");
    m.put("a.name", new Position("f.yaml", 9, 9));
    m.putFields("a", map("name: x\nkind: y\n"), "f.yaml");
    assertThat(m.at("a.name")).isEqualTo(new Position("f.yaml", 9, 9));
    assertThat(m.at("a.kind")).isEqualTo(new Position("f.yaml", 2, 7));
    m.put("a.kind", new Position("f.yaml", 7, 7));
    assertThat(m.at("a.kind")).isEqualTo(new Position("f.yaml", 2, 7));
    // A second mapping at the same path adds only what the first did not have.
    m.putFields("a", map("kind: z\nmtu: 1\n"), "g.yaml");
    assertThat(m.at("a.kind")).isEqualTo(new Position("f.yaml", 2, 7));
    assertThat(m.at("a.mtu")).isEqualTo(new Position("g.yaml", 2, 6));
  }

  @Test
  void putAllCopiesFieldsWithTheirFile() {
    SourceMap host = new SourceMap("host.yaml");
    host.putFields("links[eno1]", map("name: eno1\nmtu: 9000\n"), "host.yaml");
    SourceMap all = new SourceMap("fleet.yaml");
    all.putAll(host);
    assertThat(all.at("links[eno1].mtu")).isEqualTo(new Position("host.yaml", 2, 6));
  }
}
