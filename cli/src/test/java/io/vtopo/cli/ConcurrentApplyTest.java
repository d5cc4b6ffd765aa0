package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, concurrent use: two applies of different topologies on one host. One state directory
 * means one host lock: the second apply is refused at once, or waits with {@code --lock-wait} and
 * then applies. Two state directories (two independent vtopo installations) are not serialised: the
 * second runs entirely while the first is held at a fault point in the middle of its link batch,
 * and both end applied and verified, each owning only its objects. Deterministic: the first apply
 * is stopped by the fault switch, not by timing.
 */
class ConcurrentApplyTest extends LiveHostTest {
  Path fileA;
  Path fileB;
  String ns2;

  @BeforeEach
  void files() {
    ns2 = host.netns("-2");
    fileA = host.file("a.yaml", topology(host.prefix + "-a", host.lp + "a", LiveHost.chunk28()));
    fileB = host.file("b.yaml", topology(host.prefix + "-b", host.lp + "b", LiveHost.chunk28()));
  }

  static String topology(String name, String lp, String net) {
    return """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sb, kind: bridge, state: up, ports: [%2$st]}
          - {name: %2$st, kind: tap, state: up}
        networks:
          - {name: %1$s-net, mode: isolated, bridge: %2$sn, ips: [{address: %3$s/28}]}
        """
        .formatted(name, lp, LiveHost.address(net, 1));
  }

  @AfterEach
  void destroy() {
    if (host != null) {
      for (Path state : new Path[] {host.state, tmp.resolve("state2")}) {
        LiveHost.vtopo(
            "destroy", fileA.toString(), "--yes", "--netns", ns, "--state-dir", state.toString());
        LiveHost.vtopo(
            "destroy", fileB.toString(), "--yes", "--netns", ns2, "--state-dir", state.toString());
      }
    }
  }

