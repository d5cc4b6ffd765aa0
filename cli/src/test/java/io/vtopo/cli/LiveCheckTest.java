package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7, live proof: every realizable example with VMs is applied into a fresh namespace (libvirt
 * networks into the real libvirtd) and {@code check --live} must find predicted and observed
 * reachability in agreement for every pair it probes; a host broken behind vtopo's back must be
 * reported as a disagreement with exit code 4. Probes are gone afterwards.
 */
class LiveCheckTest extends LiveHostTest {
  Path file;

  @AfterEach
  void destroy() {
    if (file != null) {
      LiveHost.vtopo(
          args("destroy", file.toString(), "--yes", "--allow-data-loss", "--allow-disconnect"));
    }
  }

  /**
   * The example rewritten like ExamplesIdempotencyTest does (unique names, unused subnets), with
   * NIC stand-ins.
   */
  Path example(String name) throws IOException {
    Path src = ExamplesIdempotencyTest.examplesDir().resolve(name + ".yaml");
    Topology t = TopologyReader.read(src).topology().orElseThrow();
    ExamplesIdempotencyTest rw = new ExamplesIdempotencyTest();
    rw.host = host;
    rw.tmp = tmp;
    String text = rw.rewrite(Files.readString(src), t);
    host.vethsForNics(t, ns);
    return host.file(name + ".yaml", text);
  }

  LiveHost.Run apply(Path f) {
    file = f;
    LiveHost.Run r = LiveHost.vtopo(args("apply", f.toString(), "--yes"));
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  LiveHost.Run live(Path f, String... extra) {
    String[] a = new String[extra.length + 4];
    a[0] = "check";
    a[1] = f.toString();
    a[2] = "--live";
    a[3] = "--timeout=500";
    System.arraycopy(extra, 0, a, 4, extra.length);
    return LiveHost.vtopo(args(a));
  }

  void assertNoProbeLeft() {
    String mine = "vtp-" + Long.toHexString(ProcessHandle.current().pid() & 0xffffff) + "-";
    assertThat(LiveHost.sh("ip", "-o", "link", "show")).doesNotContain(mine);
    assertThat(LiveHost.sh("ip", "-n", ns, "-o", "link", "show")).doesNotContain(mine);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "bridged-vms-nat-storage",
        "libvirt-nat-isolated",
        "routed-and-open-networks",
        "vxlan-overlay"
      })
  void predictedAndObservedAgreeForEveryProbedPair(String example) throws IOException {
    Path f = example(example);
    apply(f);
    LiveHost.Run r = live(f);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).contains(" 0 disagree").doesNotContain("DISAGREE");
    // Something was really probed, both ways: pairs that reach and pairs that must not.
    assertThat(r.out())
        .as(r.toString())
        .containsPattern("AGREE .*: predicted reachable, observed" + " reachable");
    if (!example.equals("routed-and-open-networks")) {
      assertThat(r.out())
          .as(r.toString())
          .contains("predicted not reachable, observed not reachable");
    }
    assertNoProbeLeft();
  }

  @Test
  void aHostBrokenBehindVtoposBackIsADisagreementWithExitCode4() throws IOException {
    String sub = LiveHost.benchmark24();
    String sub2 = LiveHost.benchmark24();
    Path f =
        host.file(
            "two.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: br-a, kind: bridge, state: up, stp: false, ports: [tap-a1, tap-a2], addresses: [%2$s1/24]}
          - {name: br-b, kind: bridge, state: up, stp: false, ports: [tap-b1], addresses: [%3$s1/24]}
          - {name: br-c, kind: bridge, state: up, stp: false, ports: [tap-c1]}
          - {name: tap-a1, kind: tap, state: up}
          - {name: tap-a2, kind: tap, state: up}
          - {name: tap-b1, kind: tap, state: up}
          - {name: tap-c1, kind: tap, state: up}
        vms:
          - {name: a1, nics: [{name: eth0, tap: tap-a1, mac: "52:54:00:aa:00:01", ip: %2$s11/24}]}
          - {name: a2, nics: [{name: eth0, tap: tap-a2, mac: "52:54:00:aa:00:02", ip: %2$s12/24}]}
          - {name: b1, nics: [{name: eth0, tap: tap-b1, mac: "52:54:00:aa:00:03", ip: %3$s11/24}]}
          - {name: c1, nics: [{name: eth0, tap: tap-c1, mac: "52:54:00:aa:00:04", ip: %2$s21/24}]}
        expect:
          - {from: a1, to: a2, reachable: true}
          - {from: a1, to: b1, reachable: true}
          - {from: a1, to: c1, reachable: false}
        """
                .formatted(host.prefix, sub, sub2));
    apply(f);
    LiveHost.sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    LiveHost.Run ok = live(f);
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out())
        .as(ok.toString())
        .contains("AGREE    a1/eth0 -> a2/eth0: predicted reachable, observed reachable")
        .contains("AGREE    a1/eth0 -> b1/eth0: predicted reachable, observed reachable")
        .contains("AGREE    a1/eth0 -> c1/eth0: predicted not reachable, observed not reachable");
    LiveHost.Run json = live(f, "--pairs=intents", "-o", "json");
    assertThat(json.code()).as(json.toString()).isZero();
    assertThat(json.out()).contains("\"disagree\" : 0").contains("\"from\" : \"a1/eth0\"");

    // Behind vtopo's back: the bridge layer of the namespace drops every frame it forwards. No plan
    // sees this.
    LiveHost.sh(
        "ip",
        "netns",
        "exec",
        ns,
        "nft",
        "add table bridge vtt; add chain bridge vtt c { type filter hook"
            + " forward priority 0; policy drop; }");
    assertThat(LiveHost.vtopo(args("plan", f.toString())).code()).isZero();
    LiveHost.Run broken = live(f);
    assertThat(broken.code()).as(broken.toString()).isEqualTo(ExitCodes.DISAGREE);
    assertThat(broken.out())
        .as(broken.toString())
        .contains("DISAGREE a1/eth0 -> a2/eth0: predicted reachable, observed not reachable")
        .contains("static path: a1/eth0 -> tap-a1 -> br-a -> tap-a2 -> a2/eth0: reachable")
        // Routed traffic does not cross the bridge layer between two ports: a1 -> b1 still agrees.
        .contains("AGREE    a1/eth0 -> b1/eth0");
    assertNoProbeLeft();
  }

  @Test
  void aTopologyThatIsNotAppliedIsRefusedWithWhatIsMissing() throws IOException {
    Path f =
        host.file(
            "one.yaml",
            """
        apiVersion: vtopo/v1
        name: %s
        links:
          - {name: br-x, kind: bridge, state: up, ports: [tap-x]}
          - {name: tap-x, kind: tap, state: up}
        vms:
          - {name: x, nics: [{tap: tap-x, ip: 198.18.0.1/24}]}
        """
                .formatted(host.prefix));
    LiveHost.Run r = live(f);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err())
        .contains(
            "is not applied on this host; the probes need: link:br-x: create; link:tap-x:"
                + " create");
  }
}
