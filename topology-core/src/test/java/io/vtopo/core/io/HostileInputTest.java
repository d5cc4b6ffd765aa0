package io.vtopo.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Position;
import io.vtopo.core.diag.Severity;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written to hurt: what the reader refuses, where it says so, and that it stays bounded doing
 * it.
 */
class HostileInputTest {
  private static final String HEAD = "apiVersion: vtopo/v1\nname: t\n";

  private static List<Diagnostic> read(String yaml) {
    return TopologyReader.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .diagnostics()
        .sorted();
  }

  private static Diagnostic only(List<Diagnostic> d, String rule) {
    assertThat(d)
        .as(d.toString())
        .singleElement()
        .satisfies(x -> assertThat(x.rule()).isEqualTo(rule));
    return d.get(0);
  }

  @Test
  void aTabAfterAColonIsWhiteSpaceAndChangesNoValue() {
    Diagnostics d = new Diagnostics();
    String yaml = "a:\tone\nb:\t\t two\nc: |\n  x:\ty\nd: \"p:\tq\"\n";
    Optional<YNode> root = YamlLoader.load("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), d);
    assertThat(d.sorted()).isEmpty();
    YMap m = (YMap) root.orElseThrow();
    assertThat(((YScalar) m.get("a")).value()).isEqualTo("one");
    assertThat(((YScalar) m.get("b")).value()).isEqualTo("two");
    assertThat(((YScalar) m.get("c")).value()).isEqualTo("x:\ty\n");
    assertThat(((YScalar) m.get("d")).value()).isEqualTo("p:\tq");
    assertThat(read(HEAD + "links:\n  - name:\tbr0\n    kind:\tbridge\n")).isEmpty();
  }

  @Test
  void aTabUsedForIndentationIsStillRefused() {
    Diagnostic x = only(read(HEAD + "links:\n\t- {name: br0, kind: bridge}\n"), "yaml.syntax");
    assertThat(x.position().line()).isEqualTo(4);
  }

  @Test
  void mergeKeysAreRefusedWithTheirOwnMessage() {
    Diagnostic x =
        only(
            read(HEAD + "links:\n  - &b {name: br0, kind: bridge}\n  - <<: *b\n    name: br1\n"),
            "yaml.merge-key");
    assertThat(x.position()).isEqualTo(new Position("t.yaml", 5, 5));
    assertThat(x.message()).contains("'<<'").doesNotContain("required key");
  }

  @Test
  void aNulByteIsReportedWhereItIs() {
    Diagnostic x =
        only(read(HEAD + "links:\n  - {name: br0, kind: \u0000bridge}\n"), "yaml.character");
    assertThat(x.position()).isEqualTo(new Position("t.yaml", 4, 23));
    assertThat(x.message()).contains("U+0000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\e]0;pwned\\a", "\\x9b2J", "x\\u202ey", "x\\u2066y", "\\x7f", "\\0"})
  void controlAndBidiCharactersInStringsAreRefusedAndNeverEchoedRaw(String escape) {
    Diagnostic x =
        only(
            read(HEAD + "links:\n  - {name: \"br" + escape + "\", kind: bridge}\n"),
            "yaml.unsafe-character");
    assertThat(x.position()).isEqualTo(new Position("t.yaml", 4, 12));
    assertThat(x.format().replace("\n", ""))
        .as(x.format())
        .doesNotContainPattern("[\\p{Cc}\\p{Cf}]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "links:\n  - {name: \"br\\u200b0\", kind: bridge}",
        "networks:\n  - {name: \"n\\u200d\", mode: nat}",
        "pools:\n  - {name: \"p\\ufeff\", type: dir, target: /srv/p}",
        "pools:\n  - {name: p, type: dir, target: /srv/p, volumes: [{name: \"v\\u00ad1\", capacity: 1G}]}",
        "vms:\n  - {name: web1, nics: [{name: \"eth\\t0\", tap: t}]}"
      })
  void invisibleCharactersInNamesAreRefused(String body) {
    Diagnostic x = only(read(HEAD + body + "\n"), "name.invisible");
    assertThat(x.format().replace("\n", "")).doesNotContainPattern("[\\p{Cc}\\p{Cf}]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"''", "web/1", "-web", "web 1", "\"web\\u200b1\"", "w\u00e9b"})
  void vmNamesFollowTheDocumentedRule(String name) {
    List<Diagnostic> d = read(HEAD + "vms:\n  - name: " + name + "\n");
    assertThat(d)
        .as(name)
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.rule()).isIn("name.vm", "name.invisible"));
  }

