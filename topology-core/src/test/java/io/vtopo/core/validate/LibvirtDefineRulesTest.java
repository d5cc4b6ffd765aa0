package io.vtopo.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.io.TopologyReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Validation predicts what libvirt 9 refuses when a network or pool is defined (each case checked
 * against {@code virsh -c test:///default net-define}), and accepts what it accepts, so that
 * exports of real hosts validate.
 */
class LibvirtDefineRulesTest {
  private static List<String> diags(String networksAndPools) {
    String yaml = "apiVersion: vtopo/v1\nname: t\n" + networksAndPools;
    TopologyReader.Result r =
        Validator.withSemantics(
            TopologyReader.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    return r.diagnostics().sorted().stream().map(LibvirtDefineRulesTest::text).toList();
  }

  private static String text(Diagnostic d) {
    return d.severity() + " " + d.rule() + " " + d.path();
  }

  @Test
  void mtuOnlyWhereLibvirtCreatesTheBridge() {
    // libvirt: "mtu size only allowed in open, route, nat, and isolated mode, not in bridge"
    assertThat(diags("networks:\n  - {name: b, mode: bridge, bridge: br0, mtu: 9000}\n"))
        .contains("ERROR network.mode-field networks[b].mtu");
    assertThat(diags("networks:\n  - {name: i, mode: isolated, mtu: 9000}\n")).isEmpty();
  }

  @Test
  void dhcpv6HostsAreIdentifiedByDuidNotMac() {
    String v6 =
        "networks:\n  - name: n\n    mode: isolated\n    ips:\n      - address: fd00:5::1/64\n"
            + "        dhcp:\n          hosts:\n";
    assertThat(diags(v6 + "            - {id: \"0:3:0:1:0:16:3e:11:22:33\", ip: \"fd00:5::5\"}\n"))
        .isEmpty();
    // libvirt: "Invalid to specify MAC address ... IPv6 static host definition"
    assertThat(
            diags(v6 + "            - {mac: \"52:54:00:00:00:01\", name: a, ip: \"fd00:5::5\"}\n"))
        .contains("ERROR dhcp.host-mac-v6 networks[n].ips[0].dhcp.hosts[0].mac");
    // libvirt: "Static host definition in IPv4 network ... must have mac or name attribute"
    assertThat(
            diags(
                "networks:\n  - name: n\n    mode: isolated\n    ips:\n      - address: 198.18.0.1/24\n"
                    + "        dhcp:\n          hosts:\n            - {id: \"0:3:0:1:0:16:3e:11:22:33\", ip: 198.18.0.5}\n"))
        .contains("ERROR dhcp.host-identity networks[n].ips[0].dhcp.hosts[0]");
  }

  @Test
  void onlyNetworksThatCanRunTogetherMustNotShareASubnet() {
    String two =
        "networks:\n  - {name: a, mode: isolated, ips: [{address: 198.18.0.1/24}]%s}\n"
            + "  - {name: b, mode: isolated, ips: [{address: 198.18.0.1/24}]}\n";
    assertThat(diags(String.format(two, "")))
        .anyMatch(d -> d.startsWith("ERROR address.duplicate"));
    assertThat(diags(String.format(two, ", autostart: false")))
        .containsExactly("WARNING subnet.overlap-inactive networks[b].ips[0].address");
  }

  @Test
  void openNeedsAnAddressAndMacvtapModesNoBridge() {
    // libvirt: "open forwarding requested, but no IP address provided"
    assertThat(diags("networks:\n  - {name: o, mode: open}\n"))
        .contains("ERROR network.open-address networks[o]");
    // libvirt: "bridge name not allowed in private mode"
    assertThat(diags("networks:\n  - {name: p, mode: private, bridge: br0}\n"))
        .contains("ERROR network.mode-field networks[p].bridge");
  }

  @Test
  void aPoolOnMntIsAWarning() {
    assertThat(diags("pools:\n  - {name: p, type: dir, target: /mnt}\n"))
        .containsExactly("WARNING pool.target-mnt pools[p].target");
  }
}
