package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.examples.GoldenTest.Run;
import org.junit.jupiter.api.Test;

/**
 * {@code vtopo path} exit codes and output, and the HTML drawing, run in-process on the examples.
 */
class ReachCommandsTest {
  @Test
  void pathPrintsHopsAndExitsZeroWhenReachable() {
    Run r = GoldenTest.vtopo("path", "lab-two-vlans.yaml", "app1", "app2");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "app1/eth0 -> tap-app1 -> br-app (vlan 100 via eno1.100) -> tap-app2 -> app2/eth0:"
                + " reachable (same L2 segment, subnet 192.0.2.0/24)\n");
  }

  @Test
  void pathExplainsTheBreakAndExitsOne() {
    Run r = GoldenTest.vtopo("path", "lab-two-vlans.yaml", "app1", "db1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .startsWith(
            "app1 -> db1: not reachable: breaks at eno1: app1/eth0 is in vlan 100 (br-app),"
                + " db1/eth0 in vlan 200 (br-data)");
  }

  @Test
  void pathRoutesThroughTheHostAndAcceptsOneVnic() {
    Run r = GoldenTest.vtopo("path", "bond-vlan-bridges.yaml", "web1/eth0", "db1");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("-> host [192.0.2.2 -> 198.51.100.2] ->")
        .contains("assuming net.ipv4.ip_forward=1");
  }

  @Test
  void pathRefusesUnknownVms() {
    Run r = GoldenTest.vtopo("path", "lab-two-vlans.yaml", "app1", "nosuch");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no VM named 'nosuch'");
  }

  @Test
  void checkJsonCarriesEveryExpectation() {
    Run r = GoldenTest.vtopo("check", "--output", "json", "lab-two-vlans.yaml");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("\"passed\" : 5")
        .contains("\"failed\" : 0")
        .contains("\"id\" : \"br-app\"");
  }

  @Test
  void graphHtmlIsOnePageWithTheSvgInside() {
    Run r = GoldenTest.vtopo("graph", "--output", "html", "vlan-filtering-bridge.yaml");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .startsWith("<!DOCTYPE html>")
        .contains("<svg")
        .contains("pvid 100")
        .endsWith("</html>\n");
  }
}
