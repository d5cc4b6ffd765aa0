package io.vtopo.core.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.validate.Validator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Segment building for each L2 construct, and the L3 rules across segments. */
class ReachabilityTest {
  /**
   * Reads and validates a topology body (links, networks, vms), so every test input is a valid
   * file.
   */
  static Reachability of(String body) {
    return of(body, java.util.Set.of());
  }

  /**
   * Like {@link #of(String)}, tolerating the errors of {@code allowed} rules (the test says why).
   */
  static Reachability of(String body, java.util.Set<String> allowed) {
    // The constructs under test are meant up: links without a state get state: up (vtopo creates
    // links down).
    String flow =
        body.replaceAll(
            "\\{name: ([^,}]+), kind: (\\w+)(?![^}]*state:)", "{name: $1, kind: $2, state: up");
    return ofExactly(
        flow.replaceAll("(?m)^(\\s+)kind: (\\w+)$", "$1kind: $2\n$1state: up"), allowed);
  }

  /** Like {@link #of} but with the links' states exactly as written. */
  static Reachability ofExactly(String body) {
    return ofExactly(body, java.util.Set.of());
  }

  /**
   * Like {@link #ofExactly(String)}, tolerating the errors of {@code allowed} rules (the test says
   * why).
   */
  static Reachability ofExactly(String body, java.util.Set<String> allowed) {
    String text = "apiVersion: vtopo/v1\nname: t\n" + body;
    TopologyReader.Result r = TopologyReader.read("t.yaml", text.getBytes(StandardCharsets.UTF_8));
    Topology t = r.topology().orElseThrow(() -> new AssertionError(r.diagnostics().sorted()));
    var diags = Validator.validate(t, r.sources());
    assertThat(diags.sorted())
        .as("test topology must be valid")
        .noneMatch(
            d -> d.severity() == io.vtopo.core.diag.Severity.ERROR && !allowed.contains(d.rule()));
    return Reachability.of(t);
  }

  static String vm(String name, String attach, String extra) {
    return "  - {name: "
        + name
        + ", nics: [{name: eth0, "
        + attach
        + (extra.isEmpty() ? "" : ", " + extra)
        + "}]}\n";
  }

  @Test
  void vlanSubInterfacesSplitOneUplinkIntoSegments() {
    Reachability r =
        of(
            """
        links:
          - {name: eno1, kind: nic}
          - {name: eno1.10, kind: vlan, parent: eno1, id: 10}
          - {name: eno1.20, kind: vlan, parent: eno1, id: 20}
          - {name: br10, kind: bridge, ports: [eno1.10, tap-a, tap-c]}
          - {name: br20, kind: bridge, ports: [eno1.20, tap-b]}
          - {name: tap-a, kind: tap}
          - {name: tap-b, kind: tap}
          - {name: tap-c, kind: tap}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.1/24")
                + vm("b", "tap: tap-b", "ip: 192.0.2.2/24")
                + vm("c", "tap: tap-c", "ip: 192.0.2.3/24"));
    assertThat(r.segments())
        .extracting(Segment::title)
        .containsExactly("br10 (vlan 10 via eno1.10)", "br20 (vlan 20 via eno1.20)");
    Verdict ac = r.path("a", "c");
    assertThat(ac.reachable()).isTrue();
    assertThat(ac.hops())
        .containsExactly("a/eth0", "tap-a", "br10 (vlan 10 via eno1.10)", "tap-c", "c/eth0");
    Verdict ab = r.path("a", "b");
    assertThat(ab.reachable()).isFalse();
    assertThat(ab.explanation())
        .startsWith("breaks at eno1: a/eth0 is in vlan 10 (br10), b/eth0 in vlan 20 (br20)")
        .contains("the host has no address on br10");
  }

  @Test
  void toHostHoldsWhereTheHostHasAnAddressInTheVnicsSubnetOnItsSegment() {
    Reachability r =
        of(
            """
        links:
          - {name: br0, kind: bridge, addresses: [192.0.2.1/24], ports: [tap-a, tap-b]}
          - {name: br1, kind: bridge, ports: [tap-c]}
          - {name: tap-a, kind: tap}
          - {name: tap-b, kind: tap}
          - {name: tap-c, kind: tap}
        networks:
          - name: lab-nat
            mode: nat
            bridge: virbr-lab
            ips: [{address: 198.51.100.1/24, dhcp: {ranges: [{start: 198.51.100.100, end: 198.51.100.150}]}}]
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.10/24")
                + vm("b", "tap: tap-b", "ip: 203.0.113.10/24")
                + vm("c", "tap: tap-c", "ip: 192.0.2.30/24")
                + vm("d", "network: lab-nat", ""));
    Verdict a = r.check(new io.vtopo.core.model.Expectation("a", "host", true));
    assertThat(a.reachable()).as(a.text()).isTrue();
    assertThat(a.hops()).containsExactly("a/eth0", "br0 (host)");
    assertThat(a.explanation()).contains("192.0.2.1/24 on br0");
    Verdict b = r.path("b", "host");
    assertThat(b.reachable()).isFalse();
    assertThat(b.explanation()).contains("not in its subnet 203.0.113.0/24");
    Verdict c = r.path("c", "host");
    assertThat(c.reachable()).isFalse();
    assertThat(c.explanation()).contains("the host has no address on its segment");
    Verdict d = r.path("d", "host");
    assertThat(d.reachable()).as(d.text()).isTrue();
    assertThat(d.hops()).containsExactly("d/eth0", "virbr-lab (host)");
  }

