package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.NativeLibvirt;
import io.vtopo.libvirt.corpus.LibvirtCorpus;
import io.vtopo.testsupport.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.w3c.dom.Element;

/**
 * libvirt's own storage XML test corpora ({@code tests/storagepoolxml2xmlin} and {@code
 * tests/storagevolxml2xmlin}, copied as test data with their notice), each file loaded through the
 * test driver as a foreign host would have it: export, validate, plan against the same host (the
 * pool taken over) = no change, and what vtopo defines from the export on a fresh libvirt equals
 * the original's canonical dump but for the UUID and live state (sizes, keys). Volumes are created
 * in a dir pool of the test driver. Each file's result is a golden under {@code
 * libvirt-corpus/golden}; a file libvirt 9 itself rejects is recorded with libvirt's reason.
 */
class LibvirtCorpusTest {
  static final Path ROOT = Path.of("src/test/resources/libvirt-corpus");
  static final String OWNER = "corpus";

  @TempDir Path tmp;

  static Stream<String> pools() throws IOException {
    return files("storagepoolxml2xmlin");
  }

  static Stream<String> canonicalPools() throws IOException {
    return files("storagepoolxml2xmlout");
  }

  static Stream<String> volumes() throws IOException {
    return files("storagevolxml2xmlin");
  }

  private static Stream<String> files(String dir) throws IOException {
    return LibvirtCorpus.files(ROOT.resolve(dir)).stream();
  }

  @ParameterizedTest
  @MethodSource("pools")
  void poolExportValidatePlanAndRedefineLoseNothing(String file) throws Exception {
    pool("storagepoolxml2xmlin", file);
  }

  /** libvirt's own canonical form of the same pools (what a real host's dumps look like). */
  @ParameterizedTest
  @MethodSource("canonicalPools")
  void canonicalPoolExportValidatePlanAndRedefineLoseNothing(String file) throws Exception {
    pool("storagepoolxml2xmlout", file);
  }

  private void pool(String dir, String file) throws Exception {
    String xml = Files.readString(ROOT.resolve(dir).resolve(file));
    check(
        ROOT.resolve("golden").resolve(dir).resolve(file + ".txt"),
        host -> new Defined(host.storagePoolDefineXML(xml, 0).getXMLDesc(0), null));
  }

  @ParameterizedTest
  @MethodSource("volumes")
  void volumeExportValidatePlanAndRecreateLoseNothing(String file) throws Exception {
    String xml = Files.readString(ROOT.resolve("storagevolxml2xmlin").resolve(file));
    check(
        ROOT.resolve("golden/storagevolxml2xmlin").resolve(file + ".txt"),
        host -> {
          StoragePool pool = host.storagePoolDefineXML(VOLUME_POOL, 0);
          pool.create(0);
          String volume = pool.storageVolCreateXML(xml, 0).getXMLDesc(0);
          return new Defined(pool.getXMLDesc(0), volume);
        });
  }

  /**
   * The definitions libvirt dumps for a corpus file: a pool's, and its volume's when there is one.
   */
  private record Defined(String poolXml, String volumeXml) {}

  /** Defines a corpus file on a libvirt of its own. */
  private interface Define {
    Defined on(Connect host) throws LibvirtException;
  }

  /**
   * One corpus file: defined on a fresh libvirt (a file libvirt rejects is recorded with its
   * reason), then round-tripped.
   */
  private void check(Path golden, Define define) throws Exception {
    Assumptions.assumeTrue(NativeLibvirt.isAvailable(), "libvirt.so.0 is not installed");
    StringBuilder report = new StringBuilder();
    Connect host = LibvirtCorpus.fresh(tmp);
    try {
      Defined original;
      try {
        original = define.on(host);
      } catch (LibvirtException e) {
        report.append(LibvirtCorpus.rejected(e));
        Golden.check(golden, report.toString());
        return;
      }
      roundTrip(host, original.poolXml(), original.volumeXml(), golden, report);
    } finally {
      LibvirtConnections.closeQuietly(host);
    }
  }

  static final String VOLUME_POOL =
      "<pool type='dir'><name>vols</name><target><path>/vols</path></target></pool>";

