package io.vtopo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.testsupport.Golden;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plan shows model values in the file's spelling, never a Java {@code toString()}: a plan that
 * changes every field of links, networks (NAT ranges, IP blocks with DHCP hosts by MAC and DUID,
 * DNS, port groups), every pool type's source and volumes is free of record ({@code
 * IscsiSource[host=...]}) and object ({@code Foo@1a2b}) forms, and matches its golden.
 */
class PlanValuesTextTest {
  static final Path DIR = Path.of("src/test/resources/plan-values");

  /** {@code Name[field=} (a record's generated form) or {@code Name@hex} (Object's). */
  static final Pattern JAVA_TO_STRING =
      Pattern.compile("\\b[A-Z][A-Za-z0-9]*(\\[[a-z][A-Za-z0-9]*=|@[0-9a-f]{3,})");

  @Test
  void everyFieldTypeIsShownAsAModelValue() {
    HostState live = GoldenPlanTest.host(DIR.resolve("current.yaml"), DIR.resolve("none.yaml"));
    Topology desired = GoldenPlanTest.read(DIR.resolve("desired.yaml"));
    Plan plan =
        Planner.plan(
            desired,
            live,
            new PlanOptions(true, true, true, java.util.Set.of(), PlanOptions::simple, false));
    String text = PlanRenderer.text(plan);
    assertThat(JAVA_TO_STRING.matcher(text).results().map(m -> m.group()).toList())
        .as(text)
        .isEmpty();
    // Every pool's source change is in the plan, in the file's spelling.
    for (Pool p : desired.pools()) {
      assertThat(text).contains("pool:" + p.name());
    }
    assertThat(text)
        .contains("iqn: iqn.2024-01.org.example:a -> iqn.2024-01.org.example:c")
        .contains("ports 2048-65000")
        .contains("host fd00:2::5");
    Golden.check(DIR.resolve("plan.txt"), text);
  }

  @Test
  void theCheckCatchesJavaForms() {
    assertThat(JAVA_TO_STRING.matcher("source: IscsiSource[host=a, port=1]").find()).isTrue();
    assertThat(JAVA_TO_STRING.matcher("x: io.vtopo.Foo@1a2b3c").find()).isTrue();
    assertThat(JAVA_TO_STRING.matcher("ips: [198.18.0.1/24 dhcp a-b]").find()).isFalse();
  }
}
