package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import io.vtopo.testsupport.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code golden/*.yaml} is read with the real topology reader; each pool renders to {@code
 * <case>.xml} and each volume to {@code <case>.<volume>.xml}, and parsing each golden file gives
 * the model back. Regenerate with {@code -Dvtopo.updateGolden=true} and review the diff.
 */
class GoldenXmlTest {
  static final Path DIR = Path.of("src/test/resources/golden");

  @TestFactory
  Stream<DynamicTest> goldenFiles() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path yaml : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String kase = yaml.getFileName().toString().replace(".yaml", "");
        TopologyReader.Result r = TopologyReader.read(yaml);
        assertThat(r.diagnostics().toString()).as(kase).doesNotContain("error");
        Topology t = r.topology().orElseThrow();
        assertThat(t.pools()).as(kase + " holds one pool").hasSize(1);
        Pool pool = t.pools().get(0);
        tests.add(DynamicTest.dynamicTest(kase + " pool", () -> pool(kase, pool)));
        for (Volume v : pool.attrs().volumes()) {
          tests.add(
              DynamicTest.dynamicTest(kase + " volume " + v.name(), () -> volume(kase, pool, v)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(10);
    return tests.stream();
  }

  static void pool(String kase, Pool pool) throws IOException {
    String xml = PoolXml.render(pool);
    check(DIR.resolve(kase + ".xml"), xml);
    PoolXml.Parsed parsed = PoolXml.parse(Files.readString(DIR.resolve(kase + ".xml")));
    assertThat(parsed.unmodelled()).isEmpty();
    assertThat(parsed.type()).isEqualTo(pool.type());
    PoolAttrs a = pool.attrs();
    // Autostart, the expected capacity and volumes are not part of the pool XML.
    Pool expected =
        Pools.normalize(
            Pools.withAttrs(
                pool,
                new PoolAttrs(
                    a.name(),
                    a.target(),
                    a.permissions(),
                    null,
                    null,
                    List.of(),
                    a.cow(),
                    List.of())));
    if (pool instanceof io.vtopo.core.model.IscsiDirectPool) {
      expected =
          Pools.withAttrs(
              expected,
              new PoolAttrs(a.name(), null, null, null, null, List.of(), a.cow(), List.of()));
    }
    assertThat(Pools.normalize(parsed.pool())).isEqualTo(expected);
  }

  static void volume(String kase, Pool pool, Volume v) throws IOException {
    VolumeXml.Backing backing = null;
    if (v.backing() != null) {
      String[] pn =
          v.backing().contains("/")
              ? v.backing().split("/", 2)
              : new String[] {pool.name(), v.backing()};
      String dir = pn[0].equals(pool.name()) ? pool.attrs().target() : "/var/lib/vtopo/" + pn[0];
      backing = new VolumeXml.Backing(dir + "/" + pn[1], VolumeFormat.QCOW2);
    }
    String xml = VolumeXml.render(v, backing);
    Path file = DIR.resolve(kase + "." + v.name() + ".xml");
    check(file, xml);
    VolumeXml.Parsed parsed = VolumeXml.parse(Files.readString(file));
    assertThat(parsed.unmodelled()).isEmpty();
    assertThat(parsed.volume())
        .isEqualTo(
            new Volume(
                v.name(),
                v.format(),
                v.capacity(),
                v.allocation(),
                null,
                v.permissions(),
                List.of()));
    assertThat(parsed.backingPath()).isEqualTo(backing == null ? null : backing.path());
  }

  static void check(Path file, String actual) {
    Golden.check(file, actual);
  }
}