  @Test
  void aDownTapCutsTheWayToTheHost() {
    Reachability r =
        ofExactly(
            """
        links:
          - {name: br0, kind: bridge, state: up, addresses: [192.0.2.1/24], ports: [tap-a]}
          - {name: tap-a, kind: tap, state: down}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.10/24"));
    assertThat(r.path("a", "host").reachable()).isFalse();
  }

  @Test
  void aVnicWithLinkDownReachesNothingAndIsNamedAsTheBreak() {
    Reachability r =
        ofExactly(
            """
        networks:
          - {name: iso, mode: isolated, ips: [{address: 198.51.100.1/24}]}
        vms:
        """
                + vm("a", "network: iso", "ip: 198.51.100.10/24, link: down")
                + vm("b", "network: iso", "ip: 198.51.100.11/24, link: up")
                + vm("c", "network: iso", "ip: 198.51.100.12/24"));
    Verdict ab = r.path("a", "b");
    assertThat(ab.reachable()).as(ab.text()).isFalse();
    assertThat(ab.explanation()).contains("vNIC a/eth0 has link: down");
    assertThat(r.path("c", "a").reachable()).isFalse();
    assertThat(r.path("a", "host").explanation()).contains("a/eth0: vNIC a/eth0 has link: down");
    assertThat(r.path("b", "c").reachable()).as("link: up is the default").isTrue();
    assertThat(r.path("b", "host").reachable()).isTrue();
  }

  @Test
  void aVlanOnABondRidesEveryPortAndJoinsTheSameVlanElsewhereOnTheWire() {
    // Two VLAN-10 sub-interfaces: one on the bond, one on a bridge that has the bond as a (trunk)
    // port.
    Reachability r =
        of(
            """
        links:
          - {name: eno1, kind: nic, master: bond0}
          - {name: eno2, kind: nic, master: bond0}
          - {name: bond0, kind: bond, mode: 802.3ad}
          - {name: br-trunk, kind: bridge, ports: [bond0]}
          - {name: br-trunk.10, kind: vlan, parent: br-trunk, id: 10}
          - {name: bond0.10, kind: vlan, parent: bond0, id: 10}
          - {name: br-a, kind: bridge, ports: [br-trunk.10, tap-a]}
          - {name: br-b, kind: bridge, ports: [bond0.10, tap-b]}
          - {name: tap-a, kind: tap}
          - {name: tap-b, kind: tap}
        vms:
        """
                + vm("a", "tap: tap-a", "")
                + vm("b", "tap: tap-b", ""));
    Verdict v = r.path("a", "b");
    assertThat(v.reachable()).as(v.text()).isTrue();
    assertThat(v.explanation()).contains("L2 only");
    assertThat(r.segments()).hasSize(1);
  }

  @Test
  void filteringBridgeSplitsByPvidAndTrunksCarryTheirVids() {
    Reachability r =
        of(
            """
        links:
          - name: br
            kind: bridge
            vlan-filtering: true
            ports:
              - {name: tap-a, pvid: 100}
              - {name: tap-b, pvid: 100}
              - {name: tap-c, pvid: 200}
              - tap-d
              - {name: ve-br, vids: [200]}
          - {name: tap-a, kind: tap}
          - {name: tap-b, kind: tap}
          - {name: tap-c, kind: tap}
          - {name: tap-d, kind: tap}
          - {name: ve-br, kind: veth, peer: ve-other}
          - {name: ve-other, kind: veth, peer: ve-br}
          - {name: ve-other.200, kind: vlan, parent: ve-other, id: 200}
          - {name: br-other, kind: bridge, ports: [ve-other.200, tap-e]}
          - {name: tap-e, kind: tap}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.1/24")
                + vm("b", "tap: tap-b", "ip: 192.0.2.2/24")
                + vm("c", "tap: tap-c", "ip: 192.0.2.3/24")
                + vm("d", "tap: tap-d", "ip: 192.0.2.4/24")
                + vm("e", "tap: tap-e", "ip: 192.0.2.5/24")
                + vm("f", "bridge: br", "vlan: 200, ip: 192.0.2.6/24"));
    assertThat(r.path("a", "b").reachable()).isTrue();
    Verdict ac = r.path("a", "c");
    assertThat(ac.reachable()).isFalse();
    assertThat(ac.explanation())
        .startsWith("breaks at br: a/eth0 is in vlan 100 (br vlan 100), c/eth0 in vlan 200");
    assertThat(r.path("d", "a").reachable())
        .as("no bridge-vlan: the kernel's default pvid 1")
        .isFalse();
    assertThat(r.endpoints("d").get(0).segment()).isEqualTo("br vlan 1");
    Verdict ce = r.path("c", "e");
    assertThat(ce.reachable())
        .as("vid 200 tagged over the veth trunk, untagged by ve-other.200")
        .isTrue();
    assertThat(ce.hops()).contains("ve-br vlan 200", "ve-other vlan 200", "ve-other.200");
    assertThat(r.path("f", "c").reachable())
        .as("a vNIC with vlan: 200 on a filtering bridge")
        .isTrue();
  }