  @Test
  void goodVmNamesPass() {
    String max = "a".repeat(64);
    assertThat(
            read(
                HEAD
                    + "vms:\n  - {name: web-01.prod_a}\n  - {name: 9lives}\n  - {name: "
                    + max
                    + "}\n"))
        .isEmpty();
    only(read(HEAD + "vms:\n  - {name: " + max + "b}\n"), "name.vm");
  }

  @Test
  void errorsInsideAnAliasPointAtTheAlias() {
    List<Diagnostic> d = read(HEAD + "links:\n  - &b {name: br0, kind: bridge, mtu: 1}\n  - *b\n");
    assertThat(d)
        .extracting(Diagnostic::position)
        .containsExactly(new Position("t.yaml", 4, 39), new Position("t.yaml", 5, 5));
  }

  @Test
  void aDocumentOfTooManyNodesIsRefusedWithoutReadingIt() {
    // The real limit (YamlLoader.MAX_NODES) costs seconds to reach; the same code path with a
    // smaller one.
    String yaml = HEAD + "links: [" + "1,".repeat(10_000) + "1]\n";
    Diagnostics d = new Diagnostics();
    assertThat(
            YamlLoader.load(
                "t.yaml", yaml.getBytes(StandardCharsets.UTF_8), yaml.length(), d, 10_000))
        .isEmpty();
    Diagnostic x = only(d.sorted(), "yaml.too-many-nodes");
    assertThat(x.message()).contains("more than 10000 nodes");
  }

  @Test
  void tooManyObjectsAreRefusedBeforeTheModelIsBuilt() {
    String yaml = HEAD + "links:\n" + "  - {}\n".repeat(TopologyReader.MAX_OBJECTS + 1);
    Diagnostic x = only(read(yaml), "yaml.too-many-objects");
    assertThat(x.message()).contains((TopologyReader.MAX_OBJECTS + 1) + " objects");
  }

  @Test
  void diagnosticsAreCappedAndCounted() {
    StringBuilder sb = new StringBuilder(HEAD + "links:\n");
    for (int i = 0; i < 3000; i++) {
      sb.append("  - {name: br").append(i).append(", kind: bridge, stpp: true}\n");
    }
    Diagnostics d =
        TopologyReader.read("t.yaml", sb.toString().getBytes(StandardCharsets.UTF_8)).diagnostics();
    assertThat(d.sorted()).hasSize(Diagnostics.MAX_KEPT);
    assertThat(d.count(Severity.ERROR)).isEqualTo(3000);
    assertThat(d.omitted()).isEqualTo(3000 - Diagnostics.MAX_KEPT);
    assertThat(d.hasErrors()).isTrue();
  }

  @Test
  void theTooLargeMessageGivesTheRealSize(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.yaml");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(50L * 1024 * 1024);
    }
    Diagnostic x = only(TopologyReader.read(big).diagnostics().sorted(), "yaml.too-large");
    assertThat(x.message()).startsWith("file is 52428800 bytes");
  }

  @Test
  void aFifoIsRefusedInsteadOfWaitedOn(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("topology.yaml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Diagnostic x =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> only(TopologyReader.read(fifo).diagnostics().sorted(), "file.not-regular"));
    assertThat(x.message()).contains("FIFO");
  }

  @Test
  void devicesAndDirectoriesAreRefused(@TempDir Path dir) {
    assertThat(
            only(
                    TopologyReader.read(Path.of("/dev/zero")).diagnostics().sorted(),
                    "file.not-regular")
                .message())
        .contains("character device");
    assertThat(only(TopologyReader.read(dir).diagnostics().sorted(), "file.not-regular").message())
        .contains("directory");
  }

  @Test
  void aSymlinkToARegularFileIsRead(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("t.yaml"), HEAD);
    Path l = Files.createSymbolicLink(dir.resolve("l.yaml"), f);
    assertThat(TopologyReader.read(l).topology()).isPresent();
  }

  @Test
  void diagnosticsEscapeWhatTheyEcho() {
    Diagnostic d =
        new Diagnostic(
            Severity.ERROR,
            "r",
            new Position("f\u001b.yaml", 1, 1),
            "links[a\u001bb]",
            "name 'a\u202eb\u200b'",
            "h\u0007");
    assertThat(d.format())
        .isEqualTo(
            "f\\x1b.yaml:1:1: error[r] links[a\\x1bb]: name 'a\\u202eb\\u200b'\n    hint: h\\x07");
  }
}
