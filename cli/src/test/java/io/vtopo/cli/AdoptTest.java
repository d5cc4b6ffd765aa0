package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code vtopo adopt} takes over a foreign bridge, libvirt network and pool explicitly; plan then
 * manages them.
 */
class AdoptTest extends LiveHostTest {
  @Test
  void foreignObjectsAreAdoptedOnlyWhenDeclaredAndAskedFor() throws Exception {
    String lp = host.lp;
    LiveHost.sh("ip", "-n", ns, "link", "add", lp + "abr", "type", "bridge");
    String c = LiveHost.chunk28();
    host.foreignNetwork("anet", "av", LiveHost.address(c, 1));
    Path target = tmp.resolve("apool");
    host.foreignDirPool("apool", target);
    Path f =
        host.file(
            "adopt.yaml",
            String.format(
                """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sabr, kind: bridge}
        networks:
          - {name: %1$s-anet, mode: isolated, bridge: %2$sav, ips: [{address: %3$s/28}]}
        pools:
          - {name: %1$s-apool, type: dir, target: %4$s}
        """,
                host.prefix, lp, LiveHost.address(c, 1), target));

    // They match the file: nothing to change (exit 0), left alone, counted, and the command that
    // takes them over is named.
    LiveHost.Run unmanaged = LiveHost.vtopo(args("plan", f.toString()));
    assertThat(unmanaged.code()).as(unmanaged.toString()).isEqualTo(ExitCodes.OK);
    assertThat(unmanaged.out())
        .contains("No changes")
        .contains("3 object(s) the file declares exist and match it but are not managed")
        .contains("link:" + lp + "abr")
        .contains("network:" + host.prefix + "-anet")
        .contains("pool:" + host.prefix + "-apool")
        .contains("vtopo adopt " + f + " --all");

    // A change to one of them is refused, naming the adopt command.
    Path changed =
        host.file(
            "changed.yaml",
            Files.readString(f).replace("kind: bridge}", "kind: bridge, mtu: 1400}"));
    LiveHost.Run refused = LiveHost.vtopo(args("plan", changed.toString()));
    assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(refused.out())
        .contains("was not created by vtopo, and the file changes it (mtu: 1500 -> 1400)")
        .contains("'vtopo adopt " + changed + " link:" + lp + "abr'");

    LiveHost.Run notDeclared = LiveHost.vtopo(args("adopt", f.toString(), "link:" + lp + "other"));
    assertThat(notDeclared.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(notDeclared.err()).contains("not declared in the file");

    LiveHost.Run adopt =
        LiveHost.vtopo(
            args(
                "adopt",
                f.toString(),
                "link:" + lp + "abr",
                "network:" + host.prefix + "-anet",
                "pool:" + host.prefix + "-apool"));
    assertThat(adopt.code()).as(adopt.toString()).isZero();

    LiveHost.Run plan = LiveHost.vtopo(args("plan", f.toString()));
    assertThat(plan.out()).as(plan.toString()).doesNotContain("cannot be applied");
    assertThat(plan.code()).isIn(ExitCodes.OK, ExitCodes.CHANGES);

    // Now they are the topology's: destroy removes the bridge and the network, and undefines the
    // pool but keeps its
    // directory: vtopo never built it, so even --allow-data-loss does not delete it, and the plan
    // says so.
    LiveHost.Run destroy =
        LiveHost.vtopo(args("destroy", f.toString(), "--yes", "--allow-data-loss"));
    assertThat(destroy.code()).as(destroy.toString()).isZero();
    assertThat(destroy.out())
        .contains("vtopo did not build its storage, so the storage and")
        .contains("are kept even with --allow-data-loss");
    assertThat(LiveHost.cmd("ip", "-n", ns, "link", "show", lp + "abr").code()).isNotZero();
    assertThat(LiveHost.cmd("virsh", "-c", LiveHost.URI, "net-info", host.prefix + "-anet").code())
        .isNotZero();
    assertThat(
            LiveHost.cmd("virsh", "-c", LiveHost.URI, "pool-info", host.prefix + "-apool").code())
        .isNotZero();
    assertThat(Files.isDirectory(target)).isTrue();
  }
}
