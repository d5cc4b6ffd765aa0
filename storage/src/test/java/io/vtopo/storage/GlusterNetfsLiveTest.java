package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.NetfsFormat;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import io.vtopo.testsupport.Privileged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Network;

/**
 * A glusterfs netfs pool (FUSE mount) on the real libvirtd. glusterd wants a brick on a
 * non-loopback address, so the test owns one: an isolated libvirt network whose bridge carries a
 * 203.0.113.x/28 address, removed afterwards. No existing link is touched.
 */
class GlusterNetfsLiveTest {
  @TempDir Path tmp;

  @Test
  void mountUseBusyStopAndDelete() throws Exception {
    Connect conn = LiveHost.system();
    Privileged.assume(
        LiveHost.has("gluster")
            && LiveHost.has("mount.glusterfs")
            && LiveHost.run("gluster", "--mode=script", "pool", "list").code() == 0
            && Files.exists(Path.of("/dev/fuse")),
        "glusterd, the glusterfs FUSE client and /dev/fuse are needed (scripts/setup-host.sh gluster)");
    String sfx = LiveHost.suffix();
    String name = "vtt-pool-" + sfx;
    String net = "vtt-pool-gn-" + sfx;
    String gv = "vttgv" + sfx;
    String ip = freeAddress();
    Path brick = tmp.resolve("brick");
    Path mnt = tmp.resolve("mnt");
    LibvirtStorage st = LiveHost.storage(conn, tmp);
    try (LiveHost.Cleanup cleanup = new LiveHost.Cleanup()) {
      cleanup.add(LiveHost.closing(conn));
      Network n =
          conn.networkDefineXML(
              "<network><name>"
                  + net
                  + "</name><bridge name='vttg"
                  + sfx.substring(0, 6)
                  + "' stp='off'/><dns enable='no'/><ip address='"
                  + ip
                  + "' netmask='255.255.255.240'/></network>");
      cleanup.add(
          () ->
              LiveHost.run(
                  "sh", "-c", "virsh -q net-destroy " + net + "; virsh -q net-undefine " + net));
      n.create();
      Files.createDirectories(brick);
      LiveHost.ok("gluster", "--mode=script", "volume", "create", gv, ip + ":" + brick, "force");
      cleanup.add(() -> LiveHost.run("gluster", "--mode=script", "volume", "delete", gv));
      LiveHost.ok("gluster", "--mode=script", "volume", "start", gv);
      cleanup.add(() -> LiveHost.run("gluster", "--mode=script", "volume", "stop", gv, "force"));
      // Steps run in reverse: the pool is stopped before its mount is forced away.
      cleanup.add(() -> LiveHost.run("umount", "-l", mnt.toString()));
      cleanup.add(LiveHost.removingPools(name));

      Volume disk =
          new Volume(
              "vtt-vol-disk.qcow2",
              VolumeFormat.QCOW2,
              ByteSize.parse("16M").orElseThrow(),
              null,
              null,
              null);
      NetfsPool pool =
          new NetfsPool(
              new PoolAttrs(name, mnt.toString(), null, null, null, List.of(disk)),
              NetfsFormat.GLUSTERFS,
              ip,
              "/" + gv);
      st.createPool(pool, "lab");
      LivePool live = LiveHost.pool(st, name);
      assertThat(live.active()).isTrue();
      assertThat(live.pool()).isInstanceOf(NetfsPool.class);
      assertThat(((NetfsPool) live.pool()).format()).isEqualTo(NetfsFormat.GLUSTERFS);
      assertThat(live.volumes()).extracting(LiveVolume::name).containsExactly("vtt-vol-disk.qcow2");
      assertThat(Files.readString(Path.of("/proc/mounts"))).contains(mnt.toString());
      // Written through the mount, stored in the brick.
      assertThat(brick.resolve("vtt-vol-disk.qcow2")).exists();
      assertThat(
              LiveHost.ok("qemu-img", "info", "-U", mnt.resolve("vtt-vol-disk.qcow2").toString()))
          .contains("file format: qcow2");

      // Something holding the mount: stopping names it and changes nothing.
      Process holder = new ProcessBuilder("sleep", "300").directory(mnt.toFile()).start();
      cleanup.add(holder::destroyForcibly);
      assertThatThrownBy(() -> st.stopPool(name, "lab"))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("is busy")
          .hasMessageContaining("pid " + holder.pid() + " (sleep)")
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.CONFLICT);
      assertThat(conn.storagePoolLookupByName(name).isActive()).isEqualTo(1);
      holder.destroyForcibly().waitFor();

      st.deleteVolume(name, disk, "lab", true);
      assertThat(brick.resolve("vtt-vol-disk.qcow2")).doesNotExist();
      st.deletePool(pool, "lab", true);
      assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(mnt.toString());
    }
  }

  // A /28 in 203.0.113.0/24 that no local address is in yet (the network helper may use the same
  // range).
  private static String freeAddress() {
    String addrs = LiveHost.ok("ip", "-4", "-o", "addr");
    for (int i = 0; i < 50; i++) {
      int block = ThreadLocalRandom.current().nextInt(1, 16) * 16;
      boolean used = false;
      for (int h = block; h < block + 16; h++) {
        used |= addrs.contains(" 203.0.113." + h + "/");
      }
      if (!used) {
        return "203.0.113." + (block + 1);
      }
    }
    throw new AssertionError("no free /28 in 203.0.113.0/24");
  }
}
