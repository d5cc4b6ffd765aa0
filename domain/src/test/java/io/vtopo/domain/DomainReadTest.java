package io.vtopo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.Vnic;
import io.vtopo.libvirt.LibvirtConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * Reading domains through libvirt's test driver with a node file: every interface and disk kind the
 * model knows.
 */
class DomainReadTest {
  @TempDir Path dir;
  Connect conn;

  @BeforeEach
  void open() throws Exception {
    String dom =
        TestNode.domain(
            "mixed",
            7,
            2,
            1,
            List.of(
                "<interface type='direct'><mac address='52:54:00:aa:00:01'/><source dev='eth9' mode='vepa'/>"
                    + "<model type='virtio'/></interface>",
                "<interface type='ethernet'><mac address='52:54:00:aa:00:02'/><target dev='tap-x' managed='no'/>"
                    + "<mtu size='9000'/><filterref filter='clean-traffic'/><rom bar='off'/></interface>",
                "<interface type='network'><mac address='52:54:00:aa:00:03'/><source network='net1' portgroup='pg1'/>"
                    + "<vlan><tag id='42'/></vlan><bandwidth><inbound average='1000' peak='2000'/>"
                    + "<outbound average='500'/></bandwidth><link state='down'/></interface>",
                "<interface type='user'><mac address='52:54:00:aa:00:04'/></interface>",
                "<interface type='vhostuser'><mac address='52:54:00:aa:00:05'/><source type='unix' path='/tmp/vh'"
                    + " mode='client'/><model type='virtio'/></interface>",
                "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='/srv/x.iso'/>"
                    + "<target dev='sdb' bus='sata'/><readonly/></disk>",
                "<disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='vdc' bus='virtio'/><shareable/>"
                    + "<serial>abc</serial></disk>",
                "<disk type='network' device='disk'><driver name='qemu' type='raw'/><source protocol='gluster'"
                    + " name='vol/img'><host name='198.51.100.5' port='24007'/></source><target dev='vdd' bus='virtio'/>"
                    + "</disk>"));
    Path node = dir.resolve("node.xml");
    Files.writeString(node, "<node>" + dom + "</node>");
    conn = LibvirtConnections.open("test://" + node);
  }

  @AfterEach
  void close() {
    LibvirtConnections.closeQuietly(conn);
  }

  @Test
  void readsEveryInterfaceAndDiskKind() {
    List<LiveDomain> all = new LibvirtDomainBackend(conn, dir.resolve("cp"), (t, b) -> {}).list();
    assertThat(all).extracting(LiveDomain::name).containsExactly("mixed");
    LiveDomain d = all.get(0);
    assertThat(d.error()).isNull();
    assertThat(d.running()).isTrue();
    List<Vnic> nics = d.live().nics();
    assertThat(nics).hasSize(7);
    assertThat(nics.get(0).attachment())
        .isEqualTo(new Vnic.Attachment(Vnic.AttachKind.NETWORK, "net0"));
    assertThat(nics.get(0).model()).isEqualTo("virtio");
    assertThat(nics.get(1).attachment())
        .isEqualTo(new Vnic.Attachment(Vnic.AttachKind.BRIDGE, "br0"));
    Vnic direct = nics.get(2);
    assertThat(direct.attachment()).isEqualTo(new Vnic.Attachment(Vnic.AttachKind.DIRECT, "eth9"));
    assertThat(direct.mode()).isEqualTo("vepa");
    Vnic eth = nics.get(3);
    assertThat(eth.attachment()).isEqualTo(new Vnic.Attachment(Vnic.AttachKind.TAP, "tap-x"));
    assertThat(eth.mtu()).isEqualTo(9000);
    assertThat(eth.filterref()).isEqualTo("clean-traffic");
    Vnic net = nics.get(4);
    assertThat(net.portGroup()).isEqualTo("pg1");
    assertThat(net.vlan()).isEqualTo(42);
    assertThat(net.link()).isEqualTo("down");
    assertThat(net.bandwidth()).isEqualTo(new Vnic.Bandwidth(1000L, 500L));
    assertThat(nics.get(5).attachment())
        .isEqualTo(new Vnic.Attachment(Vnic.AttachKind.OTHER, "user"));
    assertThat(nics.get(6).attachment())
        .isEqualTo(new Vnic.Attachment(Vnic.AttachKind.OTHER, "vhostuser"));
    // libvirt orders disks by bus and target.
    List<String> order = List.of("vda", "sdb", "vdc", "vdd");
    List<Disk> disks =
        d.live().disks().stream()
            .sorted(java.util.Comparator.comparing(k -> order.indexOf(k.target())))
            .toList();
    assertThat(disks).extracting(Disk::target).containsExactly("vda", "sdb", "vdc", "vdd");
    assertThat(disks.get(0).source()).isEqualTo(Disk.Source.volume("images", "d7-0.qcow2"));
    assertThat(disks.get(0).format()).isEqualTo("qcow2");
    assertThat(disks.get(1).device()).isEqualTo("cdrom");
    assertThat(disks.get(1).readonly()).isTrue();
    assertThat(disks.get(2).source().kind()).isEqualTo(Disk.SourceKind.BLOCK);
    assertThat(disks.get(2).shareable()).isTrue();
    assertThat(disks.get(3).source())
        .isEqualTo(
            new Disk.Source(
                Disk.SourceKind.NETWORK, null, "vol/img", "gluster", "198.51.100.5:24007"));
    // What the model leaves out is kept and reported by path.
    assertThat(d.unmodelled())
        .contains(
            "devices/interface[52:54:00:aa:00:02]/rom",
            "devices/interface[52:54:00:aa:00:03]/bandwidth/inbound/@peak",
            "devices/disk[vdc]/serial");
  }
}
