package io.vtopo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.reach.Reachability;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** check, path and graph with --host see the VMs as the plan leaves them on the host. */
class RealAttachmentsTest {
  static final String FILE =
      """
      apiVersion: vtopo/v1
      name: lab
      networks:
        - {name: a, mode: isolated, ips: [{address: 198.51.100.1/25}]}
        - {name: b, mode: isolated, ips: [{address: 198.51.100.129/25}]}
      vms:
        - name: web
          domain: web
          nics: [{network: a, mac: "52:54:00:00:00:01", ip: 198.51.100.10/25}]
        - name: gone
          domain: gone
          nics: [{network: a, mac: "52:54:00:00:00:09", ip: 198.51.100.19/25}]
        - {name: pb, nics: [{network: b, ip: 198.51.100.200/25}]}
      """;

  private static Vnic nic(String net, String mac, String dev) {
    return Vnic.live(
        new Vnic.Attachment(Vnic.AttachKind.NETWORK, net),
        MacAddress.parse(mac).orElseThrow(),
        "virtio",
        null,
        dev);
  }

  @Test
  void unmanagedVnicsOfTheDomainJoinTheAnalysisAndDetachedOnesLeaveIt() {
    Topology file =
        TopologyReader.read("t.yaml", FILE.getBytes(StandardCharsets.UTF_8))
            .topology()
            .orElseThrow();
    // The running domain has the declared vNIC (as vnet0), an unmanaged one on b, and one this
    // topology manages but the file no longer declares (the plan detaches it).
    Vm live =
        new Vm(
            "web",
            List.of(
                nic("a", "52:54:00:00:00:01", "vnet0"),
                nic("b", "52:54:00:00:00:02", "vnet1"),
                nic("b", "52:54:00:00:00:03", "vnet2")),
            "web",
            List.of());
    LiveDomain d =
        new LiveDomain(
            "web",
            true,
            true,
            "lab",
            Set.of("52:54:00:00:00:01", "52:54:00:00:00:03"),
            live,
            live,
            List.of(),
            null);
    RealAttachments.Merged m =
        RealAttachments.merge(file, HostState.empty().withDomains(List.of(d)));
    Vm web = m.topology().vm("web").orElseThrow();
    assertThat(web.nics())
        .extracting(Vnic::key)
        .containsExactly("52:54:00:00:00:01", "52:54:00:00:00:02");
    assertThat(web.nics().get(0).dev()).isEqualTo("vnet0");
    assertThat(web.nics().get(0).ip()).hasToString("198.51.100.10/25");
    assertThat(m.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("vm:web")
                    .contains("unmanaged")
                    .contains("52:54:00:00:00:02 on b"))
        .anySatisfy(n -> assertThat(n).contains("vm:gone").contains("is not on this host"));
    // The file alone: web does not reach pb (isolated networks). With the host: its unmanaged vNIC
    // on b does (L2 only: the host does not say its address).
    assertThat(Reachability.of(file).path("web", "pb").reachable()).isFalse();
    assertThat(Reachability.of(m.topology()).path("web", "pb").reachable()).isTrue();
  }

  @Test
  void aFieldTheFileLeavesUnsetKeepsTheHostsValue() {
    Topology file =
        TopologyReader.read("t.yaml", FILE.getBytes(StandardCharsets.UTF_8))
            .topology()
            .orElseThrow();
    Vnic down =
        new Vnic(
            null,
            new Vnic.Attachment(Vnic.AttachKind.NETWORK, "a"),
            MacAddress.parse("52:54:00:00:00:01").orElseThrow(),
            null,
            null,
            null,
            "virtio",
            "down",
            null,
            null,
            null,
            null,
            "vnet0");
    Vm live = new Vm("web", List.of(down), "web", List.of());
    LiveDomain d =
        new LiveDomain(
            "web", true, true, "lab", Set.of("52:54:00:00:00:01"), live, live, List.of(), null);
    Topology merged =
        RealAttachments.merge(file, HostState.empty().withDomains(List.of(d))).topology();
    // The file says nothing about the link: the plan leaves it down, and so does the analysis.
    assertThat(merged.vm("web").orElseThrow().nics().get(0).link()).isEqualTo("down");
    assertThat(Reachability.of(file).path("web", "host").reachable()).isTrue();
    assertThat(Reachability.of(merged).path("web", "host").reachable()).isFalse();
  }
}
