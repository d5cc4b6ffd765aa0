package io.vtopo.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.validate.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the reader and validator: random bytes and mutations of a valid topology must end in a
 * result (model or diagnostics), never an exception. Inputs that once crashed live in {@code
 * fuzz-corpus/} and are replayed by {@link #corpusReplaysCleanly}.
 */
class ReaderFuzzTest {
  static final String SEED =
      """
      apiVersion: vtopo/v1
      name: fuzz
      links:
        - {name: eno1, kind: nic, mtu: 9000}
        - {name: bond0, kind: bond, mode: 802.3ad, ports: [eno1], miimon: 100}
        - {name: bond0.10, kind: vlan, parent: bond0, id: 10}
        - name: br10
          kind: bridge
          vlan-filtering: true
          ports: [{name: bond0.10, pvid: 10, vids: [10, "20-22"]}]
          addresses: [192.0.2.1/24, "fd00::1/64"]
          routes: [{to: 198.51.100.0/24, via: 192.0.2.254, metric: 10}]
        - {name: tap0, kind: tap, master: br10, multi-queue: true}
        - {name: vx0, kind: vxlan, vni: 42, remote: 203.0.113.2, dstport: 4789, dev: eno1}
        - {name: v0, kind: veth, peer: v1, peer-netns: ns1}
      networks:
        - name: nat
          mode: nat
          bridge: virbr9
          ips: [{address: 198.51.100.1/24, dhcp: {ranges: [{start: 198.51.100.10, end: 198.51.100.20}],
                 hosts: [{mac: "52:54:00:00:00:09", ip: 198.51.100.9}]}}]
          dns: {forwarders: [192.0.2.53], hosts: [{ip: 198.51.100.5, hostnames: [a]}]}
          portgroups: [{name: pg, vlan: 5, default: true}]
      pools:
        - name: img
          type: dir
          target: /srv/vtopo/img
          capacity: 100G
          permissions: {mode: 0755, owner: 0, group: 0}
          volumes:
            - {name: base, format: qcow2, capacity: 10G}
            - {name: top, format: qcow2, capacity: 10G, backing: base}
        - {name: lun, type: iscsi-direct, host: 127.0.0.1, iqn: "iqn.2026-01.io.vtopo:t", initiator: "iqn.x:i"}
      vms:
        - name: vm1
          nics: [{tap: tap0, mac: "52:54:00:00:00:01"}, {network: nat, portgroup: pg}]
      expect: [{from: vm1, to: vm1, reachable: true}]
      """;

  private static void mustNotThrow(byte[] input) {
    TopologyReader.Result r = TopologyReader.read("fuzz.yaml", input);
    r.topology().ifPresent(t -> Validator.validate(t, r.sources()));
    assertThat(r.topology().isPresent() || r.diagnostics().hasErrors()).isTrue();
  }

  @Property(tries = 300)
  void randomBytes(@ForAll @Size(max = 2000) byte[] input) {
    mustNotThrow(input);
  }

  @Provide
  Arbitrary<Tuple.Tuple3<Integer, Integer, String>> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, SEED.length()),
            Arbitraries.integers().between(0, 40),
            Arbitraries.of(
                "",
                "x",
                ":",
                "- ",
                "[",
                "]",
                "{",
                "}",
                "&a ",
                "*a",
                "\"",
                "'",
                "\n",
                "  ",
                "-1",
                "99999999999999999999",
                "0x",
                "~",
                "!!str ",
                "? ",
                "|\n",
                "@",
                "\t",
                "\u0000",
                "\u00e9",
                "#",
                "null",
                "true",
                "name: x\n",
                "kind: bridge\n",
                "4095",
                "0.0.0.0/0",
                "::",
                "/etc",
                "../"))
        .as(Tuple::of);
  }

  @Property(tries = 2000)
  void mutatedTopologies(@ForAll("mutations") Tuple.Tuple3<Integer, Integer, String> m) {
    int at = m.get1();
    int cut = Math.min(SEED.length(), at + m.get2());
    String text = SEED.substring(0, at) + m.get3() + SEED.substring(cut);
    mustNotThrow(text.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 200)
  void truncatedTopologies(@ForAll("cuts") int cut) {
    mustNotThrow(SEED.substring(0, cut).getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers().between(0, SEED.length());
  }

  @net.jqwik.api.Example
  void seedIsValid() {
    TopologyReader.Result r =
        TopologyReader.read("seed.yaml", SEED.getBytes(StandardCharsets.UTF_8));
    assertThat(r.diagnostics().sorted()).isEmpty();
    assertThat(Validator.validate(r.topology().orElseThrow(), r.sources()).sorted())
        .allSatisfy(d -> assertThat(d.rule()).isIn("expect.self"));
  }

  @net.jqwik.api.Example
  void corpusReplaysCleanly() throws IOException {
    Path dir = Path.of("src/test/resources/fuzz-corpus");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        mustNotThrow(in.readAllBytes());
      }
    }
  }
}
