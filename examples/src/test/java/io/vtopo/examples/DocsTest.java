package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.testsupport.RuleIds;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The docs keep up with the code: every rule id the validator can report is documented. */
class DocsTest {
  private static final Pattern RULE =
      Pattern.compile(
          "\"((?:schema|yaml|file|name|ref|port|master|bond|bridge|vlan|mtu|vxlan|veth|macvlan|address|subnet|route|mac|network"
              + "|portgroup|dhcp|pool|volume|tap|vnic|vm|expect)\\.[a-z-]+)\"");

  @Test
  void everyRuleIdIsDocumented() {
    Set<String> rules =
        RuleIds.in(RuleIds.javaSources(Path.of("../topology-core/src/main/java")), RULE);
    assertThat(rules).hasSizeGreaterThan(50);
    assertThat(RuleIds.undocumented(rules, Path.of("../docs/validation.md")))
        .as("rule ids docs/validation.md does not document")
        .isEmpty();
  }
}
