package io.vtopo.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.io.TopologyReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule id, read from the code and from docs/validation.md, has a failing case (the file
 * reports that rule) and a passing case (the same file with the mistake fixed reports nothing at
 * all), beside the example-file goldens. A rule without both fails {@link
 * #everyRuleHasAFailingAndAPassingCase}; so does a case for a rule that no longer exists.
 */
class RuleCasesTest {
  static final String H = "apiVersion: vtopo/v1\nname: t\n";
  static final Pattern RULE_IN_CODE =
      Pattern.compile(
          "\"((?:schema|yaml|file|name|ref|port|master|bond|bridge|vlan"
              + "|mtu|vxlan|veth|macvlan|address|subnet|route|mac|network|portgroup|dhcp|pool|volume|tap|vnic|vm|expect)"
              + "\\.[a-z-]+)\"");
  static final Pattern RULE_IN_DOCS =
      Pattern.compile("^\\| `([a-z]+\\.[a-z-]+)` \\|", Pattern.MULTILINE);

  @TempDir static Path tmp;

  /** One rule's two files: {@code bad} must report the rule, {@code good} must report nothing. */
  record Case(Function<Path, List<Diagnostic>> bad, Function<Path, List<Diagnostic>> good) {}

  static final Map<String, Case> CASES = new LinkedHashMap<>();

  static List<Diagnostic> check(String yaml) {
    return check(yaml.getBytes(StandardCharsets.UTF_8));
  }

  static List<Diagnostic> check(byte[] bytes) {
    TopologyReader.Result r = Validator.withSemantics(TopologyReader.read("case.yaml", bytes));
    return r.diagnostics().sorted();
  }

  /** A case whose passing file is the failing one with {@code from} replaced by {@code to}. */
  static void fix(String rule, String bad, String from, String to) {
    if (!bad.contains(from)) {
      throw new IllegalArgumentException(
          rule + ": the failing case does not contain '" + from + "'");
    }
    String good = bad.replace(from, to);
    CASES.put(rule, new Case(d -> check(bad), d -> check(good)));
  }

  /** A case of links only. */
  static void links(String rule, String bad, String from, String to) {
    fix(rule, H + "links:\n" + bad, from, to);
  }

  static String bomb(int levels) {
    StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < levels; i++) {
      b.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      b.append("]\n");
    }
    return b.toString();
  }

  static {
    // Reading the file.
    CASES.put(
        "file.missing",
        new Case(d -> read(d.resolve("nope.yaml")), d -> read(write(d, "here.yaml", H))));
    // A regular file whose read fails even for root: /proc/self/mem at offset 0 answers EIO.
    CASES.put(
        "file.unreadable",
        new Case(d -> read(Path.of("/proc/self/mem")), d -> read(write(d, "file.yaml", H))));
    CASES.put(
        "file.not-regular",
        new Case(d -> read(dir(d, "adir.yaml")), d -> read(write(d, "plain.yaml", H))));
    CASES.put(
        "yaml.too-many-nodes",
        new Case(
            d -> check(H + "description: [" + "0,".repeat(1_500_001) + "0]\n"),
            d -> check(H + "description: x\n")));
    CASES.put("yaml.too-many-objects", new Case(d -> check(taps(100_001)), d -> check(taps(10))));
    fix("yaml.character", H + "description: a\u0000b\n", "a\u0000b", "ab");
    fix(
        "yaml.unsafe-character",
        H + "description: \"a\\u001b]0;x\\u0007b\"\n",
        "\\u001b]0;x\\u0007",
        "");
    fix(
        "yaml.merge-key",
        H + "links:\n  - {<<: {kind: bridge}, name: br0}\n",
        "<<: {kind: bridge}",
        "kind: bridge");
    CASES.put(
        "yaml.too-large", new Case(d -> check(bigFile(33L << 20)), d -> check(bigFile(1 << 20))));
    CASES.put(
        "yaml.encoding",
        new Case(
            d -> check((H + "description: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1)),
            d -> check(H + "description: caf\u00e9\n")));
    fix("yaml.syntax", H + "links: [\n", "links: [\n", "links: []\n");
    fix("yaml.duplicate-key", H + "name: u\n", "name: u\n", "description: u\n");
    fix("yaml.complex-key", H + "? [a, b]\n: c\n", "? [a, b]\n: c\n", "");
    fix(
        "yaml.too-deep",
        H + "description: " + "[".repeat(70) + "]".repeat(70) + "\n",
        "description: " + "[".repeat(70) + "]".repeat(70) + "\n",
        "");
    fix("yaml.alias-bomb", bomb(9), bomb(9), H);
    fix("yaml.recursive-alias", H + "x: &x [1, *x]\n", "x: &x [1, *x]\n", "");
    fix("yaml.multi-document", H + "---\n" + H, "---\n" + H, "");
    fix("yaml.tag", H + "description: !!python/object x\n", "!!python/object x", "x");
    // Structure.
    fix("schema.api-version", H.replace("vtopo/v1", "vtopo/v2"), "vtopo/v2", "vtopo/v1");
    fix("schema.required", "apiVersion: vtopo/v1\nlinks: []\n", "links: []\n", "name: t\n");
    links("schema.unknown-key", "  - {name: br0, kind: bridge, stpp: false}\n", "stpp", "stp");
    links("schema.type", "  - {name: br0, kind: bridge, mtu: \"1500\"}\n", "\"1500\"", "1500");
    links("schema.enum", "  - {name: br0, kind: brige}\n", "brige", "bridge");
    links(
        "schema.format",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.300/24]}\n",
        "300",
        "3");
    links("schema.value", "  - {name: br0, kind: bridge, mtu: 10}\n", "mtu: 10", "mtu: 1500");
    fix(
        "schema.vnic-attachment",
        H
            + "links:\n  - {name: tap0, kind: tap}\nvms:\n  - name: vm1\n    nics: [{name:"
            + " eth0}]\n",
        "{name: eth0}",
        "{name: eth0, tap: tap0}");
    // Names and references.
    links(
        "name.duplicate",
        "  - {name: br0, kind: bridge}\n  - {name: br0, kind: bridge}\n",
        "  - {name: br0, kind: bridge}\n  - {name: br0",
        "  - {name: br0, kind: bridge}\n  - {name: br1");
    links(
        "name.too-long",
        "  - {name: br-much-too-long-0, kind: bridge}\n",
        "br-much-too-long-0",
        "br-short-0");
    links("name.invalid", "  - {name: \"br 0\", kind: bridge}\n", "\"br 0\"", "br0");
    links(
        "ref.dangling",
        "  - {name: tap0, kind: tap, master: br1}\n  - {name: br0, kind: bridge}\n",
        "master: br1",
        "master: br0");
    links(
        "ref.kind",
        "  - {name: tap0, kind: tap, master: tap1}\n  - {name: tap1, kind: tap}\n"
            + "  - {name: br0, kind: bridge}\n",
        "master: tap1",
        "master: br0");
    // Links.
    links(
        "port.two-masters",
        "  - {name: eno1, kind: nic}\n  - {name: eno2, kind: nic}\n"
            + "  - {name: bond0, kind: bond, mode: active-backup, ports: [eno1, eno2]}\n"
            + "  - {name: br0, kind: bridge, ports: [eno2]}\n",
        "ports: [eno2]",
        "ports: [bond0]");
    links("master.self", "  - {name: br0, kind: bridge, master: br0}\n", ", master: br0", "");
    links(
        "master.cycle",
        "  - {name: bond0, kind: bond, mode: active-backup, master: bond1}\n"
            + "  - {name: bond1, kind: bond, mode: active-backup, master: bond0}\n",
        ", master: bond0",
        "");
    links(
        "master.parent",
        "  - {name: br0, kind: bridge}\n  - {name: mv0, kind: macvlan, parent: br0, master: br0}\n",
        ", master: br0",
        "");
    links(
        "bond.port-address",
        "  - {name: eno1, kind: nic, addresses: [192.0.2.2/24]}\n"
            + "  - {name: bond0, kind: bond, mode: active-backup, ports: [eno1]}\n",
        ", addresses: [192.0.2.2/24]",
        "");
    links(
        "bridge.port-address",
        "  - {name: eno1, kind: nic, addresses: [192.0.2.2/24]}\n"
            + "  - {name: br0, kind: bridge, ports: [eno1]}\n",
        ", addresses: [192.0.2.2/24]",
        "");
    links(
        "bridge.port-is-bridge",
        "  - {name: br0, kind: bridge}\n  - {name: br1, kind: bridge, ports: [br0]}\n",
        "ports: [br0]",
        "ports: []");
    links(
        "port.kind",
        "  - {name: eno1, kind: nic}\n  - {name: mvt0, kind: macvtap, parent: eno1}\n"
            + "  - {name: br0, kind: bridge, ports: [mvt0]}\n",
        "ports: [mvt0]",
        "ports: []");
    links(
        "bridge.vlan-without-filtering",
        "  - {name: tap0, kind: tap}\n"
            + "  - {name: br0, kind: bridge, ports: [{name: tap0, pvid: 10}]}\n",
        "kind: bridge,",
        "kind: bridge, vlan-filtering: true,");
    links(
        "vlan.id-range",
        "  - {name: eno1, kind: nic}\n  - {name: eno1.0, kind: vlan, parent: eno1, id: 0}\n",
        "id: 0",
        "id: 1");
    links(
        "vlan.duplicate",
        "  - {name: eno1, kind: nic}\n  - {name: v10, kind: vlan, parent: eno1, id: 10}\n"
            + "  - {name: v11, kind: vlan, parent: eno1, id: 10}\n",
        "v11, kind: vlan, parent: eno1, id: 10",
        "v11, kind: vlan, parent: eno1, id: 11");
    links(
        "mtu.above-parent",
        "  - {name: eno1, kind: nic, mtu: 1500}\n"
            + "  - {name: v10, kind: vlan, parent: eno1, id: 10, mtu: 9000}\n",
        "mtu: 9000",
        "mtu: 1500");
    links(
        "mtu.bridge-pulled",
        "  - {name: tap0, kind: tap}\n  - {name: br0, kind: bridge, mtu: 9000, ports: [tap0]}\n",
        "kind: tap}",
        "kind: tap, mtu: 9000}");
    links(
        "mtu.bridge-mismatch",
        "  - {name: eno1, kind: nic, mtu: 1500}\n  - {name: tap0, kind: tap, mtu: 9000}\n"
            + "  - {name: br0, kind: bridge, ports: [eno1, tap0]}\n",
        "kind: tap, mtu: 9000",
        "kind: tap, mtu: 1500");
    links(
        "mtu.vxlan-overhead",
        "  - {name: eno1, kind: nic, mtu: 1500}\n"
            + "  - {name: vx0, kind: vxlan, vni: 1, remote: 198.51.100.2, dev: eno1, mtu: 1500}\n",
        "dev: eno1, mtu: 1500",
        "dev: eno1, mtu: 1450");
    links(
        "vxlan.vni-range",
        "  - {name: vx0, kind: vxlan, vni: 16777216, remote: 198.51.100.2}\n",
        "16777216",
        "16777215");
    // The reader already refuses such a port in a file (schema.value); the rule guards models built
    // in code.
    String vx =
        H + "links:\n  - {name: vx0, kind: vxlan, vni: 1, remote: 198.51.100.2, dstport: 4789}\n";
    CASES.put(
        "vxlan.port-range", new Case(d -> withVxlanPort(vx, 0), d -> withVxlanPort(vx, 4789)));
    links(
        "vxlan.remote-and-group",
        "  - {name: eno1, kind: nic}\n  - {name: vx0, kind: vxlan, vni: 1, remote:"
            + " 198.51.100.2, group: 233.252.0.1, dev: eno1}\n",
        "remote: 198.51.100.2, ",
        "");
    links(
        "vxlan.group-not-multicast",
        "  - {name: eno1, kind: nic}\n"
            + "  - {name: vx0, kind: vxlan, vni: 1, group: 198.51.100.2, dev: eno1}\n",
        "198.51.100.2",
        "233.252.0.1");
    links(
        "vxlan.group-needs-dev",
        "  - {name: eno1, kind: nic}\n"
            + "  - {name: vx0, kind: vxlan, vni: 1, group: 233.252.0.1}\n",
        "233.252.0.1}",
        "233.252.0.1, dev: eno1}");
    links(
        "vxlan.remote-multicast",
        "  - {name: vx0, kind: vxlan, vni: 1, remote: 233.252.0.1}\n",
        "233.252.0.1",
        "198.51.100.2");
    links(
        "vxlan.family-mismatch",
        "  - {name: vx0, kind: vxlan, vni: 1, local: fd00::1, remote: 198.51.100.2}\n",
        "local: fd00::1",
        "local: 198.51.100.1");
    links(
        "vxlan.flood-and-group",
        "  - {name: eno1, kind: nic}\n  - {name: vx0, kind: vxlan, vni: 1, group: 233.252.0.1,"
            + " dev: eno1, flood: [198.51.100.2]}\n",
        ", flood: [198.51.100.2]",
        "");
    links(
        "vxlan.flood-multicast",
        "  - {name: vx0, kind: vxlan, vni: 1, flood: [198.51.100.2, 233.252.0.1]}\n",
        "233.252.0.1",
        "198.51.100.3");
    links(
        "vxlan.flood-duplicate",
        "  - {name: vx0, kind: vxlan, vni: 1, remote: 198.51.100.2, flood: [198.51.100.2]}\n",
        "flood: [198.51.100.2]",
        "flood: [198.51.100.3]");
    links(
        "vxlan.duplicate-vni",
        "  - {name: vx0, kind: vxlan, vni: 1, remote: 198.51.100.2}\n"
            + "  - {name: vx1, kind: vxlan, vni: 1, remote: 198.51.100.3}\n",
        "vni: 1, remote: 198.51.100.3",
        "vni: 2, remote: 198.51.100.3");
    links(
        "macvlan.parent-enslaved",
        "  - {name: eno1, kind: nic}\n  - {name: br0, kind: bridge, ports: [eno1]}\n"
            + "  - {name: mv0, kind: macvlan, parent: eno1, mode: bridge}\n",
        "parent: eno1",
        "parent: br0");
    links(
        "macvlan.passthru-shared",
        "  - {name: eno1, kind: nic}\n"
            + "  - {name: mv0, kind: macvtap, parent: eno1, mode: passthru}\n"
            + "  - {name: mv1, kind: macvtap, parent: eno1, mode: bridge}\n",
        "mode: passthru",
        "mode: bridge");
    links(
        "veth.peer-clash",
        "  - {name: ve0, kind: veth, peer: ve1}\n  - {name: ve1, kind: veth, peer: ve2}\n",
        "peer: ve2",
        "peer: ve0");
    links("veth.peer-self", "  - {name: ve0, kind: veth, peer: ve0}\n", "peer: ve0", "peer: ve1");
    // Addresses, routes, MACs.
    links(
        "subnet.overlap",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.1/24]}\n"
            + "  - {name: br1, kind: bridge, addresses: [192.0.2.129/25]}\n",
        "192.0.2.129/25",
        "198.51.100.1/24");
    links(
        "address.duplicate",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.1/24, 192.0.2.1/24]}\n",
        "192.0.2.1/24, 192.0.2.1/24",
        "192.0.2.1/24, 192.0.2.2/24");
    links(
        "address.network",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.0/24]}\n",
        "192.0.2.0/24",
        "192.0.2.1/24");
    links(
        "address.broadcast",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.255/24]}\n",
        "192.0.2.255/24",
        "192.0.2.1/24");
    links(
        "route.host-bits",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.1/24], routes: [{to: 198.51.100.7/24,"
            + " via: 192.0.2.254}]}\n",
        "198.51.100.7/24",
        "198.51.100.0/24");
    links(
        "route.family-mismatch",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.1/24, \"fd00::1/64\"], routes:"
            + " [{to: 198.51.100.0/24, via: \"fd00::fe\"}]}\n",
        "via: \"fd00::fe\"",
        "via: 192.0.2.254");
    links(
        "route.gateway-off-link",
        "  - {name: br0, kind: bridge, addresses: [192.0.2.1/24], routes: [{to:"
            + " 198.51.100.0/24, via: 203.0.113.1}]}\n",
        "via: 203.0.113.1",
        "via: 192.0.2.254");
    links(
        "mac.duplicate",
        "  - {name: br0, kind: bridge, mac: \"52:54:00:00:00:01\"}\n"
            + "  - {name: br1, kind: bridge, mac: \"52:54:00:00:00:01\"}\n",
        "br1, kind: bridge, mac: \"52:54:00:00:00:01\"",
        "br1, kind: bridge, mac: \"52:54:00:00:00:02\"");
    links(
        "mac.multicast",
        "  - {name: br0, kind: bridge, mac: \"01:54:00:00:00:01\"}\n",
        "01:54",
        "52:54");
    links(
        "mac.zero",
        "  - {name: br0, kind: bridge, mac: \"00:00:00:00:00:00\"}\n",
        "00:00:00:00:00:00",
        "52:54:00:00:00:01");
    // libvirt networks.
    String nat =
        H
            + "networks:\n  - {name: n1, mode: nat, bridge: virbr1, ips: [{address: 192.0.2.1/24}]}\n";
    fix(
        "network.bridge-clash",
        nat + "links:\n  - {name: virbr1, kind: bridge}\n",
        "name: virbr1",
        "name: br-host");
    fix(
        "network.bridge-duplicate",
        nat + "  - {name: n2, mode: isolated, bridge: virbr1}\n",
        "bridge: virbr1}",
        "bridge: virbr2}");
    fix(
        "network.bridge-required",
        H + "networks:\n  - {name: n1, mode: bridge}\nlinks:\n  - {name: br0, kind:" + " bridge}\n",
        "mode: bridge}",
        "mode: bridge, bridge: br0}");
    fix(
        "network.bridge-kind",
        H
            + "networks:\n  - {name: n1, mode: bridge, bridge: tap0}\nlinks:\n  - {name: tap0,"
            + " kind: tap}\n  - {name: br0, kind: bridge}\n",
        "bridge: tap0",
        "bridge: br0");
    fix(
        "network.mode-field",
        H
            + "networks:\n  - {name: n1, mode: isolated, bridge: virbr1, forward-dev: eno1, ips:"
            + " [{address: 192.0.2.1/24}]}\n",
        "forward-dev: eno1, ",
        "");
    fix(
        "network.nat-range",
        H
            + "networks:\n  - {name: n1, mode: nat, bridge: virbr1, nat: {port-start: 2000,"
            + " port-end: 1024}, ips: [{address: 192.0.2.1/24}]}\n",
        "port-start: 2000, port-end: 1024",
        "port-start: 1024, port-end: 2000");
    fix(
        "network.no-address",
        H + "networks:\n  - {name: n1, mode: nat, bridge: virbr1}\n",
        "virbr1}",
        "virbr1, ips: [{address: 192.0.2.1/24}]}");
    fix(
        "network.open-address",
        H + "networks:\n  - {name: n1, mode: open, bridge: virbr1}\n",
        "virbr1}",
        "virbr1, ips: [{address: 192.0.2.1/24}]}");
    fix(
        "subnet.overlap-inactive",
        nat
            + "  - {name: n2, mode: isolated, bridge: virbr2, autostart: false, ips:"
            + " [{address: 192.0.2.129/25}]}\n",
        "192.0.2.129/25",
        "198.51.100.1/24");
    fix(
        "pool.target-mnt",
        H + "pools:\n  - {name: p1, type: dir, target: /mnt}\n",
        "/mnt}",
        "/srv/p1}");
    String dhcp =
        H
            + "networks:\n  - {name: n1, mode: nat, bridge: virbr1, ips: [{address: 192.0.2.1/24, dhcp: ";
    fix(
        "dhcp.outside-subnet",
        dhcp + "{ranges: [{start: 192.0.2.100, end: 198.51.100.10}]}}]}\n",
        "198.51.100.10",
        "192.0.2.200");
    fix(
        "dhcp.covers-gateway",
        dhcp + "{ranges: [{start: 192.0.2.1, end: 192.0.2.50}]}}]}\n",
        "start: 192.0.2.1,",
        "start: 192.0.2.2,");
    fix(
        "dhcp.network-or-broadcast",
        dhcp + "{ranges: [{start: 192.0.2.100, end: 192.0.2.255}]}}]}\n",
        "192.0.2.255",
        "192.0.2.254");
    fix(
        "dhcp.range-order",
        dhcp + "{ranges: [{start: 192.0.2.200, end: 192.0.2.100}]}}]}\n",
        "start: 192.0.2.200, end: 192.0.2.100",
        "start: 192.0.2.100, end: 192.0.2.200");
    fix(
        "dhcp.family",
        dhcp + "{ranges: [{start: \"fd00::10\", end: \"fd00::20\"}]}}]}\n",
        "start: \"fd00::10\", end: \"fd00::20\"",
        "start: 192.0.2.10, end: 192.0.2.20");
    fix(
        "dhcp.host-outside-subnet",
        dhcp + "{hosts: [{mac: \"52:54:00:00:00:01\", ip: 198.51.100.5}]}}]}\n",
        "198.51.100.5",
        "192.0.2.5");
    fix(
        "dhcp.host-duplicate",
        dhcp
            + "{hosts: [{mac: \"52:54:00:00:00:01\", ip: 192.0.2.5}, {mac:"
            + " \"52:54:00:00:00:02\", ip: 192.0.2.5}]}}]}\n",
        "02\", ip: 192.0.2.5",
        "02\", ip: 192.0.2.6");
    fix(
        "dhcp.host-identity",
        dhcp + "{hosts: [{ip: 192.0.2.5}]}}]}\n",
        "{ip: 192.0.2.5}",
        "{name: h1, ip: 192.0.2.5}");
    String pg =
        H
            + "networks:\n  - {name: n1, mode: isolated, bridge: virbr1, ips: [{address: 192.0.2.1/24}],"
            + " portgroups: [";
    fix(
        "portgroup.duplicate",
        pg + "{name: a}, {name: a}]}\n",
        "{name: a}, {name: a}",
        "{name: a}, {name: b}");
    fix(
        "portgroup.many-defaults",
        pg + "{name: a, default: true}, {name: b, default: true}]}\n",
        "{name: b, default: true}",
        "{name: b}");
    // Storage.
    String pool = H + "pools:\n  - {name: p1, type: dir";
    fix("pool.target-required", pool + "}\n", "type: dir}", "type: dir, target: /srv/p1}");
    fix("pool.target-relative", pool + ", target: srv/p1}\n", "srv/p1", "/srv/p1");
    fix("pool.target-dots", pool + ", target: /srv/../p1}\n", "/srv/../p1", "/srv/p1");
    fix("pool.target-system", pool + ", target: /etc}\n", "/etc", "/srv/p1");
    fix(
        "pool.target-overlap",
        pool + ", target: /srv/p1}\n  - {name: p2, type: dir, target: /srv/p1/p2}\n",
        "/srv/p1/p2",
        "/srv/p2");
    fix(
        "pool.initiator-required",
        H
            + "pools:\n  - {name: p1, type: iscsi-direct, host: 198.51.100.30, iqn:"
            + " iqn.2024-05.net.example:t}\n",
        "iqn.2024-05.net.example:t}",
        "iqn.2024-05.net.example:t, initiator: iqn.2024-05.net.example:host}");
    fix(
        "pool.target-unsupported",
        H
            + "pools:\n  - {name: p1, type: rbd, hosts: [{name: 198.51.100.30}], ceph-pool: rbd,"
            + " target: /srv/p1}\n",
        ", target: /srv/p1}",
        "}");
    fix(
        "pool.cow-type",
        H + "pools:\n  - {name: p1, type: vstorage, cluster: c1, target: /srv/p1, cow: false}\n",
        "type: vstorage, cluster: c1",
        "type: dir");
    fix(
        "pool.fs-format",
        H + "pools:\n  - {name: p1, type: fs, device: /dev/vdb1, format: ext5, target: /srv/p1}\n",
        "ext5",
        "ext4");
    fix(
        "pool.adapter",
        H
            + "pools:\n  - {name: p1, type: scsi, adapter: {type: fc_host, wwnn: 20000000c9831b4b}}\n",
        "wwnn: 20000000c9831b4b}",
        "wwnn: 20000000c9831b4b, wwpn: 10000000c9831b4b}");
    fix(
        "pool.logical-no-devices",
        H + "pools:\n  - {name: vg1, type: logical}\n",
        "type: logical}",
        "type: logical, devices: [/dev/vdb]}");
    String vols = pool + ", target: /srv/p1, capacity: 10G, volumes: [";
    fix(
        "pool.overcommitted",
        vols
            + "{name: a.raw, format: raw, capacity: 8G, allocation: 8G}, {name: b.raw, format:"
            + " raw, capacity: 8G, allocation: 8G}]}\n",
        "capacity: 10G,",
        "capacity: 20G,");
    fix(
        "volume.exceeds-capacity",
        vols + "{name: a.raw, format: raw, capacity: 20G}]}\n",
        "20G",
        "2G");
    fix(
        "volume.allocation",
        vols + "{name: a.raw, format: raw, capacity: 2G, allocation: 4G}]}\n",
        "4G",
        "1G");
    fix(
        "volume.zero",
        vols + "{name: a.raw, format: raw, capacity: 0}]}\n",
        "capacity: 0}",
        "capacity: 1G}");
    fix(
        "volume.name",
        vols + "{name: a/b.raw, format: raw, capacity: 1G}]}\n",
        "a/b.raw",
        "a-b.raw");
    fix(
        "volume.format",
        H
            + "pools:\n  - {name: vg1, type: logical, devices: [/dev/vdb], volumes: [{name: lv1,"
            + " format: qcow2, capacity: 1G}]}\n",
        "format: qcow2",
        "format: raw");
    fix(
        "volume.backing-format",
        vols
            + "{name: a.qcow2, format: qcow2, capacity: 1G}, {name: b.raw, format: raw,"
            + " capacity: 1G, backing: a.qcow2}]}\n",
        "b.raw, format: raw",
        "b.qcow2, format: qcow2");
    fix(
        "volume.backing-missing",
        vols + "{name: b.qcow2, format: qcow2, capacity: 1G, backing: a.qcow2}]}\n",
        ", backing: a.qcow2",
        "");
    fix(
        "volume.backing-loop",
        vols
            + "{name: a.qcow2, format: qcow2, capacity: 1G, backing: b.qcow2}, {name: b.qcow2,"
            + " format: qcow2, capacity: 1G, backing: a.qcow2}]}\n",
        ", backing: a.qcow2",
        "");
    // VMs and intents.
    String lab =
        H
            + "links:\n  - {name: tap0, kind: tap}\n  - {name: tap1, kind: tap}\n"
            + "networks:\n  - {name: n1, mode: isolated, bridge: virbr1, ips: [{address: 192.0.2.1/24}]}\nvms:\n";
    fix(
        "tap.shared",
        lab + "  - {name: vm1, nics: [{tap: tap0}]}\n  - {name: vm2, nics: [{tap: tap0}]}\n",
        "vm2, nics: [{tap: tap0}]",
        "vm2, nics: [{tap: tap1}]");
    fix(
        "vnic.portgroup",
        lab + "  - {name: vm1, nics: [{tap: tap0, portgroup: a}]}\n",
        ", portgroup: a",
        "");
    fix(
        "vnic.ip-outside-network",
        lab + "  - {name: vm1, nics: [{network: n1, ip: 198.51.100.5/24}]}\n",
        "198.51.100.5/24",
        "192.0.2.5/24");
    fix("vm.no-nics", lab + "  - {name: vm1}\n", "{name: vm1}", "{name: vm1, nics: [{tap: tap0}]}");
    // VMs that name a libvirt domain.
    String dom =
        lab + "  - {name: vm1, domain: vm1, nics: [{network: n1, mac: \"52:54:00:00:00:01\"}]";
    fix(
        "vnic.mac-required",
        lab + "  - {name: vm1, domain: vm1, nics: [{network: n1}]}\n",
        "{network: n1}",
        "{network: n1, mac: \"52:54:00:00:00:01\"}");
    fix(
        "vnic.mac-duplicate",
        lab
            + "  - {name: vm1, domain: vm1, nics: [{network: n1, mac: \"52:54:00:00:00:01\"},"
            + " {network: n1, mac: \"52:54:00:00:00:01\"}]}\n",
        "00:01\"}]",
        "00:02\"}]");
    fix(
        "vnic.direct-needs-domain",
        lab + "  - {name: vm1, nics: [{direct: eno1, mac: \"52:54:00:00:00:01\"}]}\n",
        "{name: vm1, nics",
        "{name: vm1, domain: vm1, nics");
    fix(
        "vnic.mode",
        lab
            + "  - {name: vm1, domain: vm1, nics: [{network: n1, mode: vepa, mac: \"52:54:00:00:00:01\"}]}"
            + "\n",
        "mode: vepa, ",
        "");
    fix(
        "vm.disks-need-domain",
        lab
            + "  - {name: vm1, nics: [{network: n1, mac: \"52:54:00:00:00:01\"}], disks:"
            + " [{target: vdb, file: /srv/a.img}]}\n",
        "{name: vm1, nics",
        "{name: vm1, domain: vm1, nics");
    fix(
        "disk.target-duplicate",
        dom + ", disks: [{target: vdb, file: /srv/a.img}, {target: vdb, file: /srv/b.img}]}\n",
        "{target: vdb, file: /srv/b.img}",
        "{target: vdc, file: /srv/b.img}");
    fix(
        "disk.cdrom-bus",
        dom + ", disks: [{target: sdb, device: cdrom, bus: virtio}]}\n",
        "bus: virtio",
        "bus: sata");
    fix(
        "schema.disk-source",
        dom + ", disks: [{target: vdb, file: /srv/a.img, block: /dev/vdz}]}\n",
        ", block: /dev/vdz",
        "");
    fix("name.vm", lab + "  - {name: web/1, nics: [{tap: tap0}]}\n", "web/1", "web-1");
    fix("name.empty", H + "pools:\n  - {name: \"\", type: dir, target: /srv/p1}\n", "\"\"", "p1");
    links("name.invisible", "  - {name: \"br\\u200b0\", kind: bridge}\n", "\\u200b", "");
    String two =
        lab
            + "  - {name: vm1, nics: [{tap: tap0}]}\n  - {name: vm2, nics: [{tap: tap1}]}\nexpect:\n";
    fix(
        "expect.unknown-vm",
        two + "  - {from: vm1, to: vm3, reachable: false}\n",
        "to: vm3",
        "to: vm2");
    fix(
        "expect.ambiguous-host",
        lab
            + "  - {name: vm1, nics: [{tap: tap0}]}\n  - {name: host, nics: [{tap: tap1}]}\n"
            + "expect:\n  - {from: vm1, to: host, reachable: false}\n",
        "{name: host, nics",
        "{name: vm2, nics");
    fix(
        "expect.self",
        two + "  - {from: vm1, to: vm1, reachable: true}\n",
        "to: vm1, reachable: true",
        "to: vm2, reachable: false");
  }

  /** The file's topology with its VXLAN's port set to {@code port} in the model, validated. */
  static List<Diagnostic> withVxlanPort(String yaml, int port) {
    TopologyReader.Result r =
        TopologyReader.read("case.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    io.vtopo.core.model.Topology t = r.topology().orElseThrow();
    io.vtopo.core.model.Vxlan x = (io.vtopo.core.model.Vxlan) t.links().get(0);
    io.vtopo.core.model.Vxlan changed =
        new io.vtopo.core.model.Vxlan(
            x.attrs(), x.vni(), x.local(), x.remote(), x.group(), port, x.underlay(), List.of());
    io.vtopo.core.model.Topology t2 =
        new io.vtopo.core.model.Topology(
            t.name(), List.of(changed), t.networks(), t.pools(), t.vms(), t.expectations());
    return Validator.validate(t2, r.sources()).sorted();
  }

  static List<Diagnostic> read(Path p) {
    return Validator.check(p).diagnostics().sorted();
  }

  static Path write(Path d, String name, String text) {
    try {
      return Files.writeString(d.resolve(name), text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path dir(Path d, String name) {
    try {
      return Files.createDirectories(d.resolve(name));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String taps(int n) {
    StringBuilder b = new StringBuilder(H).append("links:\n");
    for (int i = 0; i < n; i++) {
      b.append("  - {name: t").append(i).append(", kind: tap}\n");
    }
    return b.toString();
  }

  static byte[] bigFile(long size) {
    byte[] b = new byte[(int) size];
    byte[] head = H.getBytes(StandardCharsets.UTF_8);
    java.util.Arrays.fill(b, (byte) '\n');
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  /** Rule ids the validator and reader can report, read from their sources. */
  static Set<String> rulesInCode() throws IOException {
    Set<String> rules = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = RULE_IN_CODE.matcher(Files.readString(f));
        while (m.find()) {
          rules.add(m.group(1));
        }
      }
    }
    return rules;
  }

  /** Rule ids listed in the tables of docs/validation.md. */
  static Set<String> rulesInDocs() throws IOException {
    Set<String> rules = new TreeSet<>();
    Matcher m = RULE_IN_DOCS.matcher(Files.readString(Path.of("../docs/validation.md")));
    while (m.find()) {
      // host.* are the plan's checks against a host (HostChecksTest), not rules of the offline
      // validator.
      if (!m.group(1).startsWith("host.")) {
        rules.add(m.group(1));
      }
    }
    return rules;
  }

  @Test
  void everyRuleHasAFailingAndAPassingCase() throws IOException {
    Set<String> all = new TreeSet<>(rulesInCode());
    all.addAll(rulesInDocs());
    assertThat(all).hasSizeGreaterThan(90);
    assertThat(CASES.keySet()).as("rules without a failing and a passing case").containsAll(all);
    assertThat(all)
        .as("cases for rules the code and docs no longer have")
        .containsAll(CASES.keySet());
  }

  @TestFactory
  Stream<DynamicTest> eachRuleFailsItsBadCaseAndPassesItsGoodOne() {
    return CASES.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      List<Diagnostic> bad = e.getValue().bad().apply(tmp);
                      assertThat(bad)
                          .as("the failing case of %s: %s", e.getKey(), bad)
                          .extracting(Diagnostic::rule)
                          .contains(e.getKey());
                      List<Diagnostic> good = e.getValue().good().apply(tmp);
                      assertThat(good).as("the passing case of %s", e.getKey()).isEmpty();
                    }));
  }
}
