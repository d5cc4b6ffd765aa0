package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.StoragePool;

/**
 * A dir pool on the real libvirtd: backing chains, grow, refused shrink, guarded delete, foreign
 * objects.
 */
class DirPoolLiveTest {
  @TempDir Path tmp;

  static Volume qcow2(String name, String size, String backing) {
    return new Volume(
        name, VolumeFormat.QCOW2, ByteSize.parse(size).orElseThrow(), null, backing, null);
  }

  @Test
  void qcow2ChainGrowShrinkDelete() throws Exception {
    Connect conn = LiveHost.system();
    String name = "vtt-pool-" + LiveHost.suffix();
    String foreignName = "vtt-pool-" + LiveHost.suffix() + "-foreign";
    Path dir = tmp.resolve("images");
    Path foreignDir = tmp.resolve("foreign");
    OwnershipRegistry reg = new OwnershipRegistry(tmp.resolve("owners.json"));
    LibvirtStorage st = new LibvirtStorage(conn, reg);
    DirPool pool =
        new DirPool(
            new PoolAttrs(
                name,
                dir.toString(),
                null,
                false,
                null,
                List.of(
                    qcow2("vtt-vol-ov1.qcow2", "64M", "vtt-vol-base.qcow2"),
                    qcow2("vtt-vol-base.qcow2", "64M", null),
                    qcow2("vtt-vol-ov2.qcow2", "128M", "vtt-vol-base.qcow2"))));
    try (LiveHost.Cleanup cleanup = new LiveHost.Cleanup()) {
      cleanup.add(LiveHost.removingPools(name, foreignName));
      cleanup.add(LiveHost.closing(conn));
      // A pool and volume vtopo did not create, made the way an admin would.
      Files.createDirectories(foreignDir);
      LiveHost.ok("virsh", "pool-define-as", foreignName, "dir", "--target", foreignDir.toString());
      LiveHost.ok("virsh", "pool-start", foreignName);
      LiveHost.ok(
          "virsh",
          "vol-create-as",
          foreignName,
          "vtt-vol-golden.qcow2",
          "32M",
          "--format",
          "qcow2");

      st.createPool(pool, "lab");
      LivePool live = LiveHost.pool(st, name);
      assertThat(live.owner()).isEqualTo("lab");
      assertThat(live.volumes())
          .extracting(v -> v.volume().backing())
          .containsExactlyInAnyOrder(null, "vtt-vol-base.qcow2", "vtt-vol-base.qcow2");
      assertThat(live.unmodelled()).isEmpty();

      // qemu-img, not libvirt, confirms the chain on disk.
      String info =
          LiveHost.ok(
              "qemu-img",
              "info",
              "-U",
              "--backing-chain",
              dir.resolve("vtt-vol-ov2.qcow2").toString());
      assertThat(info)
          .contains("backing file: " + dir.resolve("vtt-vol-base.qcow2"))
          .contains("backing file format: qcow2")
          .contains("virtual size: 128 MiB");
      assertThat(LiveHost.ok("qemu-img", "info", "-U", dir.resolve("vtt-vol-ov1.qcow2").toString()))
          .contains("backing file: " + dir.resolve("vtt-vol-base.qcow2"));
      assertThat(
              LiveHost.ok("qemu-img", "info", "-U", dir.resolve("vtt-vol-base.qcow2").toString()))
          .doesNotContain("backing file");

      // A cross-pool overlay on the foreign base reads it and leaves it alone.
      st.createVolume(
          name, qcow2("vtt-vol-ov3.qcow2", "32M", foreignName + "/vtt-vol-golden.qcow2"), "lab");
      assertThat(LiveHost.ok("qemu-img", "info", "-U", dir.resolve("vtt-vol-ov3.qcow2").toString()))
          .contains("backing file: " + foreignDir.resolve("vtt-vol-golden.qcow2"));
      assertThat(LiveHost.pool(st, name).volumes())
          .filteredOn(v -> v.name().equals("vtt-vol-ov3.qcow2"))
          .singleElement()
          .extracting(v -> v.volume().backing())
          .isEqualTo(foreignName + "/vtt-vol-golden.qcow2");

      // Clone: a full copy, no backing file.
      st.cloneVolume(name, qcow2("vtt-vol-copy.qcow2", "64M", null), "vtt-vol-base.qcow2", "lab");
      assertThat(
              LiveHost.ok("qemu-img", "info", "-U", dir.resolve("vtt-vol-copy.qcow2").toString()))
          .doesNotContain("backing file")
          .contains("file format: qcow2");

      // Grow in place; shrink refused without the flag and the size stays.
      Volume ov1 = qcow2("vtt-vol-ov1.qcow2", "64M", "vtt-vol-base.qcow2");
      st.resizeVolume(
          name, ov1, qcow2("vtt-vol-ov1.qcow2", "96M", "vtt-vol-base.qcow2"), "lab", false);
      assertThat(LiveHost.ok("qemu-img", "info", "-U", dir.resolve("vtt-vol-ov1.qcow2").toString()))
          .contains("virtual size: 96 MiB");
      assertThatThrownBy(
              () ->
                  st.resizeVolume(name, ov1, qcow2("vtt-vol-ov1.qcow2", "32M", null), "lab", false))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("--allow-data-loss")
          .hasMessageContaining("desired 32MiB, current 96MiB")
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.DESTRUCTIVE_REFUSED);
      assertThat(LiveHost.ok("qemu-img", "info", "-U", dir.resolve("vtt-vol-ov1.qcow2").toString()))
          .contains("virtual size: 96 MiB");

      // Delete: refused without the flag; a base with overlays is refused even with it.
      assertThatThrownBy(() -> st.deleteVolume(name, ov1, "lab", false))
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.DESTRUCTIVE_REFUSED);
      assertThat(dir.resolve("vtt-vol-ov1.qcow2")).exists();
      assertThatThrownBy(
              () -> st.deleteVolume(name, qcow2("vtt-vol-base.qcow2", "64M", null), "lab", true))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("backing store of")
          .hasMessageContaining(name + "/vtt-vol-ov1.qcow2");
      st.deleteVolume(name, ov1, "lab", true);
      assertThat(dir.resolve("vtt-vol-ov1.qcow2")).doesNotExist();

