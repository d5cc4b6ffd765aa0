package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.testsupport.Privileged;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Head-end replication over three hosts on the real kernel: the example fleet {@code
 * examples/fleet/three-hosts-head-end.yaml} is rendered for each of its hosts and applied with
 * {@code vtopo apply --netns} into three namespaces whose underlay veths ({@code eno1}) meet in a
 * "switch" namespace. Each host's VXLAN then floods to both peers, so a VM stand-in on any host
 * resolves and pings the ones on both other hosts. With a single {@code remote} per VXLAN (what
 * vtopo/v1 could say before {@code flood}), one of the two peers never sees the ARP broadcasts.
 */
class HeadEndReplicationTest {
  private static final Path FLEET = Path.of("../examples/fleet/three-hosts-head-end.yaml");

  @TempDir Path dir;

  private final String prefix = "vtt-he" + HexFormat.of().formatHex(SecureRandom.getSeed(3));
  private final List<String> namespaces = new ArrayList<>();

  @AfterEach
  void removeNamespaces() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      run("ip", "netns", "del", namespaces.get(i));
    }
  }

  @Test
  void everyHostFloodsToBothPeersAndEveryVmReachesTheOthers() throws Exception {
    Privileged.assume(Privileged.isRoot(), "the three simulated hosts need root (namespaces)");
    String sw = ns("sw");
    sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
    sh("ip", "-n", sw, "link", "set", "br0", "up");
    String[] vms = {"web1", "web2", "web3"};
    List<String> standIns = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String h = ns("hv" + i);
      sh(
          "ip", "link", "add", "eno1", "netns", h, "type", "veth", "peer", "name", "p" + i, "netns",
          sw);
      sh("ip", "-n", sw, "link", "set", "p" + i, "master", "br0", "up");
      sh("ip", "-n", h, "link", "set", "lo", "up");
      Path rendered = dir.resolve("hv" + i + ".yaml");
      StringWriter err = new StringWriter();
      assertThat(
              Main.run(
                  new String[] {
                    "fleet", "render", FLEET.toString(), "hv" + i, "-O", rendered.toString()
                  },
                  new PrintWriter(new StringWriter()),
                  new PrintWriter(err)))
          .as(err.toString())
          .isZero();
      assertThat(Files.readString(rendered))
          .as("hv%d floods to its two peers", i)
          .contains("flood: [");
      StringWriter out = new StringWriter();
      int code =
          Main.run(
              new String[] {
                "apply",
                rendered.toString(),
                "--yes",
                "--netns",
                h,
                "--connect",
                "test:///default",
                "--state-dir",
                dir.resolve("state-hv" + i).toString()
              },
              new PrintWriter(out),
              new PrintWriter(err));
      assertThat(code).as(out + "\n" + err).isZero();
      // The TAP is the VM's port; the stand-in's veth takes its place in the bridge.
      String vm = vms[i - 1];
      String n = ns(vm);
      String port = "sv-" + vm;
      sh("ip", "link", "add", "eth0", "netns", n, "type", "veth", "peer", "name", port, "netns", h);
      sh("ip", "-n", h, "link", "set", port, "mtu", "1450", "master", "br-web", "up");
      sh("ip", "-n", n, "link", "set", "eth0", "mtu", "1450", "up");
      sh("ip", "-n", n, "addr", "add", "192.0.2.2" + i + "/24", "dev", "eth0");
      standIns.add(n);
    }
    String fdb =
        capture(
            "ip", "netns", "exec", namespaces.get(1), "bridge", "fdb", "show", "dev", "vx20100");
    assertThat(fdb)
        .as("hv1's flood entries")
        .contains("00:00:00:00:00:00 dst 203.0.113.22")
        .contains("00:00:00:00:00:00 dst 203.0.113.23");
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        if (a != b) {
          assertThat(pings(standIns.get(a), "192.0.2.2" + (b + 1)))
              .as("%s reaches %s over the overlay", vms[a], vms[b])
              .isTrue();
        }
      }
    }
  }

  private String ns(String suffix) {
    String n = prefix + "-" + suffix;
    sh("ip", "netns", "add", n);
    namespaces.add(n);
    return n;
  }

  private static void sh(String... args) {
    FleetRolloutTest.sh(args);
  }

  private static int run(String... args) {
    return FleetRolloutTest.run(args);
  }

  private static boolean pings(String n, String target) {
    return FleetRolloutTest.pings(n, target);
  }

  private static String capture(String... args) throws Exception {
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return s;
  }
}