  @Test
  void vethPairsJoinAndAPeerInAnotherNamespaceIsShown() {
    Reachability r =
        of(
            """
        links:
          - {name: br-a, kind: bridge, ports: [tap-a, ve-a]}
          - {name: br-b, kind: bridge, ports: [tap-b, ve-b]}
          - {name: ve-a, kind: veth, peer: ve-b}
          - {name: ve-b, kind: veth, peer: ve-a}
          - {name: ve-ns, kind: veth, peer: ns-end, peer-netns: probe, master: br-a}
          - {name: tap-a, kind: tap}
          - {name: tap-b, kind: tap}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.1/24")
                + vm("b", "tap: tap-b", "ip: 192.0.2.2/24"));
    Verdict v = r.path("a", "b");
    assertThat(v.reachable()).isTrue();
    assertThat(v.hops())
        .containsExactly(
            "a/eth0",
            "tap-a",
            "br-a (veth peer ns-end (netns probe))",
            "ve-a",
            "ve-b",
            "br-b (veth peer ns-end (netns probe))",
            "tap-b",
            "b/eth0");
  }

  @Test
  void vxlansWithTheSameVniAndPortJoin() {
    // One namespace cannot hold both vx1 and vx2 (vxlan.duplicate-vni: the kernel answers EEXIST);
    // the segment model
    // must still join them, as it joins the same VNI on two hosts.
    Reachability r =
        of(
            """
        links:
          - {name: eno1, kind: nic, addresses: [203.0.113.1/24]}
          - {name: vx1, kind: vxlan, vni: 42, remote: 203.0.113.2, dev: eno1, dstport: 4789, master: br-a}
          - {name: vx2, kind: vxlan, vni: 42, remote: 203.0.113.3, dev: eno1, dstport: 4789, master: br-b}
          - {name: vx3, kind: vxlan, vni: 43, remote: 203.0.113.3, dev: eno1, dstport: 4789, master: br-c}
          - {name: br-a, kind: bridge}
          - {name: br-b, kind: bridge}
          - {name: br-c, kind: bridge}
          - {name: tap-a, kind: tap, master: br-a}
          - {name: tap-b, kind: tap, master: br-b}
          - {name: tap-c, kind: tap, master: br-c}
        vms:
        """
                + vm("a", "tap: tap-a", "")
                + vm("b", "tap: tap-b", "")
                + vm("c", "tap: tap-c", ""),
            java.util.Set.of("vxlan.duplicate-vni"));
    assertThat(r.path("a", "b").reachable()).isTrue();
    Verdict ac = r.path("a", "c");
    assertThat(ac.reachable()).isFalse();
    assertThat(ac.explanation())
        .contains("different L2 segments")
        .contains("no address is known for a/eth0");
  }

  @Test
  void macvlanBridgeModeSharesPrivateAndVepaDoNot() {
    // A macvtap cannot be a bridge port (the kernel refuses it, rule port.kind), so vepa is shown
    // on a macvlan.
    Reachability r =
        of(
            """
        links:
          - {name: eno1, kind: nic}
          - {name: mv-a, kind: macvlan, parent: eno1, mode: bridge}
          - {name: mv-b, kind: macvlan, parent: eno1, mode: bridge}
          - {name: mv-p, kind: macvlan, parent: eno1, mode: private}
          - {name: mv-v, kind: macvlan, parent: eno1, mode: vepa}
          - {name: br-a, kind: bridge, ports: [mv-a, tap-a]}
          - {name: br-b, kind: bridge, ports: [mv-b, tap-b]}
          - {name: br-p, kind: bridge, ports: [mv-p, tap-p]}
          - {name: br-v, kind: bridge, ports: [mv-v, tap-v]}
          - {name: tap-a, kind: tap}
          - {name: tap-b, kind: tap}
          - {name: tap-p, kind: tap}
          - {name: tap-v, kind: tap}
        vms:
        """
                + vm("a", "tap: tap-a", "")
                + vm("b", "tap: tap-b", "")
                + vm("p", "tap: tap-p", "")
                + vm("v", "tap: tap-v", ""));
    Verdict ab = r.path("a", "b");
    assertThat(ab.reachable()).isTrue();
    assertThat(ab.hops()).contains("mv-a", "eno1 (macvlan bridge mode)", "mv-b");
    assertThat(r.path("a", "p").explanation())
        .startsWith("breaks at eno1: macvlan mv-p is in private mode");
    assertThat(r.path("v", "a").explanation())
        .startsWith("breaks at eno1: macvlan mv-v is in vepa mode")
        .contains("external switch");
  }

  @Test
  void aDownLinkSplitsTheSegmentAndIsNamed() {
    Reachability r =
        of(
            """
        links:
          - {name: br0, kind: bridge, ports: [tap-a, tap-b]}
          - {name: tap-a, kind: tap}
          - {name: tap-b, kind: tap, state: down}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.1/24")
                + vm("b", "tap: tap-b", "ip: 192.0.2.2/24"));
    Verdict v = r.path("a", "b");
    assertThat(v.reachable()).isFalse();
    assertThat(v.explanation()).startsWith("breaks at tap-b: link tap-b is down");
  }

