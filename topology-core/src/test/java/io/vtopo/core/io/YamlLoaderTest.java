package io.vtopo.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed input: every case ends in a diagnostic, never an exception, within bounded
 * memory.
 */
class YamlLoaderTest {
  private static List<Diagnostic> load(String text) {
    return load(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Diagnostic> load(byte[] bytes) {
    Diagnostics d = new Diagnostics();
    YamlLoader.load("t.yaml", bytes, d);
    return d.sorted();
  }

  @Test
  void billionLaughsIsRefused() {
    StringBuilder sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      sb.append("]\n");
    }
    List<Diagnostic> d = load(sb.toString());
    assertThat(d).singleElement().satisfies(x -> assertThat(x.rule()).isEqualTo("yaml.alias-bomb"));
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThat(load(deep))
        .singleElement()
        .satisfies(x -> assertThat(x.rule()).isEqualTo("yaml.too-deep"));
    String deepMap = "a:\n".repeat(1) + "";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append(" ".repeat(i)).append("k").append(i).append(":\n");
    }
    assertThat(load(sb.toString() + deepMap))
        .extracting(Diagnostic::rule)
        .contains("yaml.too-deep");
  }

  @Test
  void nonUtf8IsReportedWithItsPosition() {
    byte[] b = "name: ok\nother: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(load(b))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.rule()).isEqualTo("yaml.encoding");
              assertThat(x.position().line()).isEqualTo(2);
              assertThat(x.position().column()).isEqualTo(11);
            });
  }

  @Test
  void duplicateKeysAreErrors() {
    assertThat(load("a: 1\nb: 2\na: 3\n"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.rule()).isEqualTo("yaml.duplicate-key");
              assertThat(x.position().line()).isEqualTo(3);
            });
  }

  @Test
  void duplicateKeysAreErrorsInLargeMappingsToo() {
    // Small mappings are scanned, large ones hashed: a duplicate is found either way, and a
    // mapping of many distinct keys has none.
    for (int keys : new int[] {3, 15, 16, 17, 40}) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < keys; i++) {
        sb.append("k").append(i).append(": ").append(i).append('\n');
      }
      assertThat(load(sb.toString())).as("%d distinct keys", keys).isEmpty();
      for (int dup : new int[] {0, keys / 2, keys - 1}) {
        String text = sb + "k" + dup + ": again\n";
        assertThat(load(text))
            .as("%d keys, k%d repeated", keys, dup)
            .singleElement()
            .satisfies(
                x -> {
                  assertThat(x.rule()).isEqualTo("yaml.duplicate-key");
                  assertThat(x.position().line()).isEqualTo(keys + 1);
                });
      }
    }
  }

  @Test
  void hugeFileIsRefusedBeforeParsing() {
    byte[] big = new byte[YamlLoader.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    assertThat(load(big))
        .singleElement()
        .satisfies(x -> assertThat(x.rule()).isEqualTo("yaml.too-large"));
  }

  @Test
  void syntaxErrorsCarryPositions() {
    assertThat(load("a: [1, 2\nb: 3\n"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.rule()).isEqualTo("yaml.syntax");
              assertThat(x.position().line()).isGreaterThan(0);
            });
  }

  @Test
  void multipleDocumentsAndTagsAreRefused() {
    assertThat(load("a: 1\n---\nb: 2\n"))
        .extracting(Diagnostic::rule)
        .containsExactly("yaml.multi-document");
    assertThat(load("a: !!python/object x\n"))
        .extracting(Diagnostic::rule)
        .containsExactly("yaml.tag");
  }

  @Test
  void aliasesWithinLimitsAreExpanded() {
    Diagnostics d = new Diagnostics();
    var root =
        YamlLoader.load(
            "t.yaml", "base: &b {mtu: 9000}\nother: *b\n".getBytes(StandardCharsets.UTF_8), d);
    assertThat(d.sorted()).isEmpty();
    assertThat(root)
        .hasValueSatisfying(
            n -> assertThat(((YNode.YMap) n).get("other")).isInstanceOf(YNode.YMap.class));
  }

  @Test
  void recursiveAliasIsRefused() {
    assertThat(load("a: &x [1, *x]\n"))
        .extracting(Diagnostic::rule)
        .containsExactly("yaml.recursive-alias");
  }
}
