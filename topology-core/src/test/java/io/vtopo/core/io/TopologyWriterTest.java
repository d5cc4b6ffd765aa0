package io.vtopo.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.model.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Export writes the file format: reading what it wrote gives the same model, for every example. */
class TopologyWriterTest {
  static Topology read(String name, String text) {
    TopologyReader.Result r = TopologyReader.read(name, text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.diagnostics().sorted()).as("re-reading written %s:\n%s", name, text).isEmpty();
    return r.topology().orElseThrow();
  }

  @Test
  void everyExampleRoundTrips() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("../examples"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      Topology t = TopologyReader.read(f).topology().orElseThrow();
      String text = TopologyWriter.write(t);
      assertThat(read(f.toString(), text)).as(f.toString()).isEqualTo(t);
      assertThat(TopologyWriter.write(read(f.toString(), text))).isEqualTo(text);
    }
  }

  @Test
  void fuzzSeedRoundTripsIncludingOddStrings() {
    Topology t = read("seed", ReaderFuzzTest.SEED);
    assertThat(read("w", TopologyWriter.write(t))).isEqualTo(t);
    String odd =
        ReaderFuzzTest.SEED
            .replace("name: fuzz", "name: fuzz\ndescription: x")
            .replace("hostnames: [a]", "hostnames: [\"true\", \"10\", \"a: b\", \"#x\", \"-\"]");
    Topology t2 = read("odd", odd);
    assertThat(read("w2", TopologyWriter.write(t2))).isEqualTo(t2);
  }
}