  @Test
  void hostRoutesBetweenItsOwnSubnetsAndWarnsAboutMtu() {
    Reachability r =
        of(
            """
        links:
          - {name: br-a, kind: bridge, addresses: [192.0.2.1/24], mtu: 1500}
          - {name: br-b, kind: bridge, addresses: [198.51.100.1/24]}
          - {name: br-c, kind: bridge}
          - {name: tap-a, kind: tap, master: br-a, mtu: 9000}
          - {name: tap-x, kind: tap, master: br-a}
          - {name: tap-b, kind: tap, master: br-b}
          - {name: tap-c, kind: tap, master: br-c}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.10/24")
                + vm("b", "tap: tap-b", "ip: 198.51.100.10/24")
                + vm("c", "tap: tap-c", "ip: 203.0.113.10/24"));
    Verdict ab = r.path("a", "b");
    assertThat(ab.reachable()).isTrue();
    assertThat(ab.explanation())
        .contains("routed by the host")
        .contains("assuming net.ipv4.ip_forward=1");
    assertThat(ab.hops())
        .containsExactly(
            "a/eth0",
            "tap-a",
            "br-a",
            "host [192.0.2.1 -> 198.51.100.1]",
            "br-b",
            "tap-b",
            "b/eth0");
    assertThat(ab.warnings())
        .singleElement()
        .asString()
        .contains("MTU mismatch")
        .contains("tap-a 9000")
        .contains("br-a 1500");
    assertThat(r.path("a", "c").explanation())
        .contains("the host has no address on br-c")
        .contains("missing route");
    assertThat(r.reachesViaHost(r.segment("br-a").orElseThrow())).containsExactly("br-b");
  }

  @Test
  void aDeclaredRouteLeadsToASubnetBehindARouterOnTheSegment() {
    Reachability r =
        of(
            """
        links:
          - {name: br-a, kind: bridge, addresses: [192.0.2.1/24]}
          - name: br-b
            kind: bridge
            addresses: [198.51.100.1/24]
            routes: [{to: 203.0.113.0/24, via: 198.51.100.254}, {to: default, via: 198.51.100.253}]
          - {name: br-c, kind: bridge, routes: [{to: default, via: 198.51.100.253}]}
          - {name: tap-a, kind: tap, master: br-a}
          - {name: tap-b, kind: tap, master: br-b}
          - {name: tap-c, kind: tap, master: br-c}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.10/24")
                + vm("b", "tap: tap-b", "ip: 203.0.113.10/24")
                + vm("c", "tap: tap-c", "ip: 203.0.113.20/24"));
    Verdict ab = r.path("a", "b");
    assertThat(ab.reachable()).isTrue();
    assertThat(ab.hops()).contains("host [192.0.2.1 -> route 203.0.113.0/24 via 198.51.100.254]");
    assertThat(ab.explanation())
        .contains("by its declared route to 203.0.113.0/24 via 198.51.100.254 on br-b");
    assertThat(r.path("a", "c").explanation())
        .as("a default route does not lead to VMs on this host")
        .contains("no declared route to it there")
        .contains("missing route");
  }

