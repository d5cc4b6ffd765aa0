package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.IscsiSource;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.testsupport.IscsiTarget;
import io.vtopo.testsupport.Privileged;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * An iscsi-direct pool (libiscsi, no kernel initiator) against the userspace tgtd on
 * 127.0.0.1:3260.
 */
class IscsiDirectLiveTest {
  @TempDir Path tmp;

  @Test
  void listsTheLunAndExplainsAWrongIqn() throws Exception {
    Connect conn = LiveHost.system();
    Privileged.assume(
        IscsiTarget.available(),
        "tgtd is not running on 127.0.0.1:3260 (scripts/setup-host.sh tgt)");
    String sfx = LiveHost.suffix();
    String name = "vtt-pool-" + sfx;
    String iqn = "iqn.2024-01.io.vtopo:vtt-" + sfx;
    Path lun = tmp.resolve("lun.img");
    LibvirtStorage st = LiveHost.storage(conn, tmp);
    try (LiveHost.Cleanup cleanup = new LiveHost.Cleanup()) {
      cleanup.add(LiveHost.closing(conn));
      cleanup.add(IscsiTarget.create(iqn, lun, "32M")::close);
      cleanup.add(LiveHost.removingPools(name));
      IscsiSource src =
          new IscsiSource("127.0.0.1", 3260, iqn, "iqn.2024-01.io.vtopo:init-" + sfx, null, null);
      IscsiDirectPool pool =
          new IscsiDirectPool(new PoolAttrs(name, null, null, null, null, List.of()), src);

      st.createPool(pool, "lab");
      LivePool live = LiveHost.pool(st, name);
      assertThat(live.active()).isTrue();
      assertThat(live.pool())
          .isEqualTo(
              Pools.withAttrs(
                  pool,
                  new PoolAttrs(name, null, null, false, null, live.pool().attrs().volumes())
                      .withUnmodelled(List.of())));
      // LUN 0 is tgt's controller (capacity 0); LUN 1 is our 32 MiB file, which tgt rounds down to
      // whole sectors.
      assertThat(live.volumes())
          .extracting(LiveVolume::name)
          .containsExactlyInAnyOrder("unit:0:0:0", "unit:0:0:1");
      assertThat(live.volumes())
          .filteredOn(v -> v.name().equals("unit:0:0:1"))
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.volume().capacity().bytes()).isBetween((32L << 20) - 4096, 32L << 20);
                assertThat(v.path()).contains(iqn).endsWith("-lun-1");
                assertThat(v.owner()).isNull();
              });
      st.deletePool(pool, "lab", false);

      // A wrong target IQN: a clear error naming the pool, and nothing left behind.
      String bad = "vtt-pool-" + LiveHost.suffix();
      cleanup.add(LiveHost.removingPools(bad));
      IscsiDirectPool wrong =
          new IscsiDirectPool(
              new PoolAttrs(bad, null, null, null, null, List.of()),
              new IscsiSource("127.0.0.1", 3260, iqn + "-nope", src.initiatorIqn(), null, null));
      assertThatThrownBy(() -> st.createPool(wrong, "lab"))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("pools[" + bad + "]")
          .hasMessageContaining("pool-start failed")
          .hasMessageContaining("check the target IQN");
      assertThat(st.inspect()).extracting(LivePool::name).doesNotContain(bad);

      // Nothing listens on port 1 of 127.0.0.1: an unreachable source, not a vague failure.
      String down = "vtt-pool-" + LiveHost.suffix();
      cleanup.add(LiveHost.removingPools(down));
      IscsiDirectPool unreachable =
          new IscsiDirectPool(
              new PoolAttrs(down, null, null, null, null, List.of()),
              new IscsiSource("127.0.0.1", 1, iqn, src.initiatorIqn(), null, null));
      assertThatThrownBy(() -> st.createPool(unreachable, "lab"))
          .isInstanceOf(VtopoException.class)
          .hasMessageContaining("pools[" + down + "]")
          .extracting(e -> ((VtopoException) e).kind())
          .isEqualTo(VtopoException.Kind.UNAVAILABLE);
      assertThat(st.inspect()).extracting(LivePool::name).doesNotContain(down);
    }
  }
}
