package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6: {@code vtopo apply} killed with SIGKILL at several points is found by the next run
 * (which refuses), and {@code vtopo recover} restores the host exactly; two applies at once: one
 * proceeds, the other is refused (or waits with --lock-wait and then finds nothing to do). Real
 * kernel, real libvirtd, separate JVMs.
 */
class CrashAndLockTest extends LiveHostTest {
  Path file;

  @BeforeEach
  void writeTopology() {
    String net = LiveHost.chunk28();
    String pre = net.substring(0, net.lastIndexOf('.') + 1);
    int off = Integer.parseInt(net.substring(net.lastIndexOf('.') + 1));
    StringBuilder y =
        new StringBuilder("apiVersion: vtopo/v1\nname: " + host.prefix + "\nlinks:\n");
    StringBuilder ports = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      y.append("  - {name: ")
          .append(host.lp)
          .append('t')
          .append(i)
          .append(", kind: tap, state: up}\n");
      ports.append(i == 0 ? "" : ", ").append(host.lp).append('t').append(i);
    }
    y.append("  - {name: ")
        .append(host.lp)
        .append("b, kind: bridge, stp: false, state: up, ports: [")
        .append(ports)
        .append("]}\n");
    y.append("networks:\n  - {name: ")
        .append(host.prefix)
        .append("-net, mode: isolated, bridge: ")
        .append(host.lp)
        .append("v, ips: [{address: ")
        .append(pre)
        .append(off + 1)
        .append("/28}]}\n");
    y.append("pools:\n  - name: ")
        .append(host.prefix)
        .append("-img\n    type: dir\n    target: ")
        .append(tmp.resolve("pool"))
        .append("\n    volumes:\n");
    for (int i = 0; i < 4; i++) {
      y.append("      - {name: v").append(i).append(".qcow2, format: qcow2, capacity: 64M}\n");
    }
    file = host.file("crash.yaml", y.toString());
  }

  @AfterEach
  void recoverAndDestroy() {
    if (host != null) {
      LiveHost.vtopo("recover", host.prefix, "--netns", ns, "--state-dir", host.state.toString());
      host.destroy(file, ns);
    }
  }

  String[] hostArgs(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--netns", ns, "--state-dir", host.state.toString()));
    return a.toArray(String[]::new);
  }

  /**
   * Starts apply in another JVM and returns it once it printed a line starting with {@code marker}.
   */
  Process applyUntil(String marker, List<String> seen) throws Exception {
    Process p = host.spawn(hostArgs("apply", file.toString(), "--yes"));
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      seen.add(line);
      if (line.startsWith(marker)) {
        return p;
      }
    }
    throw new AssertionError(
        "apply ended (exit "
            + p.waitFor()
            + ") before printing '"
            + marker
            + "':\n"
            + String.join("\n", seen));
  }

  /** Kill points: during the link batch (step 1), during the network step, during the pool step. */
  @ParameterizedTest
  @ValueSource(strings = {"step 1/", "step 32/", "step 33/"})
  void killedApplyIsDetectedAndRecovered(String killAt) throws Exception {
    String before = host.state(ns);
    List<String> seen = new ArrayList<>();
    Process p = applyUntil(killAt, seen);
    p.destroyForcibly();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    Path journal = host.state.resolve("journal").resolve(host.prefix);
    assertThat(journal.resolve("ids")).as("journal of the killed apply").exists();

    LiveHost.Run again = LiveHost.vtopo(hostArgs("apply", file.toString(), "--yes"));
    assertThat(again.code()).as(again.toString()).isEqualTo(1);
    assertThat(again.err())
        .as(again.toString())
        .contains("did not finish")
        .contains("vtopo recover");

    LiveHost.Run rec = LiveHost.vtopo(hostArgs("recover", host.prefix));
    assertThat(rec.code()).as(rec.toString()).isZero();
    assertThat(rec.out()).contains("Recovered");
    assertThat(journal.resolve("ids")).doesNotExist();
    assertThat(host.state(ns))
        .as("after recover (killed at '%s', saw %s)", killAt, seen)
        .isEqualTo(before);

    LiveHost.Run ok = LiveHost.vtopo(hostArgs("apply", file.toString(), "--yes"));
    assertThat(ok.code()).as(ok.toString()).isZero();
  }

  @Test
  void twoAppliesAtOnceOneProceedsTheOtherIsRefusedOrWaits() throws Exception {
    List<String> seen = new ArrayList<>();
    Process a = applyUntil("step 1/", seen);
    // A holds the host lock now (it takes it before planning) and has the libvirt steps still
    // ahead.
    CompletableFuture<LiveHost.Run> waiter =
        CompletableFuture.supplyAsync(
            () ->
                LiveHost.vtopo(hostArgs("apply", file.toString(), "--yes", "--lock-wait", "120")));
    LiveHost.Run refused = LiveHost.vtopo(hostArgs("apply", file.toString(), "--yes"));
    assertThat(a.isAlive())
        .as("the first apply was still running when the second was refused")
        .isTrue();
    assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains("another vtopo apply (pid " + a.pid() + ")")
        .contains("--lock-wait");
    String rest = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).as(String.join("\n", seen) + rest).isZero();
    LiveHost.Run waited = waiter.get(120, TimeUnit.SECONDS);
    assertThat(waited.code()).as(waited.toString()).isZero();
    assertThat(waited.out()).contains("No changes");
    assertThat(Files.exists(host.state.resolve("journal").resolve(host.prefix).resolve("ids")))
        .isFalse();
    LiveHost.Run plan = LiveHost.vtopo(hostArgs("plan", file.toString()));
    assertThat(plan.code()).as(plan.toString()).isZero();
  }
}
