package io.vtopo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Plan-time host checks: kinds the kernel lacks, TAP owners and groups the host does not have. */
class HostChecksTest {
  /**
   * A host like the project's machines: no 802.1Q, bonding or dummy; Debian's libvirt-qemu user and
   * kvm group.
   */
  static final HostFacts DEBIAN =
      new HostFacts() {
        @Override
        public Optional<String> unsupportedLinkKind(String kind) {
          return Set.of("vlan", "bond", "dummy").contains(kind)
              ? Optional.of("Unknown device type")
              : Optional.empty();
        }

        @Override
        public Optional<Boolean> userExists(String name) {
          return Optional.of(Set.of("root", "libvirt-qemu").contains(name));
        }

        @Override
        public Optional<Boolean> groupExists(String name) {
          return Optional.of(Set.of("root", "kvm").contains(name));
        }
      };

  static Topology topo(String links) {
    TopologyReader.Result r =
        TopologyReader.read(
            "t.yaml",
            ("apiVersion: vtopo/v1\nname: t\nlinks:\n" + links).getBytes(StandardCharsets.UTF_8));
    assertThat(r.diagnostics().sorted()).isEmpty();
    return r.topology().orElseThrow();
  }

  static HostState host(Topology t, HostFacts facts) {
    List<Owned<Link>> links =
        Planner.effectiveLinks(t).stream()
            .map(l -> new Owned<>(l, l.kind().equals("nic") ? null : "t"))
            .toList();
    return new HostState(links, List.of(), List.of(), Map.of(), Set.of(), facts);
  }

  static List<String> refusals(String links, HostState live) {
    return Planner.plan(topo(links), live, PlanOptions.defaults()).refusals().stream()
        .map(Refusal::toString)
        .toList();
  }

  static final String NIC = "  - {name: eno1, kind: nic}\n";
  static final String VLAN = "  - {name: eno1.100, kind: vlan, parent: eno1, id: 100}\n";

  @Test
  void aKindTheKernelLacksIsRefusedNamingTheObjectAndTheKind() {
    HostState live = host(topo(NIC), DEBIAN);
    assertThat(refusals(NIC + VLAN, live))
        .containsExactly(
            "link:eno1.100: [host.link-kind] the running kernel cannot"
                + " create a vlan link (Unknown device type); nothing of this plan can be applied on this host");
    // Passing cases: kinds the kernel has; the same VLAN already on the host; a host that could not
    // be probed.
    assertThat(refusals(NIC + "  - {name: br0, kind: bridge, ports: [eno1]}\n", live)).isEmpty();
    assertThat(refusals(NIC + VLAN, host(topo(NIC + VLAN), DEBIAN))).isEmpty();
    assertThat(refusals(NIC + VLAN, host(topo(NIC), HostFacts.UNKNOWN))).isEmpty();
  }

  @Test
  void aTapOwnerOrGroupTheHostLacksIsRefused() {
    HostState empty = host(topo(NIC), DEBIAN);
    assertThat(refusals("  - {name: tap0, kind: tap, owner: qemu, group: qemu}\n", empty))
        .containsExactly(
            "link:tap0: [host.tap-owner] owner 'qemu' is not a user on this host (Debian's QEMU user is 'libvirt-qemu');"
                + " use an existing user name or a numeric uid",
            "link:tap0: [host.tap-group] group 'qemu' is not a group on this host (Debian's QEMU group is 'kvm'); use an"
                + " existing group name or a numeric gid");
    assertThat(refusals("  - {name: tap0, kind: tap, owner: libvirt-qemu, group: kvm}\n", empty))
        .isEmpty();
    assertThat(refusals("  - {name: tap0, kind: tap, owner: \"64055\", group: \"994\"}\n", empty))
        .isEmpty();
  }

  @Test
  void everyHostCheckIdIsDocumentedAndTestedHere() throws IOException {
    Pattern id = Pattern.compile("\\[(host\\.[a-z-]+)\\]");
    Set<String> ids = new TreeSet<>();
    Matcher m =
        id.matcher(Files.readString(Path.of("src/main/java/io/vtopo/core/plan/HostChecks.java")));
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertThat(ids).containsExactly("host.link-kind", "host.tap-group", "host.tap-owner");
    String doc = Files.readString(Path.of("../docs/validation.md"));
    String self = Files.readString(Path.of("src/test/java/io/vtopo/core/plan/HostChecksTest.java"));
    assertThat(ids)
        .allSatisfy(
            i -> {
              assertThat(doc).contains("`" + i + "`");
              assertThat(self).contains("[" + i + "]");
            });
  }
}
