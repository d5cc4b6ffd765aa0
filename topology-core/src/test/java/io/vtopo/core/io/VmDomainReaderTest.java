package io.vtopo.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.validate.Validator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VMs that name a domain: the keys of their vNICs and disks, the rules on them, the writer and the
 * graph.
 */
class VmDomainReaderTest {
  static final String FILE =
      """
      apiVersion: vtopo/v1
      name: t
      links:
        - {name: br0, kind: bridge}
      networks:
        - {name: lab, mode: isolated, bridge: virbr7, ips: [{address: 198.18.7.1/24}]}
      pools:
        - name: images
          type: dir
          target: /var/lib/images
          volumes: [{name: data.qcow2, capacity: 1GiB, format: qcow2}]
      vms:
        - name: web
          domain: web-dom
          nics:
            - {network: lab, mac: "52:54:00:00:00:01", model: virtio, link: down, mtu: 1400, filterref: clean-traffic,
               bandwidth: {inbound: 1000, outbound: 500}}
            - {direct: eth9, mode: vepa, mac: "52:54:00:00:00:02"}
            - {bridge: br0, mac: "52:54:00:00:00:03", vlan: 10}
          disks:
            - {target: vdb, volume: images/data.qcow2, bus: virtio, format: qcow2}
            - {target: sdc, device: cdrom, bus: sata, file: /srv/x.iso, readonly: true}
            - {target: vdd, network: "gluster://198.51.100.5/vol/img", shareable: true}
      """;

  static TopologyReader.Result read(String text) {
    return Validator.withSemantics(
        TopologyReader.read("t.yaml", text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsWritesAndDrawsDomainDevices() {
    TopologyReader.Result r = read(FILE);
    assertThat(r.diagnostics().sorted())
        .as(r.diagnostics().sorted().toString())
        .filteredOn(d -> d.severity() == io.vtopo.core.diag.Severity.ERROR)
        .isEmpty();
    Topology t = r.topology().orElseThrow();
    Vm vm = t.vm("web").orElseThrow();
    assertThat(vm.domain()).isEqualTo("web-dom");
    Vnic n0 = vm.nics().get(0);
    assertThat(n0.link()).isEqualTo("down");
    assertThat(n0.mtu()).isEqualTo(1400);
    assertThat(n0.bandwidth()).isEqualTo(new Vnic.Bandwidth(1000L, 500L));
    assertThat(vm.nics().get(1).attachment())
        .isEqualTo(new Vnic.Attachment(Vnic.AttachKind.DIRECT, "eth9"));
    assertThat(vm.nics().get(1).mode()).isEqualTo("vepa");
    assertThat(vm.disks()).extracting(Disk::target).containsExactly("vdb", "sdc", "vdd");
    assertThat(vm.disks().get(2).source())
        .isEqualTo(
            new Disk.Source(Disk.SourceKind.NETWORK, null, "vol/img", "gluster", "198.51.100.5"));
    // Round trip through the writer.
    Topology again = read(TopologyWriter.write(t)).topology().orElseThrow();
    assertThat(again.vms()).isEqualTo(t.vms());
    // The graph has the disks, stored in their volume.
    TopologyGraph g = TopologyGraph.of(t);
    ObjectId disk = new ObjectId(ObjectId.Kind.DISK, "web", "vdb");
    assertThat(g.vertex(disk)).isNotNull();
    assertThat(
            g.view().getAllEdges(g.vertex(disk), g.vertex(ObjectId.volume("images", "data.qcow2"))))
        .hasSize(1);
  }

  @Test
  void domainDevicesNeedIdentitiesAndDeclaredSources() {
    TopologyReader.Result r =
        read(
            """
        apiVersion: vtopo/v1
        name: t
        vms:
          - name: a
            domain: a
            nics: [{network: nowhere}, {direct: eth0, mode: bridge, mac: "52:54:00:00:00:09"},
                   {direct: eth1, mac: "52:54:00:00:00:09"}]
            disks: [{target: vdb, volume: images/x.qcow2}, {target: vdb, file: /x}, {target: sdc, device: cdrom,
                    bus: virtio}]
          - name: b
            nics: [{direct: eth0}]
        """);
    List<String> rules = r.diagnostics().sorted().stream().map(Diagnostic::rule).toList();
    assertThat(rules)
        .contains(
            "ref.dangling",
            "vnic.mac-required",
            "vnic.mac-duplicate",
            "disk.target-duplicate",
            "disk.cdrom-bus",
            "vnic.direct-needs-domain");
    TopologyReader.Result noDomain =
        read(
            """
        apiVersion: vtopo/v1
        name: t
        vms:
          - {name: b, disks: [{target: vdb, file: /y}]}
        """);
    assertThat(noDomain.diagnostics().sorted())
        .extracting(Diagnostic::rule)
        .containsExactly("vm.disks-need-domain");
  }
}
