package io.vtopo.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.reach.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Paths across hosts: every hop names its host, the tunnel hop both underlay ends; hosts do not
 * route overlays.
 */
class FleetReachTest {
  private static final String FLEET =
      """
      apiVersion: vtopo-fleet/v1
      name: t
      hosts:
        - {name: a, underlay: {dev: eno1, address: 203.0.113.1/24}}
        - {name: b, underlay: {dev: eno1, address: 203.0.113.2/24}}
      segments:
        - {name: app, vni: 10, subnet: 192.0.2.0/24, addresses: {a: 192.0.2.1/24}}
        - {name: db, vni: 20, subnet: 198.51.100.0/24, addresses: {b: 198.51.100.1/24}}
        - {name: ops, vni: 30, subnet: 198.18.0.0/24, hosts: [a, b], addresses: {a: 198.18.0.1/24}}
      vms:
        - {name: w1, host: a, nics: [{segment: app, ip: 192.0.2.10/24}]}
        - {name: w2, host: b, nics: [{segment: app, ip: 192.0.2.20/24}]}
        - {name: d2, host: b, nics: [{segment: db, ip: 198.51.100.20/24}]}
        - {name: o2, host: b, nics: [{segment: ops, ip: 198.18.0.20/24}]}
      """;

  private static FleetReach reach(String yaml) {
    FleetReader.Result r =
        FleetReader.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), Path.of("."));
    var d = r.diagnostics();
    r.fleet().ifPresent(f -> d.addAll(FleetChecks.check(f, r.sources(), r.hostSources())));
    assertThat(d.hasErrors())
        .as(d.sorted().stream().map(Diagnostic::format).collect(Collectors.joining("\n")))
        .isFalse();
    return FleetReach.of(r.fleet().orElseThrow(), r.sources(), r.hostSources());
  }

  @Test
  void aPathAcrossTheTunnelNamesTheHostOfEveryHop() {
    Verdict v = reach(FLEET).path("w1", "w2");
    assertThat(v.reachable()).isTrue();
    assertThat(v.hops())
        .containsExactly(
            "a: w1/nic0",
            "a: tap-w1",
            "a: br-app (vxlan vni 10)",
            "a: vx10",
            "underlay: vxlan vni 10, head-end: a (203.0.113.1) -> b (203.0.113.2)",
            "b: vx10",
            "b: br-app (vxlan vni 10)",
            "b: tap-w2",
            "b: w2/nic0");
    assertThat(v.explanation()).isEqualTo("same L2 segment, subnet 192.0.2.0/24");
  }

  @Test
  void aHostRoutesBetweenTheSegmentsItHasAddressesOn() {
    // Host a has addresses on app and on ops (which spans b too): w1 -> a routes -> ops -> tunnel
    // -> o2 on b.
    Verdict v = reach(FLEET).path("w1", "o2");
    assertThat(v.reachable()).as(v.text()).isTrue();
    assertThat(String.join(" | ", v.hops()))
        .contains("a: host [192.0.2.1 -> 198.18.0.1]")
        .contains("b: o2/nic0");
  }

  @Test
  void hostsDoNotRouteEachOthersOverlays() {
    // app's gateway is on a, db's on b: nothing routes between them.
    Verdict v = reach(FLEET).path("w1", "d2");
    assertThat(v.reachable()).as(v.text()).isFalse();
  }

  @Test
  void hostIsAmbiguousInAFleet() {
    assertThatThrownBy(() -> reach(FLEET).path("w1", "host")).hasMessageContaining("ambiguous");
  }
}