  String[] on(Path file, String netns, Path state, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "apply",
                file.toString(),
                "--yes",
                "--netns",
                netns,
                "--state-dir",
                state.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Starts apply A in a child JVM and returns it stopped before its first change to the host. */
  Process heldApplyA(List<String> seen) throws Exception {
    List<String> cmd = LiveHost.vtopoJvm("-Dvtopo.faults=stop:1");
    cmd.addAll(List.of(on(fileA, ns, host.state)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      seen.add(line);
      if (line.startsWith("@@fault 1 before ")) {
        return p;
      }
    }
    throw new AssertionError(
        "apply A ended before its first fault point:\n" + String.join("\n", seen));
  }

  static String finish(Process p, List<String> seen) throws Exception {
    try (OutputStream in = p.getOutputStream()) {
      in.write('\n');
    }
    seen.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return String.join("\n", seen);
  }

  void assertVerified(Path file, String netns, Path state) {
    LiveHost.Run plan =
        LiveHost.vtopo("plan", file.toString(), "--netns", netns, "--state-dir", state.toString());
    assertThat(plan.code()).as(plan.toString()).isZero();
  }

  @Test
  void oneStateDirectorySerialisesDifferentTopologies() throws Exception {
    List<String> seen = new ArrayList<>();
    Process a = heldApplyA(seen);
    try {
      LiveHost.Run refused = LiveHost.vtopo(on(fileB, ns2, host.state));
      assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("another vtopo apply (pid " + a.pid() + ")");
      assertThat(LiveHost.links(ns2)).as("B changed nothing").doesNotContain(host.lp + "b");
      java.util.concurrent.CompletableFuture<LiveHost.Run> waiting =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> LiveHost.vtopo(on(fileB, ns2, host.state, "--lock-wait", "120")));
      String logA = finish(a, seen);
      assertThat(a.exitValue()).as(logA).isZero();
      LiveHost.Run b = waiting.get(150, TimeUnit.SECONDS);
      assertThat(b.code()).as(b.toString()).isZero();
      assertVerified(fileA, ns, host.state);
      assertVerified(fileB, ns2, host.state);
    } finally {
      a.destroyForcibly();
    }
  }

  @Test
  void twoStateDirectoriesRunConcurrentlyAndEachOwnsOnlyItsObjects() throws Exception {
    Path state2 = tmp.resolve("state2");
    List<String> seen = new ArrayList<>();
    Process a = heldApplyA(seen);
    try {
      // A holds its own lock and has journaled its plan; B, with another state directory, runs to
      // the end meanwhile.
      LiveHost.Run b = LiveHost.vtopo(on(fileB, ns2, state2));
      assertThat(b.code()).as(b.toString()).isZero();
      String logA = finish(a, seen);
      assertThat(a.exitValue()).as(logA).isZero();
      assertVerified(fileA, ns, host.state);
      assertVerified(fileB, ns2, state2);
      // Each destroy removes its own topology and leaves the other's objects alone.
      LiveHost.Run d =
          LiveHost.vtopo(
              "destroy",
              fileB.toString(),
              "--yes",
              "--netns",
              ns2,
              "--state-dir",
              state2.toString());
      assertThat(d.code()).as(d.toString()).isZero();
      assertVerified(fileA, ns, host.state);
    } finally {
      a.destroyForcibly();
    }
  }

  /**
   * A libvirtd restart during an apply, as the client sees it: the connection drops. The shared
   * libvirtd that other tests use is not restarted (and a second root libvirtd would share its
   * state directories, firewall chains and the default network); instead vtopo connects through a
   * Unix-socket relay to it ({@code qemu+unix:///system?socket=}), and the test cuts every relayed
   * connection right after vtopo defined its network. The apply fails on the next libvirt call; its
   * rollback cannot read the host (the read covers libvirt too), so it guesses nothing, keeps the
   * journal and says so; a {@code vtopo recover} over a new connection then restores the host
   * exactly.
   */
  @Test
  void aLibvirtConnectionLostMidApplyIsRolledBackOrRecovered() throws Exception {
    String before = host.state(ns);
    try (Relay relay =
        new Relay(tmp.resolve("libvirt-relay.sock"), Path.of("/run/libvirt/libvirt-sock"))) {
      String uri = "qemu+unix:///system?socket=" + relay.path;
      io.vtopo.core.backend.FaultPoints.install(
          (when, label) -> {
            if (when.equals("after") && label.startsWith("network define ")) {
              relay.cut();
            }
          });
      LiveHost.Run run;
      try {
        run = LiveHost.vtopo(on(fileA, ns, host.state, "--connect", uri));
      } finally {
        io.vtopo.core.backend.FaultPoints.install(null);
      }
      assertThat(relay.cuts).as("the relay cut the connection").isPositive();
      assertThat(run.code()).as(run.toString()).isEqualTo(1);
      assertThat(run.err())
          .as(run.toString())
          .contains("apply failed")
          .contains("client socket is closed")
          .contains("rollback could not read the host")
          .contains("vtopo recover");
      LiveHost.Run rec =
          LiveHost.vtopo(
              "recover",
              host.prefix + "-a",
              "--netns",
              ns,
              "--state-dir",
              host.state.toString(),
              "--connect",
              uri);
      assertThat(rec.code()).as(rec.toString()).isZero();
      assertThat(host.state(ns)).isEqualTo(before);
    }
  }

  /**
   * Relays Unix-socket connections to libvirtd; {@link #cut} closes every relayed connection at
   * once.
   */
  static final class Relay implements AutoCloseable {
    final Path path;
    final Path target;
    final java.nio.channels.ServerSocketChannel server;
    final List<java.nio.channels.SocketChannel> open = new ArrayList<>();
    volatile int cuts;
    final Thread acceptor;

    Relay(Path path, Path target) throws java.io.IOException {
      this.path = path;
      this.target = target;
      server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
      server.bind(java.net.UnixDomainSocketAddress.of(path));
      acceptor = new Thread(this::accept, "libvirt-relay");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void accept() {
      try {
        while (true) {
          java.nio.channels.SocketChannel c = server.accept();
          java.nio.channels.SocketChannel d =
              java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(target));
          synchronized (open) {
            open.add(c);
            open.add(d);
          }
          pump(c, d);
          pump(d, c);
        }
      } catch (java.io.IOException e) {
        // closed
      }
    }

    private static void pump(
        java.nio.channels.SocketChannel from, java.nio.channels.SocketChannel to) {
      Thread t =
          new Thread(
              () -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64 * 1024);
                try {
                  while (from.read(b) >= 0) {
                    b.flip();
                    while (b.hasRemaining()) {
                      to.write(b);
                    }
                    b.clear();
                  }
                } catch (java.io.IOException e) {
                  // cut or closed
                }
                try {
                  to.close();
                } catch (java.io.IOException e) {
                  // already closed
                }
              },
              "libvirt-relay-pump");
      t.setDaemon(true);
      t.start();
    }

    /**
     * Closes every relayed connection, as a daemon restart does; new connections are relayed again.
     */
    void cut() {
      synchronized (open) {
        for (java.nio.channels.SocketChannel c : open) {
          try {
            c.close();
          } catch (java.io.IOException e) {
            // already closed
          }
        }
        open.clear();
      }
      cuts++;
    }

    @Override
    public void close() throws java.io.IOException {
      cut();
      server.close();
      java.nio.file.Files.deleteIfExists(path);
    }
  }
}