      // The foreign pool and volume: listed as foreign, every change refused.
      LivePool foreign = LiveHost.pool(st, foreignName);
      assertThat(foreign.owner()).isNull();
      assertThat(foreign.volumes()).singleElement().extracting(LiveVolume::owner).isNull();
      assertThatThrownBy(
              () ->
                  st.deleteVolume(
                      foreignName, qcow2("vtt-vol-golden.qcow2", "32M", null), "lab", true))
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.NOT_OWNED);
      assertThatThrownBy(() -> st.deletePool(foreign.pool(), "lab", true))
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.NOT_OWNED);
      assertThatThrownBy(() -> st.stopPool(foreignName, "lab"))
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.NOT_OWNED);
      // A volume dropped into our pool by hand is foreign too, and blocks deleting the pool's
      // storage.
      LiveHost.ok("virsh", "vol-create-as", name, "vtt-vol-manual.img", "1M");
      assertThatThrownBy(
              () -> st.deleteVolume(name, qcow2("vtt-vol-manual.img", "1M", null), "lab", true))
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.NOT_OWNED);
      for (String v :
          List.of(
              "vtt-vol-ov2.qcow2",
              "vtt-vol-ov3.qcow2",
              "vtt-vol-copy.qcow2",
              "vtt-vol-base.qcow2")) {
        st.deleteVolume(name, qcow2(v, "1M", null), "lab", true);
      }
      assertThatThrownBy(() -> st.deletePool(pool, "lab", true))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("vtt-vol-manual.img (not created by vtopo)")
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.CONFLICT);
      LiveHost.ok("virsh", "vol-delete", "--pool", name, "vtt-vol-manual.img");
      st.deletePool(pool, "lab", true);
      assertThat(dir).doesNotExist();
      assertThat(reg.read().pools()).isEmpty();

      // The foreign pool survived everything.
      StoragePool fp = conn.storagePoolLookupByName(foreignName);
      assertThat(fp.isActive()).isEqualTo(1);
      assertThat(foreignDir.resolve("vtt-vol-golden.qcow2")).exists();
    }
  }

  @Test
  void undefineKeepsData() throws Exception {
    Connect conn = LiveHost.system();
    String name = "vtt-pool-" + LiveHost.suffix();
    Path dir = tmp.resolve("keep");
    LibvirtStorage st = LiveHost.storage(conn, tmp);
    DirPool pool =
        new DirPool(
            new PoolAttrs(
                name,
                dir.toString(),
                null,
                null,
                null,
                List.of(qcow2("vtt-vol-data.qcow2", "16M", null))));
    try (LiveHost.Cleanup cleanup = new LiveHost.Cleanup()) {
      cleanup.add(LiveHost.removingPools(name));
      cleanup.add(LiveHost.closing(conn));
      st.createPool(pool, "lab");
      st.deletePool(pool, "lab", false);
      assertThat(dir.resolve("vtt-vol-data.qcow2")).exists();
      assertThat(st.inspect()).extracting(LivePool::name).doesNotContain(name);
    }
  }
}
