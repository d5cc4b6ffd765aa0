package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Volume;
import io.vtopo.testsupport.Privileged;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * A logical pool on a loop-device PV: build (pvcreate + vgcreate), start, info, stop, delete all
 * run here; creating an LV does not (no device-mapper in this kernel), and the test pins the clear
 * error.
 */
class LogicalPoolLiveTest {
  @TempDir Path tmp;

  @Test
  void buildStartAndClearLvError() throws Exception {
    Connect conn = LiveHost.system();
    Privileged.assume(
        LiveHost.has("losetup") && LiveHost.has("vgs"), "losetup and lvm2 are needed");
    String sfx = LiveHost.suffix();
    String name = "vtt-pool-" + sfx;
    String vg = "vtt_vg_" + sfx;
    Path img = tmp.resolve("pv.img");
    LibvirtStorage st = LiveHost.storage(conn, tmp);
    try (LiveHost.Cleanup cleanup = new LiveHost.Cleanup()) {
      cleanup.add(LiveHost.closing(conn));
      LiveHost.ok("truncate", "-s", "64M", img.toString());
      String loop = LiveHost.ok("losetup", "-f", "--show", img.toString()).trim();
      cleanup.add(() -> LiveHost.run("losetup", "-d", loop));
      cleanup.add(() -> LiveHost.run("sh", "-c", "vgremove -f " + vg + "; pvremove -f " + loop));
      cleanup.add(LiveHost.removingPools(name));
      LogicalPool pool =
          new LogicalPool(
              new PoolAttrs(name, null, null, null, null, List.of()), vg, List.of(loop));

      st.createPool(pool, "lab");
      LivePool live = LiveHost.pool(st, name);
      assertThat(live.active()).isTrue();
      assertThat(live.owner()).isEqualTo("lab");
      assertThat(live.pool()).isInstanceOf(LogicalPool.class);
      assertThat(((LogicalPool) live.pool()).vgName()).isEqualTo(vg);
      assertThat(((LogicalPool) live.pool()).devices()).containsExactly(loop);
      assertThat(live.capacity().bytes()).isGreaterThan(0);
      assertThat(LiveHost.ok("vgs", "--noheadings", "-o", "vg_name")).contains(vg);

      Volume lv =
          new Volume("vtt-vol-lv", null, ByteSize.parse("8M").orElseThrow(), null, null, null);
      assertThatThrownBy(() -> st.createVolume(name, lv, "lab"))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("pools[" + name + "].volumes[vtt-vol-lv]")
          .hasMessageContaining("vol-create failed")
          .hasMessageContaining("device-mapper")
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(Kind.UNSUPPORTED);
      assertThat(LiveHost.pool(st, name).volumes()).isEmpty();

      st.stopPool(name, "lab");
      st.startPool(name, "lab");
      // The VG was built by vtopo, is empty, and the user allowed data loss: pool-delete removes VG
      // and PV label.
      st.deletePool(pool, "lab", true);
      assertThat(LiveHost.ok("vgs", "--noheadings", "-o", "vg_name")).doesNotContain(vg);
    }
  }
}
