package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.IscsiPool;
import io.vtopo.core.model.IscsiSource;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.NetfsFormat;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.StoragePool;

/**
 * The backend against libvirt's in-process {@code test:///default} driver, which fakes every pool
 * type: the paths that cannot run on these machines (NFS mounts, kernel iSCSI, LVM volumes) and the
 * ownership and safety rules.
 */
class TestDriverTest {
  @TempDir Path tmp;
  Connect conn;
  OwnershipRegistry registry;
  LibvirtStorage storage;

  static Volume vol(String name, String size) {
    return new Volume(name, null, ByteSize.parse(size).orElseThrow(), null, null, null);
  }

  static PoolAttrs attrs(String name, String target, Volume... vols) {
    return new PoolAttrs(name, target, null, null, null, List.of(vols));
  }

  @BeforeEach
  void open() throws Exception {
    Connect.setErrorCallback(new ErrorCallback());
    conn = new Connect("test:///default");
    registry = new OwnershipRegistry(tmp.resolve("owners.json"));
    storage = new LibvirtStorage(conn, registry);
  }

  @AfterEach
  void close() throws Exception {
    conn.close();
  }

  LivePool live(String name) {
    return storage.inspect().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void foreignPoolIsListedButNeverTouched() {
    List<Owned<Pool>> pools = storage.list();
    Owned<Pool> def =
        pools.stream()
            .filter(p -> p.value().name().equals("default-pool"))
            .findFirst()
            .orElseThrow();
    assertThat(def.isOwned()).isFalse();
    assertThatThrownBy(() -> storage.deletePool(def.value(), "lab", true))
        .isInstanceOf(VtopoException.class)
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.NOT_OWNED);
    assertThatThrownBy(() -> storage.createVolume("default-pool", vol("x", "1M"), "lab"))
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.NOT_OWNED);
    assertThatThrownBy(() -> storage.createPool(new DirPool(attrs("default-pool", "/x")), "lab"))
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(live("default-pool").active()).isTrue();
  }

  @Test
  void logicalPoolWithVolumesAndDataSafety() throws Exception {
    LogicalPool lp =
        new LogicalPool(
            attrs("vtt-pool-lvm", null, vol("root", "8G"), vol("swap", "1G")),
            "vg_guests",
            List.of("/dev/sdb", "/dev/sdc"));
    storage.createPool(lp, "lab");
    LivePool l = live("vtt-pool-lvm");
    assertThat(l.owner()).isEqualTo("lab");
    assertThat(l.active()).isTrue();
    assertThat(l.volumes()).extracting(LiveVolume::name).containsExactlyInAnyOrder("root", "swap");
    assertThat(l.volumes()).allSatisfy(v -> assertThat(v.owner()).isEqualTo("lab"));
    assertThat(l.pool()).isInstanceOf(LogicalPool.class);
    assertThat(((LogicalPool) l.pool()).devices()).containsExactly("/dev/sdb", "/dev/sdc");
    assertThat(l.volumes().get(0).path()).startsWith("/dev/vg_guests/");

    assertThatThrownBy(
            () ->
                storage.createVolume(
                    "vtt-pool-lvm",
                    new Volume("q", VolumeFormat.QCOW2, new ByteSize(1 << 20), null, null, null),
                    "lab"))
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.INVALID_INPUT);
    // Another topology owns nothing here.
    assertThatThrownBy(() -> storage.deleteVolume("vtt-pool-lvm", vol("root", "8G"), "other", true))
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.NOT_OWNED);
    assertThatThrownBy(() -> storage.deleteVolume("vtt-pool-lvm", vol("root", "8G"), "lab", false))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("--allow-data-loss")
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.DESTRUCTIVE_REFUSED);

    // A volume someone else made in our pool: listed as foreign, never deleted, and it blocks
    // deleting the storage.
    StoragePool raw = conn.storagePoolLookupByName("vtt-pool-lvm");
    raw.storageVolCreateXML("<volume><name>theirs</name><capacity>1048576</capacity></volume>", 0);
    assertThat(live("vtt-pool-lvm").volumes())
        .filteredOn(v -> v.name().equals("theirs"))
        .singleElement()
        .extracting(LiveVolume::owner)
        .isNull();
    assertThatThrownBy(() -> storage.deleteVolume("vtt-pool-lvm", vol("theirs", "1M"), "lab", true))
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.NOT_OWNED);
    storage.deleteVolume("vtt-pool-lvm", vol("root", "8G"), "lab", true);
    storage.deleteVolume("vtt-pool-lvm", vol("swap", "1G"), "lab", true);
    assertThatThrownBy(() -> storage.deletePool(lp, "lab", true))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("theirs (not created by vtopo)")
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(raw.storageVolLookupByName("theirs")).isNotNull();

    // Undefining keeps the data: the pool goes, the foreign volume's storage is not deleted.
    storage.deletePool(lp, "lab", false);
    assertThat(storage.inspect()).extracting(LivePool::name).doesNotContain("vtt-pool-lvm");
    assertThat(registry.read().pools()).isEmpty();
    assertThat(registry.read().volumes()).isEmpty();
  }

  @Test
  void nfsPoolAndSourceChangeNeedsFlag() {
    NetfsPool nfs =
        new NetfsPool(
            attrs("vtt-pool-nfs", "/mnt/nfs", vol("a.qcow2", "1G")),
            NetfsFormat.NFS,
            "192.0.2.10",
            "/export/images");
    storage.createPool(nfs, "lab");
    LivePool l = live("vtt-pool-nfs");
    assertThat(l.pool()).isInstanceOf(NetfsPool.class);
    assertThat(((NetfsPool) l.pool()).host()).isEqualTo("192.0.2.10");
    assertThat(l.volumes()).extracting(LiveVolume::name).containsExactly("a.qcow2");

    NetfsPool moved = new NetfsPool(nfs.attrs(), NetfsFormat.NFS, "192.0.2.11", "/export/images");
    assertThatThrownBy(() -> storage.updatePool(l.pool(), moved, "lab", false))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("--allow-source-change")
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.DESTRUCTIVE_REFUSED);
    assertThat(((NetfsPool) live("vtt-pool-nfs").pool()).host()).isEqualTo("192.0.2.10");
    storage.updatePool(l.pool(), moved, "lab", true);
    assertThat(((NetfsPool) live("vtt-pool-nfs").pool()).host()).isEqualTo("192.0.2.11");
    assertThat(live("vtt-pool-nfs").uuid()).isEqualTo(l.uuid());

    NetfsPool auto =
        new NetfsPool(
            new PoolAttrs("vtt-pool-nfs", "/mnt/nfs", null, true, null, List.of()),
            NetfsFormat.NFS,
            "192.0.2.11",
            "/export/images");
    storage.updatePool(moved, auto, "lab", false);
    assertThat(live("vtt-pool-nfs").pool().attrs().autostart()).isTrue();
  }

  @Test
  void unmodelledPartsAreWrittenBackOnEveryRedefinition() throws Exception {
    // A pool carrying XML vtopo does not model (from an export): created with it, and a later
    // redefinition (a permissions change) from a file that does not list it keeps the live pool's.
    io.vtopo.core.model.Unmodelled refresh =
        new io.vtopo.core.model.Unmodelled(
            "refresh", "<refresh><volume allocation=\"capacity\"/></refresh>");
    DirPool first =
        new DirPool(
            new PoolAttrs(
                "vtt-pool-keep",
                "/vtt-keep",
                new io.vtopo.core.model.Permissions(0755, null, null, null),
                null,
                null,
                List.of(),
                null,
                List.of(refresh)));
    storage.createPool(first, "lab");
    StoragePool p = conn.storagePoolLookupByName("vtt-pool-keep");
    assertThat(p.getXMLDesc(0)).contains("<volume allocation='capacity'/>");
    assertThat(live("vtt-pool-keep").pool().attrs().unmodelled()).containsExactly(refresh);

    // Stopped, so that a dump shows the definition (the test driver keeps a running pool's old
    // one and has no INACTIVE dump).
    p.destroy();
    DirPool changed =
        new DirPool(
            new PoolAttrs(
                "vtt-pool-keep",
                "/vtt-keep",
                new io.vtopo.core.model.Permissions(0700, null, null, null),
                null,
                null,
                List.of()));
    storage.updatePool(live("vtt-pool-keep").pool(), changed, "lab", false);
    String after = p.getXMLDesc(0);
    assertThat(after).contains("<mode>0700</mode>").contains("<volume allocation='capacity'/>");

    // unmodelled: [] in the file drops it.
    storage.updatePool(
        live("vtt-pool-keep").pool(),
        Pools.withAttrs(changed, changed.attrs().withUnmodelled(List.of())),
        "lab",
        false);
    assertThat(p.getXMLDesc(0)).doesNotContain("refresh");
    storage.deletePool(changed, "lab", false);
  }

  @Test
  void kernelIscsiPoolListsButCannotCreateVolumes() {
    IscsiPool san =
        new IscsiPool(
            attrs("vtt-pool-san", "/dev/disk/by-path"),
            new IscsiSource(
                "192.0.2.20",
                3260,
                "iqn.2024-01.org.example:t1",
                "iqn.2024-01.org.example:h1",
                null,
                null));
    storage.createPool(san, "lab");
    assertThat(live("vtt-pool-san").pool())
        .isEqualTo(
            Pools.withAttrs(
                san,
                new PoolAttrs("vtt-pool-san", "/dev/disk/by-path", null, false, null, List.of())
                    .withUnmodelled(List.of())));
    assertThatThrownBy(() -> storage.createVolume("vtt-pool-san", vol("lun9", "1G"), "lab"))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("created on the iSCSI target")
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.UNSUPPORTED);
    storage.deletePool(san, "lab", false);
  }

  @Test
  void failedCreateRollsBackEverything() {
    // The second volume's backing does not exist: the pool and the first volume must disappear
    // again.
    DirPool bad =
        new DirPool(
            attrs(
                "vtt-pool-rb",
                "/vtt-rb",
                vol("ok.img", "1M"),
                new Volume(
                    "ov.qcow2",
                    VolumeFormat.QCOW2,
                    new ByteSize(1 << 20),
                    null,
                    "missing.qcow2",
                    null)));
    assertThatThrownBy(() -> storage.createPool(bad, "lab"))
        .extracting(e -> ((VtopoException) e).kind())
        .isEqualTo(Kind.NOT_FOUND);
    assertThat(storage.inspect()).extracting(LivePool::name).doesNotContain("vtt-pool-rb");
    assertThat(registry.read().pools()).isEmpty();
  }

  @Test
  void invalidPoolsAreRejectedWithEveryProblem() {
    DirPool noTarget = new DirPool(attrs("vtt-pool-x", null, vol("a/b", "1M")));
    assertThatThrownBy(() -> storage.createPool(noTarget, "lab"))
        .hasMessageContaining("target")
        .hasMessageContaining("must not contain '/'");
  }

  @Test
  void registryIsAtomicJson() throws Exception {
    registry.recordPool(new OwnershipRegistry.PoolEntry("u-1", "p\"1", "lab", true));
    registry.recordVolume(new OwnershipRegistry.VolumeEntry("/k/1", "u-1", "v", "lab"));
    assertThat(new OwnershipRegistry(registry.file()).read().poolOwner("u-1")).isEqualTo("lab");
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList())
        .containsExactlyInAnyOrder("owners.json", "owners.json.lock");
    registry.forgetPool("u-1");
    assertThat(registry.read().volumes()).isEmpty();
  }
}
