package io.vtopo.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/fleet.md documents every fleet rule id the checks can report. */
class FleetDocsTest {
  @Test
  void everyFleetRuleIsDocumented() throws Exception {
    Set<String> rules = new TreeSet<>();
    for (String f : new String[] {"FleetChecks.java", "FleetRender.java"}) {
      Matcher m =
          Pattern.compile("\"(fleet\\.[a-z-]+)\"")
              .matcher(Files.readString(Path.of("src/main/java/io/vtopo/fleet").resolve(f)));
      while (m.find()) {
        rules.add(m.group(1));
      }
    }
    assertThat(rules).hasSizeGreaterThan(15);
    String doc = Files.readString(Path.of("../docs/fleet.md"));
    assertThat(rules)
        .allSatisfy(
            r -> assertThat(doc).as("docs/fleet.md documents %s", r).contains("`" + r + "`"));
  }
}