  /**
   * Export, validate, plan and re-define one pool (with its one volume when {@code volumeXml} is
   * set), writing what happened to the golden and failing on any loss.
   */
  private void roundTrip(
      Connect host, String poolXml, String volumeXml, Path golden, StringBuilder report)
      throws Exception {
    LibvirtStorage storage = new LibvirtStorage(host, new OwnershipRegistry(tmp.resolve("a.json")));
    List<LivePool> all = storage.inspect();
    report.append("unreadable: ").append(storage.unreadable()).append('\n');
    assertThat(all).as("pools listed").hasSize(1);
    LivePool live = all.get(0);
    assertThat(live.pool()).as("every libvirt 9 pool type is modelled").isNotNull();
    report.append("type: ").append(live.type()).append('\n');
    report.append("pool unmodelled (kept verbatim):\n");
    LibvirtCorpus.unmodelled(live.pool().attrs().unmodelled(), report);
    for (Volume v : live.pool().attrs().volumes()) {
      report.append("volume ").append(v.name()).append(" unmodelled (kept verbatim):\n");
      LibvirtCorpus.unmodelled(v.unmodelled(), report);
    }

    // export: the file vtopo writes, read back as a user's file would be.
    String yaml =
        TopologyWriter.write(
            new Topology(OWNER, List.of(), List.of(), List.of(live.pool()), List.of(), List.of()));
    report.append("export:\n").append(yaml.indent(2));
    TopologyReader.Result read = LibvirtCorpus.readBack(yaml, report);
    if (read.topology().isEmpty()) {
      Golden.check(golden, report.toString());
      throw new AssertionError("the export does not read back:\n" + report);
    }
    Pool fromFile = read.topology().orElseThrow().pools().get(0);

    // plan against the same host, the pool taken over: nothing to change.
    HostState state = new HostState(List.of(), List.of(), List.of(new Owned<>(live.pool(), OWNER)));
    Plan plan = Planner.plan(read.topology().orElseThrow(), state, PlanOptions.defaults());
    report
        .append("plan: ")
        .append(plan.steps().isEmpty() ? "no change" : plan.steps())
        .append('\n');

    // apply the export to a fresh libvirt: the same definition, but for identity and state.
    Connect other = LibvirtCorpus.fresh(tmp);
    String redefined;
    String revolume = null;
    try {
      try {
        new LibvirtStorage(other, new OwnershipRegistry(tmp.resolve("b.json")))
            .createPool(fromFile, OWNER);
        StoragePool p = other.storagePoolLookupByName(fromFile.name());
        redefined = p.getXMLDesc(0);
        if (volumeXml != null) {
          revolume =
              p.storageVolLookupByName(fromFile.attrs().volumes().get(0).name()).getXMLDesc(0);
        }
      } catch (VtopoException e) {
        report.append("fresh define: refused: ").append(e.getMessage()).append('\n');
        Golden.check(golden, report.toString());
        // Only what validation predicted: an export that validates must define.
        assertThat(read.diagnostics().hasErrors())
            .as("vtopo refused to define what validated:\n%s", report)
            .isTrue();
        return;
      }
    } finally {
      LibvirtConnections.closeQuietly(other);
    }
    String a = canonical(poolXml);
    String b = canonical(redefined);
    report.append(
        LibvirtCorpus.comparison("fresh define", a, b, "identical but for uuid and live sizes"));
    if (volumeXml != null) {
      report.append(
          LibvirtCorpus.comparison(
              "fresh volume",
              canonical(volumeXml),
              canonical(revolume),
              "identical but for key and timestamps"));
    }
    Golden.check(golden, report.toString());
    assertThat(plan.steps()).as("plan of the export against the host it came from").isEmpty();
    assertThat(b).as("what vtopo defines from the export").isEqualTo(a);
    if (volumeXml != null) {
      assertThat(canonical(revolume))
          .as("the volume vtopo creates")
          .isEqualTo(canonical(volumeXml));
    }
  }

  /** Identity and live state: uuid, sizes libvirt computes, volume keys and timestamps. */
  private static final Set<String> STATE =
      Set.of("uuid", "available", "key", "timestamps", "physical");

  /**
   * The XML without identity and live state, attributes sorted, whitespace between elements
   * dropped.
   */
  static String canonical(String xml) throws Exception {
    return LibvirtCorpus.canonical(xml, LibvirtCorpusTest::compared, LibvirtCorpusTest::respelt);
  }

  private static boolean compared(Element parent, Element child, int depth) {
    String tag = child.getTagName();
    return !STATE.contains(tag)
        // The backing file's own permissions are the file's, read by libvirt, not the volume's.
        && !(parent.getTagName().equals("backingStore") && tag.equals("permissions"))
        && !(isPool(parent) && depth == 0 && (tag.equals("capacity") || tag.equals("allocation")));
  }

  private static void respelt(Element e, int depth, TreeMap<String, String> attrs) {
    // A volume's type (file, block, network) is the backend's: here every volume sits in a dir
    // pool of the test driver, which echoes what it was given.
    if (depth == 0 && !isPool(e)) {
      attrs.remove("type");
    }
  }

  private static boolean isPool(Element e) {
    return e.getOwnerDocument().getDocumentElement().getTagName().equals("pool");
  }
}
