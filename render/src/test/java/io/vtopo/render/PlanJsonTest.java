package io.vtopo.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import org.junit.jupiter.api.Test;

/** {@code plan -o json} is JSON a program can read: every step, its changes, the counts. */
class PlanJsonTest {
  @Test
  void aPlanParsesBackWithItsStepsChangesAndCounts() throws Exception {
    var live = PlanOverlayTest.applied(PlanOverlayTest.read(PlanOverlayTest.BOTH_ON_BR10));
    Topology moved =
        PlanOverlayTest.read(
            PlanOverlayTest.HEAD
                + "  - {name: br10, kind: bridge, stp: false, ports: [eno1.10, tap-a], addresses: [192.0.2.1/24], mtu: 1400}\n"
                + "  - {name: tap-b, kind: tap, vnet-hdr: true}\n");
    JsonNode j =
        new ObjectMapper().readTree(PlanJson.of(Planner.plan(moved, live, PlanOptions.defaults())));
    assertThat(j.get("topology").asText()).isEqualTo("lab");
    assertThat(j.get("changes").asBoolean()).isTrue();
    JsonNode br = null;
    for (JsonNode s : j.get("steps")) {
      if (s.get("id").asText().equals("link:br10")) {
        br = s;
      }
    }
    assertThat(br).isNotNull();
    assertThat(br.get("action").asText()).isEqualTo("modify");
    assertThat(br.get("changes").findValuesAsText("field")).contains("mtu");
    assertThat(j.get("counts").get("modify").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(j.get("refusals").isArray()).isTrue();
  }
}
