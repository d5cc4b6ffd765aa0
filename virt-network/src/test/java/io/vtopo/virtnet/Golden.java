package io.vtopo.virtnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden, compared through test-support's {@code Golden}
 * ({@code -Dvtopo.updateGolden=true} rewrites them).
 */
final class Golden {
  static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  static String read(String name) {
    try {
      return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void check(String name, String actual) {
    check(DIR, name, actual);
  }

  /** Like {@link #check(String, String)} for a golden file in another directory. */
  static void check(Path dir, String name, String actual) {
    io.vtopo.testsupport.Golden.check(dir.resolve(name), actual);
  }

  /** The single network of a golden topology file. */
  static Network network(String yamlName) {
    TopologyReader.Result r =
        TopologyReader.read(yamlName, read(yamlName).getBytes(StandardCharsets.UTF_8));
    assertThat(r.diagnostics().hasErrors())
        .as("%s: %s", yamlName, r.diagnostics().sorted())
        .isFalse();
    Topology t = r.topology().orElseThrow();
    return t.networks().get(0);
  }

  /** A stable, line-per-field text of a parsed network for golden comparison. */
  static String describe(ParsedNetwork p) {
    Network n = p.network();
    StringBuilder sb = new StringBuilder();
    line(sb, "name", n.name());
    line(sb, "owner", p.owner());
    line(sb, "uuid", p.uuid());
    line(sb, "mode", n.mode());
    line(sb, "bridge", n.bridge());
    line(sb, "stp", n.stp());
    line(sb, "delay", n.delay());
    line(sb, "mac", n.mac());
    line(sb, "mtu", n.mtu());
    line(sb, "domain", n.domain());
    line(sb, "forwardDev", n.forwardDev());
    line(sb, "nat", n.nat());
    sb.append("ips:\n");
    for (NetworkIp ip : n.ips()) {
      sb.append("  - ").append(ip.address()).append('\n');
      ip.dhcpRanges().forEach(r -> sb.append("      range ").append(r).append('\n'));
      ip.dhcpHosts().forEach(h -> sb.append("      host ").append(h).append('\n'));
    }
    line(sb, "dns", n.dns());
    line(sb, "portGroups", n.portGroups());
    sb.append("unmodelled:\n");
    p.unmodelled().forEach(u -> sb.append("  - ").append(u).append('\n'));
    return sb.toString();
  }

  private static void line(StringBuilder sb, String k, Object v) {
    sb.append(k).append(": ").append(v).append('\n');
  }
}
