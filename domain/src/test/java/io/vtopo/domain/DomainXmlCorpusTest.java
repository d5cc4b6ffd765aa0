package io.vtopo.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.VmDevice;
import io.vtopo.testsupport.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain XML parser against a corpus of real definitions (libvirt's own test files and one
 * written for vtopo, see {@code src/test/resources/libvirt-corpus/README.md}): the model it reads
 * from each file is diffed against a golden written by the DOM parser vtopo used before the
 * streaming one, so that switching parsers changed nothing that is read.
 */
class DomainXmlCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/libvirt-corpus");
  static final Path GOLDEN = Path.of("src/test/resources/golden/domain-corpus");

  /** The parsed model as text: every field of every device, the owner record, unmodelled paths. */
  static String describe(DomainXml.Parsed p) {
    StringBuilder sb = new StringBuilder();
    sb.append("name: ").append(p.name()).append('\n');
    sb.append("owner: ").append(p.owner()).append('\n');
    sb.append("managed: ").append(p.managed()).append('\n');
    sb.append("vm: ").append(p.vm().name()).append(" domain=").append(p.vm().domain()).append('\n');
    for (VmDevice d : p.vm().devices()) {
      sb.append("  ").append(d.key()).append(": ").append(d).append('\n');
      if (d instanceof Disk k) {
        Disk.Source src = k.source();
        sb.append("    source: kind=")
            .append(src.kind())
            .append(" pool=")
            .append(src.pool())
            .append(" name=")
            .append(src.name())
            .append(" protocol=")
            .append(src.protocol())
            .append(" host=")
            .append(src.host())
            .append('\n');
      }
    }
    sb.append("unmodelled:\n");
    for (String u : p.unmodelled()) {
      sb.append("  ").append(u).append('\n');
    }
    return sb.toString();
  }

  static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(CORPUS)) {
      return s.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
    }
  }

  @Test
  void everyCorpusFileReadsAsTheDomParserReadIt() throws Exception {
    List<Path> files = files();
    assertThat(files).hasSizeGreaterThanOrEqualTo(11);
    for (Path f : files) {
      String name = f.getFileName().toString().replace(".xml", "");
      DomainXml.Parsed p = DomainXml.parse(Files.readString(f), name);
      Golden.check(GOLDEN.resolve(name + ".txt"), describe(p));
    }
  }

  @Test
  void malformedXmlOrADoctypeIsAnErrorNamingTheDomain() {
    for (String bad :
        List.of(
            "<domain><name>a</name><devices><interface type='network'></devices></domain>",
            "<domain><name>a</name></domain><extra/>",
            "<!DOCTYPE domain [<!ENTITY x 'y'>]><domain><name>&x;</name></domain>",
            "<domain><name>a &unknown; b</name></domain>")) {
      assertThatThrownBy(() -> DomainXml.parse(bad, "web"))
          .as(bad)
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("libvirt returned XML vtopo cannot parse")
          .satisfies(e -> assertThat(((VtopoException) e).object()).isEqualTo("vm:web"));
    }
  }
}
