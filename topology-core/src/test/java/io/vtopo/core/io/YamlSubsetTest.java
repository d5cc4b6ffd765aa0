package io.vtopo.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.io.YNode.Entry;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.io.YNode.YSeq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link YamlSubset} against snakeyaml-engine: whenever the subset reader answers, its tree (every
 * value, plain flag, line and column) is the engine's, and it never accepts what the engine
 * refuses. Checked on every YAML file of the repository, on a fleet written as the benchmark writes
 * it, and on mutations of both styles.
 */
class YamlSubsetTest {
  /** Block style, flow style and the corners of both. */
  static final String BLOCK =
      """
      # a comment
      apiVersion: vtopo/v1
      name: subset   # trailing comment
      empty:
      links:
        - name: br0
          kind: bridge
          mtu: 9000
          addresses: [192.0.2.1/24, "fd00::1/64", 'x y']
          description: two words  and more
          mac: 52:54:00:00:00:01
          ports:
          - eno1
          - {name: bond0.10, pvid: 10, vids: [10, "20-22"]}
          nothing:
        - {name: v6, address: fd00::1/64, n: -1, f: .5, t: true, z: ~}
        -   name: spaced
            list: []
            map: {}
      nested:
        deeper:
          deepest: value:with:colons
          url: http://example.org/a#b
      last: x
      """;

  static final String FLEET = fleet();

  private static String fleet() {
    StringBuilder sb =
        new StringBuilder(
            "apiVersion: vtopo-fleet/v1\nname: bench\nunderlay: {mtu: 9000, gateway: 203.0.113.254}\n"
                + "hosts:\n");
    for (int h = 1; h <= 3; h++) {
      sb.append("  - {name: kvm00")
          .append(h)
          .append(", underlay: {dev: eno1, address: 203.0.113.")
          .append(h)
          .append("/24}}\n");
    }
    sb.append("segments:\n  - {name: s0, vni: 10000, group: 239.1.0.1, subnet: 198.18.0.0/22}\n");
    sb.append("vms:\n");
    for (int v = 0; v < 3; v++) {
      sb.append("  - {name: vm1-")
          .append(v)
          .append(", host: kvm001, nics: [{name: eth0, segment: s0, tap: t")
          .append(v)
          .append(", mac: \"52:54:00:00:00:0")
          .append(v)
          .append("\", ip: 198.18.0.")
          .append(v + 1)
          .append("/22}]}\n");
    }
    sb.append("expect:\n  - {from: vm1-0, to: vm1-1, reachable: true}\n");
    return sb.toString();
  }

  /** A canonical text of a tree with every position and plain flag. */
  static String dump(YNode n) {
    StringBuilder sb = new StringBuilder();
    dump(n, sb);
    return sb.toString();
  }

  private static void dump(YNode n, StringBuilder sb) {
    sb.append('@').append(n.line()).append(':').append(n.column());
    if (n instanceof YScalar s) {
      sb.append(s.plain() ? "P" : "Q").append('<').append(s.value()).append('>');
    } else if (n instanceof YSeq q) {
      sb.append('[');
      for (YNode i : q.items()) {
        dump(i, sb);
        sb.append(',');
      }
      sb.append(']');
    } else {
      sb.append('{');
      for (Entry e : ((YMap) n).entries()) {
        dump(e.key(), sb);
        sb.append('=');
        dump(e.value(), sb);
        sb.append(',');
      }
      sb.append('}');
    }
  }

  /** True when the subset reader answered; fails when its answer differs from the engine's. */
  static boolean agrees(String text) {
    YNode fast = YamlSubset.parse(text, YamlLoader.MAX_NODES);
    if (fast == null) {
      return false;
    }
    Diagnostics d = new Diagnostics();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Optional<YNode> engine =
        YamlLoader.load("t.yaml", bytes, bytes.length, d, YamlLoader.MAX_NODES, false);
    assertThat(engine)
        .as("the engine refuses what the subset reader read:%n%s%n%s", text, d.sorted())
        .isPresent();
    assertThat(dump(fast)).as("tree of:%n%s", text).isEqualTo(dump(engine.get()));
    return true;
  }

  @Example
  void readsBothStylesAsTheEngineDoes() {
    assertThat(agrees(BLOCK)).isTrue();
    assertThat(agrees(FLEET)).isTrue();
  }

  @Example
  void leavesTheRestToTheEngine() {
    for (String t :
        List.of(
            "a: 1\na: 2\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: one\n  two\n",
            "a: [1,\n  2]\n",
            "a:\tb\n",
            "a: \"q\\n\"\n",
            "a: caf\u00e9\n",
            "---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "? a\n: b\n",
            "<<: {a: 1}\n",
            "- \n- a\n",
            "a: {b: 1,}\n",
            "just a scalar\n",
            "",
            "a: 1\n b: 2\n")) {
      assertThat(YamlSubset.parse(t, YamlLoader.MAX_NODES)).as(t).isNull();
    }
    assertThat(YamlSubset.parse("a: [1, 2, 3]\n", 4)).isNull();
  }

  @Example
  void everyYamlFileOfTheRepository() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
          .forEach(files::add);
    }
    int read = 0;
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
      if (agrees(text)) {
        read++;
      }
    }
    // Most of the repository's files are in the subset; what is not goes to the engine.
    assertThat(files).hasSizeGreaterThan(20);
    assertThat(read).isGreaterThan(files.size() / 2);
  }

  @Provide
  Arbitrary<Tuple.Tuple4<Boolean, Integer, Integer, String>> mutations() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 100_000),
            Arbitraries.integers().between(0, 12),
            Arbitraries.of(
                "", "x", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", ", ", "\"", "'", "\n", " ",
                "  ", "#", " #", "-1", "~", "?", "a: b", "\n- ", "\n  ", "\nk: ", "::", "/", "...",
                "---", "x: y\n", "  - z\n", "{a: 1}", "[]"))
        .as(Tuple::of);
  }

  @Property(tries = 4000)
  void mutationsReadAsTheEngineDoes(
      @ForAll("mutations") Tuple.Tuple4<Boolean, Integer, Integer, String> m) {
    String seed = m.get1() ? BLOCK : FLEET;
    int at = m.get2() % (seed.length() + 1);
    int cut = Math.min(seed.length(), at + m.get3());
    agrees(seed.substring(0, at) + m.get4() + seed.substring(cut));
  }
}
