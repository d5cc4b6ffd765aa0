package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 against the real kernel and libvirtd: foreign objects survive apply and destroy byte for
 * byte; the management-path guard refuses cutting the namespace's default-route link; export of an
 * applied host re-applied into a fresh namespace gives the same links; plan refuses a libvirt
 * network on the subnet of this machine's own uplink.
 */
class HostSafetyTest extends LiveHostTest {
  final List<Path> files = new ArrayList<>();
  final List<String> extraNs = new ArrayList<>();

  @AfterEach
  void destroyEveryFileEverywhere() {
    if (host != null) {
      for (Path f : files) {
        for (String n : concat(ns, extraNs)) {
          host.destroy(f, n, "--allow-disconnect");
        }
      }
    }
  }

  static List<String> concat(String a, List<String> b) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(b);
    return l;
  }

  String[] argsIn(String netns, String... a) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of("--netns", netns, "--state-dir", host.state.toString()));
    return l.toArray(String[]::new);
  }

  Path file(String name, String text) {
    Path p = host.file(name, text);
    files.add(p);
    return p;
  }

  @Test
  void foreignObjectsAreUntouchedByApplyAndDestroy() {
    String lp = host.lp;
    // Made without vtopo: a bridge with an address and a port, a libvirt network, a dir pool with a
    // volume.
    LiveHost.sh("ip", "-n", ns, "link", "add", lp + "fbr", "type", "bridge");
    LiveHost.sh("ip", "-n", ns, "tuntap", "add", lp + "ftap", "mode", "tap");
    LiveHost.sh("ip", "-n", ns, "link", "set", lp + "ftap", "master", lp + "fbr");
    LiveHost.sh("ip", "-n", ns, "addr", "add", "192.0.2.77/24", "dev", lp + "fbr");
    LiveHost.sh("ip", "-n", ns, "link", "set", lp + "fbr", "up");
    String c = LiveHost.chunk28();
    host.foreignNetwork("fnet", "fv", LiveHost.address(c, 1));
    host.foreignDirPool("fpool", tmp.resolve("fpool"));
    LiveHost.virsh(
        "vol-create-as", host.prefix + "-fpool", "keep.qcow2", "16M", "--format", "qcow2");
    String before = foreign();

    String c2 = LiveHost.chunk28();
    Path f =
        file(
            "mine.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sb, kind: bridge, stp: false, state: up, addresses: [192.0.2.1/24], ports: [%2$st1, %2$st2]}
          - {name: %2$st1, kind: tap, state: up}
          - {name: %2$st2, kind: tap, state: up}
        networks:
          - {name: %1$s-net, mode: nat, bridge: %2$sv, ips: [{address: %3$s/28}]}
        pools:
          - name: %1$s-pool
            type: dir
            target: %4$s
            volumes: [{name: mine.qcow2, format: qcow2, capacity: 16M}]
        """
                .formatted(host.prefix, lp, LiveHost.address(c2, 1), tmp.resolve("mypool")));
    LiveHost.Run r = LiveHost.vtopo(argsIn(ns, "apply", f.toString(), "--yes"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(foreign()).as("foreign objects after apply").isEqualTo(before);
    assertThat(LiveHost.names("net-list", host.prefix)).contains(host.prefix + "-net");

    r = LiveHost.vtopo(argsIn(ns, "destroy", f.toString(), "--yes", "--allow-data-loss"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(foreign()).as("foreign objects after destroy").isEqualTo(before);
    assertThat(LiveHost.names("net-list", host.prefix)).containsExactly(host.prefix + "-fnet");
    assertThat(LiveHost.names("pool-list", host.prefix)).containsExactly(host.prefix + "-fpool");
    assertThat(LiveHost.links(ns)).doesNotContain(lp + "b:").doesNotContain(lp + "t1");

    // A file that names the foreign objects is refused, not a takeover.
    Path grab =
        file(
            "grab.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sfbr, kind: bridge}
        networks:
          - {name: %1$s-fnet, mode: isolated, bridge: %2$sfv}
        """
                .formatted(host.prefix, lp));
    r = LiveHost.vtopo(argsIn(ns, "apply", grab.toString(), "--yes"));
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("was not created by vtopo");
    assertThat(foreign()).isEqualTo(before);
  }

  /** Links, network and pool (with volumes) made outside vtopo, as ip and virsh show them. */
  private String foreign() {
    String links =
        String.join(
            "\n", LiveHost.links(ns).lines().filter(l -> l.contains(host.lp + "f")).toList());
    return links
        + "\n"
        + LiveHost.virsh("net-dumpxml", host.prefix + "-fnet")
        + LiveHost.virsh("net-info", host.prefix + "-fnet")
        + LiveHost.libvirt(host.prefix + "-fpool");
  }

  /**
   * An uplink: the veth {@code <lp>u} in the test namespace, its peer {@code <lp>w} up with
   * 203.0.113.1/24 in a namespace of its own (returned) standing for the router beyond it.
   */
  private String uplink(String nsSuffix) {
    String lp = host.lp;
    String peerNs = host.netns(nsSuffix);
    extraNs.add(peerNs);
    LiveHost.sh(
        "ip", "-n", ns, "link", "add", lp + "u", "type", "veth", "peer", "name", lp + "w", "netns",
        peerNs);
    LiveHost.sh("ip", "-n", peerNs, "addr", "add", "203.0.113.1/24", "dev", lp + "w");
    LiveHost.sh("ip", "-n", peerNs, "link", "set", lp + "w", "up");
    return peerNs;
  }

  @Test
  void managementPathGuardRefusesCuttingTheDefaultRoute() {
    String lp = host.lp;
    // The test's "SSH" link, with the default route through it.
    String peerNs = uplink("p");
    LiveHost.sh("ip", "-n", ns, "addr", "add", "203.0.113.2/24", "dev", lp + "u");
    LiveHost.sh("ip", "-n", ns, "link", "set", lp + "u", "up");
    LiveHost.sh("ip", "-n", ns, "route", "add", "default", "via", "203.0.113.1");
    String before = host.state(ns, peerNs);
    Path f =
        file(
            "mgmt.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$su, kind: nic}
          - {name: %2$sbr, kind: bridge, stp: false, ports: [%2$su, %2$st]}
          - {name: %2$st, kind: tap}
        """
                .formatted(host.prefix, lp));
    LiveHost.Run plan = LiveHost.vtopo(argsIn(ns, "plan", f.toString(), "--connect", "none"));
    assertThat(plan.code()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.out()).as(plan.toString()).contains("--allow-disconnect").contains(lp + "u");
    LiveHost.Run apply =
        LiveHost.vtopo(argsIn(ns, "apply", f.toString(), "--yes", "--connect", "none"));
    assertThat(apply.code()).as(apply.toString()).isEqualTo(1);
    assertThat(apply.out() + apply.err()).contains("--allow-disconnect");
    assertThat(apply.err()).contains("nothing was changed");
    String unchanged = host.state(ns, peerNs);
    assertThat(unchanged).as(FaultInjectionTest.diff(before, unchanged)).isEqualTo(before);

    LiveHost.Run forced =
        LiveHost.vtopo(
            argsIn(ns, "apply", f.toString(), "--yes", "--connect", "none", "--allow-disconnect"));
    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(LiveHost.sh("ip", "-n", ns, "-o", "link", "show", lp + "u"))
        .contains("master " + lp + "br");
    // Destroy removes the bridge above the protected link and releases the link. (Open finding: the
    // link's address
    // and default route do not survive the forced apply + destroy; see the report.)
    LiveHost.Run destroy =
        LiveHost.vtopo(argsIn(ns, "destroy", f.toString(), "--yes", "--connect", "none"));
    assertThat(destroy.code()).as(destroy.toString()).isZero();
    assertThat(LiveHost.sh("ip", "-n", ns, "-o", "link", "show", lp + "u"))
        .doesNotContain("master");
    assertThat(LiveHost.links(ns)).doesNotContain(lp + "br:");
  }

  @Test
  void destroyRefusedByTheGuardSaysSoAndNamesTheFlag() {
    String lp = host.lp;
    uplink("q");
    // The bridge vtopo creates carries the namespace's default route once applied.
    Path f =
        file(
            "uplink.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$su, kind: nic, state: up}
          - {name: %2$sbr, kind: bridge, state: up, stp: false, ports: [%2$su],
             addresses: [203.0.113.2/24], routes: [{to: default, via: 203.0.113.1}]}
        """
                .formatted(host.prefix, lp));
    LiveHost.Run apply =
        LiveHost.vtopo(argsIn(ns, "apply", f.toString(), "--yes", "--connect", "none"));
    assertThat(apply.code()).as(apply.toString()).isZero();
    assertThat(LiveHost.sh("ip", "-n", ns, "route", "show", "default"))
        .contains("dev " + lp + "br");
    LiveHost.Run destroy =
        LiveHost.vtopo(argsIn(ns, "destroy", f.toString(), "--yes", "--connect", "none"));
    assertThat(destroy.code()).as(destroy.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(destroy.err())
        .as(destroy.toString())
        .contains("destroy refused")
        .contains(lp + "br")
        .contains("pass --allow-disconnect to allow it")
        .contains("nothing was changed");
    assertThat(LiveHost.links(ns)).contains(lp + "br:");
  }

  @Test
  void aNetworkOnTheHostsOwnUplinkSubnetIsRefusedByPlan() {
    // Read-only: plan (no --netns) reads the root namespace's links and routes and changes nothing.
    // The file puts a
    // libvirt NAT network on the subnet of the link that carries this machine's default route, with
    // the gateway's
    // address: applied, the host's own traffic to its gateway would go to the network.
    String route = LiveHost.sh("ip", "-4", "route", "show", "default");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("via (\\S+) dev (\\S+)").matcher(route);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        m.find(), "this machine has no IPv4 default route via a gateway");
    String gateway = m.group(1);
    String dev = m.group(2);
    java.util.regex.Matcher a =
        java.util.regex.Pattern.compile("inet (\\S+/\\d+)")
            .matcher(LiveHost.sh("ip", "-4", "-o", "addr", "show", "dev", dev));
    org.junit.jupiter.api.Assumptions.assumeTrue(a.find(), dev + " has no IPv4 address");
    int len = Integer.parseInt(a.group(1).substring(a.group(1).indexOf('/') + 1));
    Path f =
        file(
            "uplink.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        networks:
          - {name: %1$s-up, mode: nat, bridge: %2$su, ips: [{address: %3$s/%4$d}]}
        """
                .formatted(host.prefix, host.lp, gateway, len));
    LiveHost.Run plan = LiveHost.vtopo("plan", f.toString(), "--state-dir", host.state.toString());
    assertThat(plan.code()).as(plan.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(plan.out())
        .as(plan.toString())
        .contains("holds " + gateway + ", the default gateway on '" + dev + "'")
        .contains("--allow-disconnect");
    // In another namespace the host's uplink is not beside libvirt's bridges: no refusal there.
    LiveHost.Run elsewhere = LiveHost.vtopo(argsIn(ns, "plan", f.toString()));
    assertThat(elsewhere.out()).as(elsewhere.toString()).doesNotContain("default gateway");
    assertThat(LiveHost.names("net-list", host.prefix)).isEmpty();
  }

  @Test
  void exportReappliedIntoAFreshNamespaceGivesTheSameLinks() {
    String lp = host.lp;
    String other = host.netns("b");
    extraNs.add(other);
    Path f =
        file(
            "rt.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sbr, kind: bridge, stp: false, forward-delay: 0, state: up, mtu: 1400,
             addresses: [192.0.2.1/24, "2001:db8:6::1/64"], ports: [%2$st1, %2$st2, %2$sx]}
          - {name: %2$st1, kind: tap, state: up, mtu: 1400, vnet-hdr: true}
          - {name: %2$st2, kind: tap, state: up, mtu: 1400, multi-queue: true, mac: "52:54:00:aa:bb:02"}
          - {name: %2$sx, kind: vxlan, vni: 77, dstport: 4789, remote: 198.51.100.9, mtu: 1400}
          - {name: %2$st3, kind: tap, state: up, addresses: [198.51.100.1/24]}
          - {name: %2$smv, kind: macvlan, parent: %2$st3, mode: bridge, state: up, addresses: [203.0.113.5/24],
             routes: [{to: 203.0.113.128/25, via: 203.0.113.1}]}
        """
                .formatted(host.prefix, lp));
    LiveHost.Run r =
        LiveHost.vtopo(argsIn(ns, "apply", f.toString(), "--yes", "--connect", "none"));
    assertThat(r.code()).as(r.toString()).isZero();
    Path exported = tmp.resolve("exported.yaml");
    files.add(exported);
    r =
        LiveHost.vtopo(
            argsIn(
                ns,
                "export",
                "--topology",
                host.prefix,
                "--connect",
                "none",
                "-O",
                exported.toString()));
    assertThat(r.code()).as(r.toString()).isZero();
    r = LiveHost.vtopo(argsIn(other, "apply", exported.toString(), "--yes", "--connect", "none"));
    assertThat(r.code()).as(r.toString()).isZero();
    r = LiveHost.vtopo(argsIn(other, "plan", exported.toString(), "--connect", "none"));
    assertThat(r.code()).as(r.toString()).isZero();
    r = LiveHost.vtopo(argsIn(other, "plan", f.toString(), "--connect", "none"));
    assertThat(r.code()).as("the original file against the copy: " + r).isZero();
    assertThat(comparable(other)).isEqualTo(comparable(ns));
  }

  /**
   * Links as ip shows them, without what depends on creation order (bridge port numbers) or random
   * MACs.
   */
  private String comparable(String n) {
    return LiveHost.links(n).replaceAll("(port_id|port_no|designated_port) \\S+", "");
  }
}
