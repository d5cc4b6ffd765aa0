package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The docs keep up with the code: every rule id the validator can report is documented. */
class DocsTest {
  private static final Pattern RULE =
      Pattern.compile(
          "\"((?:schema|yaml|file|name|ref|port|master|bond|bridge|vlan|mtu|vxlan|veth|macvlan|address|subnet|route|mac|network"
              + "|portgroup|dhcp|pool|volume|tap|vnic|vm|expect)\\.[a-z-]+)\"");

  @Test
  void everyRuleIdIsDocumented() throws IOException {
    Set<String> rules = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("../topology-core/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = RULE.matcher(Files.readString(f));
        while (m.find()) {
          rules.add(m.group(1));
        }
      }
    }
    assertThat(rules).hasSizeGreaterThan(50);
    String doc = Files.readString(Path.of("../docs/validation.md"));
    assertThat(rules)
        .allSatisfy(
            r -> assertThat(doc).as("docs/validation.md documents %s", r).contains("`" + r + "`"));
  }
}
