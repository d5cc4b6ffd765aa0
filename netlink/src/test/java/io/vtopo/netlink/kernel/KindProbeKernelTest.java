package io.vtopo.netlink.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.backend.KernelHostFacts;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plan's link-kind probe agrees with iproute2 on the running kernel: a kind {@code ip link add}
 * creates is supported, a kind it answers "Unknown device type" for is reported with that reason;
 * each kind is probed once.
 */
class KindProbeKernelTest extends KernelTestBase {
  /** The iproute2 command that creates a link of each kind, run in a fresh namespace of its own. */
  static final Map<String, String> IP = new LinkedHashMap<>();

  static {
    IP.put("bridge", "ip link add p0 type bridge");
    IP.put("veth", "ip link add p0 type veth peer name p1");
    IP.put("vxlan", "ip link add p0 type vxlan id 5 dstport 4789");
    IP.put("macvlan", "ip link add b0 type bridge && ip link add link b0 name p0 type macvlan");
    IP.put("macvtap", "ip link add b0 type bridge && ip link add link b0 name p0 type macvtap");
    IP.put("vlan", "ip link add b0 type bridge && ip link add link b0 name p0 type vlan id 5");
    IP.put("bond", "ip link add p0 type bond");
    IP.put("dummy", "ip link add p0 type dummy");
  }

  record Ip(int exit, String err) {}

  static Ip ip(String script) throws Exception {
    Process p =
        new ProcessBuilder("unshare", "-n", "sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Ip(p.waitFor(), out);
  }

  @Test
  void theProbeAgreesWithIproute2OnEveryKind() throws Exception {
    KernelHostFacts facts = KernelHostFacts.get();
    for (Map.Entry<String, String> e : IP.entrySet()) {
      Ip oracle = ip(e.getValue());
      Optional<String> why = facts.unsupportedLinkKind(e.getKey());
      if (oracle.exit() == 0) {
        assertThat(why).as("%s: ip created it", e.getKey()).isEmpty();
      } else {
        assertThat(oracle.err())
            .as("%s: why ip failed", e.getKey())
            .contains("Unknown device type");
        assertThat(why)
            .as("%s: ip says %s", e.getKey(), oracle.err().strip())
            .hasValueSatisfying(
                w -> assertThat(w).contains("Unknown device type").contains("type " + e.getKey()));
      }
    }
    // Kinds that are not made with rtnetlink are never probed, and nothing is probed twice.
    int probes = facts.probes();
    assertThat(facts.unsupportedLinkKind("nic")).isEmpty();
    assertThat(facts.unsupportedLinkKind("tap")).isEmpty();
    IP.keySet().forEach(facts::unsupportedLinkKind);
    assertThat(facts.probes()).isEqualTo(probes);
  }
}