  @Test
  void sameSegmentDifferentSubnetsNeedsARouter() {
    Reachability r =
        of(
            """
        links:
          - {name: br0, kind: bridge}
          - {name: tap-a, kind: tap, master: br0}
          - {name: tap-b, kind: tap, master: br0}
        vms:
        """
                + vm("a", "tap: tap-a", "ip: 192.0.2.10/24")
                + vm("b", "tap: tap-b", "ip: 198.51.100.10/24"));
    assertThat(r.path("a", "b").explanation()).contains("same L2 segment but different subnets");
  }

  static final String LIBVIRT =
      """
      links:
        - {name: eno1, kind: nic, addresses: [203.0.113.5/24]}
        - {name: br0, kind: bridge, addresses: [192.0.2.1/24]}
        - {name: tap-h, kind: tap, master: br0}
      networks:
        - {name: nat, mode: nat, bridge: virbr-nat, ips: [{address: 198.51.100.1/26}]}
        - {name: nat2, mode: nat, bridge: virbr-nat2, ips: [{address: 198.51.100.65/26}]}
        - {name: iso, mode: isolated, bridge: virbr-iso, ips: [{address: 198.51.100.129/26}]}
        - {name: routed, mode: route, bridge: virbr-rt, ips: [{address: 198.51.100.193/26}]}
      vms:
      """;

  @Test
  void libvirtNatIsOutboundOnlyIsolatedForwardsNothingRoutedBothWays() {
    Reachability r =
        of(
            LIBVIRT
                + vm("h", "tap: tap-h", "ip: 192.0.2.10/24")
                + vm("n", "network: nat", "ip: 198.51.100.10/26")
                + vm("n2", "network: nat2", "ip: 198.51.100.70/26")
                + vm("i", "network: iso", "ip: 198.51.100.130/26")
                + vm("i2", "network: iso", "ip: 198.51.100.131/26")
                + vm("rt", "network: routed", "ip: 198.51.100.200/26"));
    assertThat(r.path("n", "h").reachable()).as("nat outbound").isTrue();
    assertThat(r.path("n", "h").explanation()).contains("masqueraded by libvirt nat nat");
    Verdict in = r.path("h", "n");
    assertThat(in.reachable()).as("nat inbound").isFalse();
    assertThat(in.explanation())
        .contains("libvirt network nat is nat: it accepts no inbound connections");
    assertThat(r.path("n", "n2").reachable())
        .as("nat to another nat network is inbound there")
        .isFalse();
    assertThat(r.path("n", "rt").reachable()).isTrue();
    assertThat(r.path("rt", "h").reachable()).isTrue();
    assertThat(r.path("h", "rt").reachable()).isTrue();
    assertThat(r.path("i", "i2").reachable()).isTrue();
    assertThat(r.path("i", "h").explanation())
        .contains("libvirt network iso is isolated: nothing is forwarded off it");
    assertThat(r.path("h", "i").explanation()).contains("isolated: nothing is forwarded onto it");
  }

