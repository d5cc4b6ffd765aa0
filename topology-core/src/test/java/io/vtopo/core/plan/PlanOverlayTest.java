package io.vtopo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plan drawing marks each step's object with its state. */
class PlanOverlayTest {
  @Test
  void creationsModificationsAndDeletionsAreDrawnDistinctly() {
    Path c = Path.of("src/test/resources/plans/09-tap-moves-to-another-bridge");
    var live = GoldenPlanTest.host(c.resolve("current.yaml"), c.resolve("foreign.yaml"));
    var desired = GoldenPlanTest.read(c.resolve("desired.yaml"));
    Plan p = Planner.plan(desired, live, PlanOptions.defaults());
    String svg = PlanOverlay.svg(desired, p);
    assertThat(svg).contains("<title>link:br20 [created]</title>").contains("<title>link:tap-b [modified]</title>")
        .contains("stroke=\"#2ca02c\" stroke-width=\"3\"");
    Path d = Path.of("src/test/resources/plans/05-removed-link-is-deleted");
    var live2 = GoldenPlanTest.host(d.resolve("current.yaml"), d.resolve("foreign.yaml"));
    var desired2 = GoldenPlanTest.read(d.resolve("desired.yaml"));
    String svg2 = PlanOverlay.svg(desired2, Planner.plan(desired2, live2, PlanOptions.defaults()));
    assertThat(svg2).contains("<title>link:tap-b [deleted]</title>").contains("stroke-dasharray=\"6 3\"");
    assertThat(svg2).isEqualTo(PlanOverlay.svg(desired2, Planner.plan(desired2, live2, PlanOptions.defaults())));
  }
}
