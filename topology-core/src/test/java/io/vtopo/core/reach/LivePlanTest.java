package io.vtopo.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.reach.LivePlan.Check;
import io.vtopo.core.reach.LivePlan.Facts;
import io.vtopo.core.reach.LivePlan.Pairs;
import io.vtopo.core.reach.LivePlan.Probe;
import io.vtopo.core.reach.LivePlan.Side;
import io.vtopo.core.reach.LiveReport.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What check --live probes, where, with which address, and how observations are judged (no host
 * needed).
 */
class LivePlanTest {
  static final String BODY =
      """
      links:
        - {name: br0, kind: bridge, state: up, ports: [tap-a, tap-b], addresses: [192.0.2.1/24]}
        - {name: tap-a, kind: tap, state: up}
        - {name: tap-b, kind: tap, state: up}
        - {name: tap-x, kind: tap, state: up}
      networks:
        - name: nat
          mode: nat
          bridge: virbr-x
          ips:
            - address: 198.51.100.1/24
              dhcp:
                ranges: [{start: 198.51.100.100, end: 198.51.100.254}]
                hosts: [{mac: "52:54:00:00:00:03", name: c, ip: 198.51.100.3}]
      vms:
      """
          + ReachabilityTest.vm("a", "tap: tap-a, mac: \"52:54:00:00:00:01\"", "ip: 192.0.2.11/24")
          + ReachabilityTest.vm("b", "tap: tap-b", "ip: 192.0.2.12/24")
          + ReachabilityTest.vm("c", "network: nat, mac: \"52:54:00:00:00:03\"", "")
          + ReachabilityTest.vm("d", "network: nat, mac: \"52:54:00:00:00:04\"", "")
          + ReachabilityTest.vm("x", "tap: tap-x", "ip: 192.0.2.99/24")
          + """
      expect:
        - {from: a, to: b, reachable: true}
      """;

  static Facts facts(boolean split, boolean forwarding) {
    return new Facts(
        Map.of("tap-a", "br0", "tap-b", "br0"),
        Map.of("nat", "virbr-live"),
        split,
        Set.of("tap-b"),
        (side, v6) -> forwarding);
  }

  @Test
  void aRunningGuestIsPingedAtItsRealAddressAndNeverStoodIn() {
    Facts base = facts(false, true);
    var real = io.vtopo.core.model.IpPrefix.parse("198.51.100.150/24").orElseThrow();
    var macC = io.vtopo.core.model.MacAddress.parse("52:54:00:00:00:03").orElseThrow();
    Facts f =
        new Facts(
            base.tapMasters(),
            base.networkBridges(),
            false,
            base.downLinks(),
            base.forwarding(),
            // c runs with a lease that is not its reservation; d runs with no address known.
            Map.of("c", Map.of(macC, real), "d", Map.of()));
    LivePlan p = LivePlan.of(ReachabilityTest.ofExactly(BODY), f, Pairs.ALL);
    Probe c = p.probes().stream().filter(x -> x.label().equals("c/eth0")).findFirst().orElseThrow();
    assertThat(c.guest()).isTrue();
    assertThat(c.address()).as("the real address, not the reservation").isEqualTo(real);
    assertThat(c.addressSource()).contains("running guest");
    assertThat(p.probes()).extracting(Probe::label).doesNotContain("d/eth0");
    assertThat(p.unprobed())
        .anySatisfy(
            u -> {
              assertThat(u.label()).isEqualTo("d/eth0");
              assertThat(u.reason()).contains("never stood in for");
            });
    for (Check k : p.checks()) {
      if (k.from().guest()) {
        assertThat(k.skip()).as(k.title()).isEqualTo(LivePlan.FROM_GUEST);
      }
      if (k.to() != null && k.to().guest()) {
        assertThat(k.target()).isEqualTo(real.address());
      }
    }
    assertThat(p.checks()).anyMatch(k -> k.to() == c && k.skip() == null);
  }

