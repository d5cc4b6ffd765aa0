package io.vtopo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.reach.LivePlan;
import io.vtopo.core.reach.LivePlan.Facts;
import io.vtopo.core.reach.LivePlan.Pairs;
import io.vtopo.core.reach.LiveReport;
import io.vtopo.core.reach.LiveReport.Observation;
import io.vtopo.core.reach.Reachability;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live check report shows every disagreement with the static path that predicted otherwise. */
class LiveReportRendererTest {
  static final String FILE =
      """
      apiVersion: vtopo/v1
      name: t
      links:
        - {name: br0, kind: bridge, state: up, ports: [tap-a, tap-b], addresses: [192.0.2.1/24]}
        - {name: tap-a, kind: tap, state: up}
        - {name: tap-b, kind: tap, state: up}
      vms:
        - {name: a, nics: [{name: eth0, tap: tap-a, ip: 192.0.2.11/24}]}
        - {name: b, nics: [{name: eth0, tap: tap-b, ip: 192.0.2.12/24}]}
      expect:
        - {from: a, to: b, reachable: true}
      """;

  @Test
  void aDisagreementIsPrintedWithItsStaticPath() {
    var t =
        TopologyReader.read("t.yaml", FILE.getBytes(StandardCharsets.UTF_8))
            .topology()
            .orElseThrow();
    LivePlan p =
        LivePlan.of(
            Reachability.of(t),
            new Facts(
                Map.of("tap-a", "br0", "tap-b", "br0"),
                Map.of(),
                false,
                Set.of(),
                (side, v6) -> true),
            Pairs.INTENTS);
    LiveReport bad =
        new LiveReport(p, List.of(new Observation(false, "no reply within 1000 ms")), List.of());
    assertThat(LiveReportRenderer.text(bad))
        .contains("DISAGREE a/eth0 -> b/eth0: predicted reachable, observed not reachable")
        .contains("static path: a/eth0 -> tap-a -> br0 -> tap-b -> b/eth0: reachable");
    assertThat(LiveReportRenderer.json(bad))
        .contains("\"agree\" : false")
        .contains("\"disagree\" : 1");
  }
}
