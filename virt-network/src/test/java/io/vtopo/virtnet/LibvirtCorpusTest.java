package io.vtopo.virtnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.NetworkBackend.Impact;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Topology;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.NativeLibvirt;
import io.vtopo.libvirt.corpus.LibvirtCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * libvirt's own network XML test corpora ({@code tests/networkxml2xmlin} and {@code
 * tests/networkxml2xmlout}, copied as test data with their notice), each file loaded through the
 * test driver as a foreign host would have it: export, validate, plan against the same host = no
 * change, and the XML vtopo defines from the export on a fresh libvirt equals the original's
 * canonical dump but for the UUID and vtopo's owner marker. Each file's result is a golden under
 * {@code libvirt-corpus/golden/<directory>}; a file libvirt 9 itself rejects is recorded with
 * libvirt's reason.
 */
class LibvirtCorpusTest {
  @TempDir Path tmp;

  static final Path ROOT = Path.of("src/test/resources/libvirt-corpus");

  /**
   * libvirt's two network corpora: {@code networkxml2xmlin} (what users write) and {@code
   * networkxml2xmlout} (libvirt's canonical dumps of them); each file's golden is under {@code
   * golden/<directory>}.
   */
  static final List<String> DIRECTORIES = List.of("networkxml2xmlin", "networkxml2xmlout");

  static Stream<Arguments> files() throws IOException {
    List<Arguments> all = new ArrayList<>();
    for (String dir : DIRECTORIES) {
      for (String n : LibvirtCorpus.files(ROOT.resolve(dir))) {
        all.add(Arguments.of(dir, n));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("files")
  void exportValidatePlanAndRedefineLoseNothing(String dir, String file) throws Exception {
    Assumptions.assumeTrue(NativeLibvirt.isAvailable(), "libvirt.so.0 is not installed");
    Path golden = ROOT.resolve("golden").resolve(dir);
    String xml = Files.readString(ROOT.resolve(dir).resolve(file), StandardCharsets.UTF_8);
    StringBuilder report = new StringBuilder();
    Connect host = LibvirtCorpus.fresh(tmp);
    try {
      String original;
      try {
        org.libvirt.Network net = host.networkDefineXML(xml);
        original = net.getXMLDesc(0);
      } catch (LibvirtException e) {
        report.append(LibvirtCorpus.rejected(e));
        Golden.check(golden, file + ".txt", report.toString());
        return;
      }
      LibvirtNetworkBackend backend = new LibvirtNetworkBackend(host);
      LibvirtNetworkBackend.LiveNetwork live =
          backend.inspect().stream()
              .filter(l -> !l.network().name().equals("vtt-placeholder"))
              .findFirst()
              .orElseThrow();
      report.append("mode: ").append(live.network().mode().keyword()).append('\n');
      report.append("unmodelled (kept verbatim):\n");
      LibvirtCorpus.unmodelled(live.network().unmodelled(), report);

      // export: the file vtopo writes, read back as a user's file would be.
      String yaml =
          TopologyWriter.write(
              new Topology(
                  "corpus", List.of(), List.of(live.network()), List.of(), List.of(), List.of()));
      TopologyReader.Result read = LibvirtCorpus.readBack(yaml, report);
      Network fromFile = read.topology().orElseThrow().networks().get(0);

      // plan against the same host: nothing to change.
      NetworkChanges plan = NetworkChanges.compute(live.network(), fromFile);
      report.append("plan: ").append(plan.impact()).append(plan.restartReasons()).append('\n');
      assertThat(plan.impact())
          .as("plan of the export against the host it came from")
          .isEqualTo(Impact.NONE);

      // apply the export to a fresh libvirt: the same definition, but for identity.
      Connect other = LibvirtCorpus.fresh(tmp);
      try {
        String redefined;
        try {
          new LibvirtNetworkBackend(other).create(fromFile, "corpus");
          redefined = other.networkLookupByName(fromFile.name()).getXMLDesc(0);
        } catch (VtopoException e) {
          report.append("fresh define: refused: ").append(e.getMessage()).append('\n');
          Golden.check(golden, file + ".txt", report.toString());
          throw e;
        }
        String a = canonical(original);
        String b = canonical(redefined);
        report.append(
            LibvirtCorpus.comparison(
                "fresh define",
                a,
                b,
                "identical to the original but for uuid, owner marker and the ip prefix spelling"));
        Golden.check(golden, file + ".txt", report.toString());
        assertThat(b).as("what vtopo defines from the export of %s", file).isEqualTo(a);
      } finally {
        LibvirtConnections.closeQuietly(other);
      }
    } finally {
      LibvirtConnections.closeQuietly(host);
    }
  }

  /**
   * The XML without identity (uuid, vtopo's marker), attributes sorted, whitespace between elements
   * dropped.
   */
  static String canonical(String xml) throws Exception {
    return LibvirtCorpus.canonical(xml, LibvirtCorpusTest::compared, LibvirtCorpusTest::respelt);
  }

  private static boolean compared(Element parent, Element child, int depth) {
    if (child.getTagName().equals("uuid") || NetworkXml.NS.equals(child.getNamespaceURI())) {
      return false;
    }
    if (!child.getTagName().equals("metadata")) {
      return true;
    }
    // A metadata element that held only vtopo's marker is not there at all.
    for (Node c = child.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element k && compared(child, k, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static void respelt(Element e, int depth, TreeMap<String, String> attrs) {
    if (e.getTagName().equals("ip") && !attrs.containsKey("prefix")) {
      // One setting, three spellings libvirt accepts and keeps as given: prefix, netmask, or
      // neither (the classful default). vtopo writes prefix; compare the meaning.
      IpAddress addr = IpAddress.parse(attrs.get("address")).orElseThrow();
      String mask = attrs.remove("netmask");
      int len =
          mask != null
              ? IpAddress.parse(mask)
                  .map(
                      m -> {
                        int n = 0;
                        for (byte b : m.bytes()) {
                          n += Integer.bitCount(b & 0xff);
                        }
                        return n;
                      })
                  .orElseThrow()
              : addr.isV6()
                  ? 64
                  : (addr.bytes()[0] & 0xff) < 128 ? 8 : (addr.bytes()[0] & 0xff) < 192 ? 16 : 24;
      attrs.put("prefix", Integer.toString(len));
    }
  }
}
