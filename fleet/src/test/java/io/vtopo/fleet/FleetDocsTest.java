package io.vtopo.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.testsupport.RuleIds;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/fleet.md documents every fleet rule id the checks can report. */
class FleetDocsTest {
  @Test
  void everyFleetRuleIsDocumented() {
    Path src = Path.of("src/main/java/io/vtopo/fleet");
    Set<String> rules =
        RuleIds.in(
            List.of(src.resolve("FleetChecks.java"), src.resolve("FleetRender.java")),
            Pattern.compile("\"(fleet\\.[a-z-]+)\""));
    assertThat(rules).hasSizeGreaterThan(15);
    assertThat(RuleIds.undocumented(rules, Path.of("../docs/fleet.md")))
        .as("fleet rule ids docs/fleet.md does not document")
        .isEmpty();
  }
}