  @Test
  void probesStandInForEachVnicWithItsAddressGatewayAndBridge() {
    LivePlan p = LivePlan.of(ReachabilityTest.ofExactly(BODY), facts(false, true), Pairs.ALL);
    List<Probe> probes = p.probes();
    assertThat(probes)
        .extracting(Probe::label)
        .containsExactly("a/eth0", "b/eth0", "c/eth0", "d/eth0");
    Probe a = probes.get(0);
    assertThat(a.address()).hasToString("192.0.2.11/24");
    assertThat(a.gateway()).hasToString("192.0.2.1");
    assertThat(a.bridge()).isEqualTo("br0");
    assertThat(a.side()).isEqualTo(Side.TOPOLOGY);
    assertThat(a.mac()).hasToString("52:54:00:00:00:01");
    assertThat(a.up()).isTrue();
    // tap-b is down on the host: its stand-in stays down too.
    assertThat(probes.get(1).up()).isFalse();
    Probe c = probes.get(2);
    assertThat(c.address()).hasToString("198.51.100.3/24");
    assertThat(c.addressSource()).isEqualTo("dhcp reservation");
    assertThat(c.bridge()).isEqualTo("virbr-live");
    assertThat(c.side()).isEqualTo(Side.ROOT);
    // No reservation: the highest free address below the DHCP range's start... the range ends at
    // .254, so .99.
    Probe d = probes.get(3);
    assertThat(d.addressSource()).isEqualTo("picked outside the DHCP range");
    assertThat(d.address()).hasToString("198.51.100.99/24");
    assertThat(d.gateway()).hasToString("198.51.100.1");
    assertThat(p.unprobed()).extracting(LivePlan.Unprobed::label).containsExactly("x/eth0");
    assertThat(p.unprobed().get(0).reason()).contains("TAP tap-x is not a port of a bridge");
  }

  @Test
  void pairsAcrossSplitNamespacesOrNeedingForwardingThatIsOffAreNotProbed() {
    LivePlan split = LivePlan.of(ReachabilityTest.ofExactly(BODY), facts(true, true), Pairs.ALL);
    Check ac = find(split, "a/eth0 -> c/eth0");
    assertThat(ac.predicted()).isFalse();
    assertThat(ac.skip()).contains("nothing routes between the two namespaces");
    Check ca = find(split, "c/eth0 -> a/eth0");
    assertThat(ca.predicted()).isTrue();
    assertThat(ca.skip()).isNotNull();
    LivePlan noFwd = LivePlan.of(ReachabilityTest.ofExactly(BODY), facts(false, false), Pairs.ALL);
    assertThat(find(noFwd, "c/eth0 -> a/eth0").skip())
        .contains("net.ipv4.ip_forward=1), and it is 0");
    assertThat(find(noFwd, "a/eth0 -> b/eth0").skip()).isNull();
    assertThat(find(noFwd, "a/eth0 -> gateway 192.0.2.1").predicted()).isTrue();
    LivePlan intents =
        LivePlan.of(ReachabilityTest.ofExactly(BODY), facts(false, true), Pairs.INTENTS);
    assertThat(intents.checks()).extracting(Check::title).containsExactly("a/eth0 -> b/eth0");
  }

  @Test
  void reportCountsDisagreementsAndShowsTheStaticPath() {
    LivePlan p = LivePlan.of(ReachabilityTest.ofExactly(BODY), facts(false, true), Pairs.INTENTS);
    LiveReport agree =
        new LiveReport(p, List.of(new Observation(true, "reply in 0.1 ms")), List.of());
    assertThat(agree.disagreements()).isZero();
    assertThat(agree.failedIntents()).isZero();
    List<Observation> no = new ArrayList<>();
    no.add(new Observation(false, "no reply within 1000 ms"));
    LiveReport bad = new LiveReport(p, no, List.of());
    assertThat(bad.disagreements()).isEqualTo(1);
    assertThat(bad.failedIntents()).isEqualTo(1);
  }

  static Check find(LivePlan p, String title) {
    return p.checks().stream()
        .filter(c -> c.title().equals(title))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    title + " not in " + p.checks().stream().map(Check::title).toList()));
  }
}