  @Test
  void forwardDevRestrictsRoutedAndNatNetworks() {
    Reachability r =
        of(
            """
        links:
          - {name: eno1, kind: nic, addresses: [203.0.113.5/24]}
          - {name: br0, kind: bridge, addresses: [192.0.2.1/24]}
          - {name: tap-h, kind: tap, master: br0}
        networks:
          - {name: dmz, mode: route, bridge: virbr-dmz, forward-dev: eno1, ips: [{address: 198.51.100.1/24}]}
        vms:
        """
                + vm("h", "tap: tap-h", "ip: 192.0.2.10/24")
                + vm("d", "network: dmz", "ip: 198.51.100.10/24"));
    assertThat(r.path("d", "h").explanation())
        .contains("forwards only out through eno1, not through br0 (the host's interface on br0)");
    assertThat(r.path("h", "d").explanation()).contains("accepts forwarded traffic only from eno1");
  }

  @Test
  void dhcpReservationsAndRangesGiveVnicsTheirSubnet() {
    Reachability r =
        of(
            """
        networks:
          - name: nat
            mode: nat
            ips:
              - address: 192.0.2.1/24
                dhcp:
                  ranges: [{start: 192.0.2.100, end: 192.0.2.200}]
                  hosts: [{mac: "52:54:00:00:00:01", ip: 192.0.2.11}]
        vms:
        """
                + vm("a", "network: nat", "mac: \"52:54:00:00:00:01\"")
                + vm("b", "network: nat", ""));
    assertThat(r.endpoints("a").get(0).describe())
        .isEqualTo("a/eth0 192.0.2.11/24 (dhcp reservation)");
    assertThat(r.endpoints("b").get(0).describe()).isEqualTo("b/eth0 dhcp in 192.0.2.0/24");
    assertThat(r.path("a", "b").explanation()).isEqualTo("same L2 segment, subnet 192.0.2.0/24");
  }

  @Test
  void unknownVmsAndNicsAreRefused() {
    Reachability r = of("links:\n  - {name: tap-a, kind: tap}\nvms:\n" + vm("a", "tap: tap-a", ""));
    assertThatThrownBy(() -> r.path("a", "zz")).hasMessageContaining("no VM named 'zz'");
    assertThatThrownBy(() -> r.path("a/eth9", "a")).hasMessageContaining("has no vNIC 'eth9'");
    assertThat(r.path("a/eth0", "a/0").reachable()).isTrue();
  }

  @Test
  void aCreatedLinkWithoutStateIsDownAfterApplyAndSplitsTheSegment() {
    // Found by check --live: apply leaves an unset state as it is and the kernel creates links
    // down, so a bridge
    // declared without state: forwards nothing. A NIC without state is taken as it is (up).
    String body =
        """
        links:
          - {name: eno1, kind: nic, master: br-a}
          - {name: br-a, kind: bridge, ports: [tap-a, tap-b]}
          - {name: tap-a, kind: tap, state: up}
          - {name: tap-b, kind: tap, state: up}
        vms:
        """
            + vm("a", "tap: tap-a", "ip: 192.0.2.1/24")
            + vm("b", "tap: tap-b", "ip: 192.0.2.2/24");
    Verdict v = ofExactly(body).path("a", "b");
    assertThat(v.reachable()).as(v.text()).isFalse();
    assertThat(v.explanation())
        .startsWith(
            "breaks at br-a: link br-a is down (no state: in the file, and vtopo"
                + " creates links down)");
    Verdict up =
        ofExactly(body.replace("kind: bridge,", "kind: bridge, state: up,")).path("a", "b");
    assertThat(up.reachable()).as(up.text()).isTrue();
  }
}
