package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.IscsiSource;
import io.vtopo.core.model.NetfsFormat;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Permissions;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.PoolAuth;
import io.vtopo.core.model.PoolHost;
import io.vtopo.core.model.RbdPool;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlEdgeCasesTest {
  static String live(String name) throws IOException {
    return Files.readString(Path.of("src/test/resources/live", name));
  }

  @Test
  void metacharactersInNamesAreEscapedAndRoundTrip() {
    String evil = "a&b<c>\"d'e]]>";
    PoolAttrs a = new PoolAttrs(evil, "/srv/" + evil, null, null, null, List.of());
    String xml = PoolXml.render(new DirPool(a));
    assertThat(xml).contains("<name>a&amp;b&lt;c&gt;").doesNotContain("<c>");
    assertThat(PoolXml.parse(xml).pool()).isEqualTo(new DirPool(a.withUnmodelled(List.of())));

    IscsiSource s = new IscsiSource("h\"ost", null, "iqn.x:<t>", "iqn.y:&", "u\"ser", "sec'ret");
    String iscsi =
        PoolXml.render(
            new IscsiDirectPool(new PoolAttrs("p", null, null, null, null, List.of()), s));
    assertThat(PoolXml.parse(iscsi).pool())
        .isEqualTo(
            new IscsiDirectPool(
                new PoolAttrs("p", null, null, null, null, List.of()).withUnmodelled(List.of()),
                s));

    Volume v = new Volume(evil, VolumeFormat.QCOW2, new ByteSize(1024), null, null, null);
    String vx = VolumeXml.render(v, new VolumeXml.Backing("/p/" + evil, VolumeFormat.QCOW2));
    VolumeXml.Parsed pv = VolumeXml.parse(vx);
    assertThat(pv.volume()).isEqualTo(v.withUnmodelled(List.of()));
    assertThat(pv.backingPath()).isEqualTo("/p/" + evil);
  }

  @Test
  void liveVolumeKeepsStateAndReportsWhatIsNotModelled() throws IOException {
    VolumeXml.Parsed p = VolumeXml.parse(live("volume-overlay.xml"));
    assertThat(p.volume().withUnmodelled(null))
        .isEqualTo(
            new Volume(
                "ov.qcow2",
                VolumeFormat.QCOW2,
                new ByteSize(67108864),
                new ByteSize(200704),
                null,
                new Permissions(0600, 0, 0, null)));
    assertThat(p.type()).isEqualTo("file");
    assertThat(p.key()).isEqualTo("/tmp/p/ov.qcow2");
    assertThat(p.backingPath()).isEqualTo("/tmp/p/base.qcow2");
    assertThat(p.backingFormat()).isEqualTo("qcow2");
    assertThat(p.unmodelled())
        .containsExactly("target/clusterSize", "target/compat", "target/features");
    // Kept verbatim, and written back when vtopo creates the volume.
    assertThat(VolumeXml.render(p.volume(), null))
        .contains("<compat>1.1</compat>", "<lazy_refcounts/>", "<clusterSize unit=\"KiB\">64");
  }

  @Test
  void liveNetfsPoolReportsExtrasAndNormalises() throws IOException {
    PoolXml.Parsed p = PoolXml.parse(live("pool-netfs-extras.xml"));
    assertThat(p.uuid()).isEqualTo("3a6c9f3c-58eb-43a5-9a89-4e5fb84995d5");
    assertThat(p.available()).isEqualTo(ByteSize.parse("100G").orElseThrow());
    // The port of a netfs host and the mount options are not modelled: kept verbatim, by path.
    assertThat(p.unmodelled()).containsExactly("fs:mount_opts", "source/host[192.0.2.1]@port");
    NetfsPool n = (NetfsPool) p.pool();
    assertThat(n.protocolVersion()).isEqualTo("4");
    assertThat(n.attrs().cow()).isFalse();
    String again = PoolXml.render(n);
    assertThat(again)
        .contains("port=\"2049\"", "<protocol ver=\"4\"/>", "<cow state=\"no\"/>")
        .contains("<fs:option", "xmlns:fs=\"http://libvirt.org/schemas/storagepool/fs/1.0\"");
    assertThat(PoolXml.parse(again).pool()).isEqualTo(n);
    // -1 owner/group mean "not set".
    assertThat(n.attrs().permissions()).isEqualTo(new Permissions(0711, null, null, null));
    NetfsPool desired =
        new NetfsPool(
            new PoolAttrs(
                "nfs-extras",
                "/mnt/x",
                new Permissions(0711, null, null, null),
                null,
                null,
                List.of(),
                false,
                n.attrs().unmodelled()),
            NetfsFormat.NFS,
            "192.0.2.1",
            "/export",
            "4");
    assertThat(Pools.normalize(n)).isEqualTo(Pools.normalize(desired));
    assertThat(Pools.sourceDiffers(n, desired)).isFalse();
    NetfsPool moved = new NetfsPool(desired.attrs(), NetfsFormat.NFS, "192.0.2.2", "/export", "4");
    assertThat(Pools.sourceDiffers(n, moved)).isTrue();
  }

  @Test
  void rbdPoolWithSecretUuidIsModelled() throws IOException {
    PoolXml.Parsed p = PoolXml.parse(live("pool-rbd.xml"));
    assertThat(p.type()).isEqualTo("rbd");
    assertThat(p.unmodelled()).isEmpty();
    assertThat(p.pool())
        .isEqualTo(
            new RbdPool(
                new PoolAttrs("ceph", null, null, null, null, List.of()).withUnmodelled(List.of()),
                List.of(new PoolHost("192.0.2.30", 6789)),
                "rbdpool",
                new PoolAuth("ceph", "libvirt", "2ec115d7-3a88-3ceb-bc12-0ac909a6fd87", null)));
  }

  @Test
  void unknownPoolTypeIsKeptAsTypeWithoutModel() {
    PoolXml.Parsed p =
        PoolXml.parse("<pool type='future'><name>f</name><source><thing a='1'/></source></pool>");
    assertThat(p.type()).isEqualTo("future");
    assertThat(p.pool()).isNull();
    assertThat(p.unmodelled()).containsExactly("name", "pool@type", "source/thing");
  }

  @Test
  void parserRefusesDoctypeAndExternalEntities() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE pool [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<pool type=\"dir\"><name>&x;</name></pool>";
    assertThatThrownBy(() -> PoolXml.parse(xxe))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("malformed XML");
    assertThatThrownBy(() -> VolumeXml.parse("<pool/>"))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("expected <volume>");
  }
}
