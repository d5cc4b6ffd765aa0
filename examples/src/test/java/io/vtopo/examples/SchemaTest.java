package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.vtopo.core.io.TopologyReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schema is a valid draft 2020-12 schema, documents every property, and agrees with the strict
 * reader on a table of small files (the reader defines the format; the schema must accept and
 * reject the same files).
 */
class SchemaTest {
  private static final String HEAD = "apiVersion: vtopo/v1\nname: t\n";

  @Test
  void isValidDraft202012Schema() {
    JsonSchema meta =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SchemaId.V202012));
    assertThat(meta.validate(SchemaCheck.schemaNode())).isEmpty();
    assertThat(SchemaCheck.schemaNode().path("$schema").asText()).isEqualTo(SchemaId.V202012);
    // Resolves every $ref.
    SchemaCheck.schema();
  }

  @Test
  void everyPropertyHasADescriptionAndObjectsAreClosed() {
    JsonNode root = SchemaCheck.schemaNode();
    List<String> problems = new ArrayList<>();
    walk(root, root, "#", problems);
    assertThat(problems).isEmpty();
  }

  private static void walk(JsonNode root, JsonNode node, String where, List<String> problems) {
    if (node.isObject()) {
      JsonNode props = node.get("properties");
      if (props != null && props.isObject()) {
        // The link and pool dispatchers hand each kind to a closed definition through if/then.
        boolean definition = node.path("type").toString().contains("object") && !node.has("allOf");
        if (definition && !node.path("additionalProperties").equals(BooleanNode.FALSE)) {
          problems.add(where + ": object without additionalProperties: false");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!hasDescription(root, e.getValue()) && !where.contains("/if")) {
            problems.add(where + "/properties/" + e.getKey() + ": no description");
          }
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        walk(root, e.getValue(), where + "/" + e.getKey(), problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(root, node.get(i), where + "/" + i, problems);
      }
    }
  }

  private static boolean hasDescription(JsonNode root, JsonNode prop) {
    if (prop.has("description")) {
      return true;
    }
    // A property of a oneOf branch that only narrows the type is described by the object's own
    // property.
    if (prop.size() == 1 && prop.has("type")) {
      return true;
    }
    String ref = prop.path("$ref").asText("");
    return ref.startsWith("#/") && root.at(ref.substring(1)).has("description");
  }

  /** {@code ok} says whether the file is valid; reader and schema must both agree with it. */
  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      links: [{name: eno1, kind: nic, mtu: 9000, state: up, addresses: ['192.0.2.2/24', 'fd00:1::2/64']}] | true
      links: [{name: eno1, kind: nic, routes: [{to: default, via: 192.0.2.1, metric: 100}]}]        | true
      links: [{name: bond0, kind: bond, mode: 802.3ad, ports: [a, b], miimon: 100, lacp-rate: fast}] | true
      links: [{name: v10, kind: vlan, parent: bond0, id: 10, protocol: 802.1ad}]                     | true
      links: [{name: v10, kind: vlan, parent: bond0, id: 4095}]                                     | true
      links: [{name: br0, kind: bridge, vlan-filtering: true, ports: [eno1, {name: t0, pvid: 10, vids: [20, '100-110']}]}] | true
      links: [{name: t0, kind: tap, owner: 107, group: kvm, multi-queue: true, master: br0, bridge-vlan: {pvid: 10}}] | true
      links: [{name: ve0, kind: veth, peer: ve1, peer-netns: ns1}]                                    | true
      links: [{name: vx0, kind: vxlan, vni: 100, local: 192.0.2.2, group: 233.252.0.1, dev: eno1, dstport: 4789}] | true
      links: [{name: mv0, kind: macvtap, parent: eno1, mode: bridge}]                                | true
      links: [{name: eno1, kind: nic, mtu: ~, mac: ~}]                                                | true
      'links:'                                                                                        | true
      links: [{name: eno1, kind: nic, mac: 52-54-00-AB-CD-EF}]                                        | true
      networks: [{name: n, mode: nat, ips: [{address: 192.0.2.1/24, dhcp: {ranges: [{start: 192.0.2.10, end: 192.0.2.20, lease: 3600}]}}]}] | true
      networks: [{name: n, mode: isolated, dns: {enabled: false, srv: [{service: ldap, protocol: tcp, port: 389}]}}] | true
      pools: [{name: p, type: dir, target: /srv/p, permissions: {mode: 0755}, capacity: 100G, volumes: [{name: v, capacity: 1000000}]}] | true
      pools: [{name: p, type: dir, permissions: {mode: '0755'}, volumes: [{name: v, capacity: 20 GiB, format: qcow2}]}] | true
      pools: [{name: p, type: dir, permissions: {mode: 0o750}}]                                       | true
      pools: [{name: p, type: netfs, host: 198.51.100.2, path: /export}]                             | true
      pools: [{name: p, type: iscsi-direct, host: h, iqn: iqn.x, initiator: iqn.y, chap: {user: u, secret: s}}] | true
      pools: [{name: p, type: disk, device: /dev/sdb, format: gpt}]                                   | true
      vms: [{name: a, nics: [{tap: t0, mac: '52:54:00:00:00:01', ip: 192.0.2.5/24}, {network: n, portgroup: g}]}] | true
      expect: [{from: a, to: b, reachable: false}]                                                    | true
      links: [{name: br0, kind: bridge, stp: yes}]                                                    | false
      links: [{name: br0, kind: bridge, mtu: '1500'}]                                                 | false
      links: [{name: br0, kind: bridge, mtu: 67}]                                                     | false
      links: [{name: br0, kind: bridge, stpp: true}]                                                  | false
      links: [{name: v10, kind: vlan, parent: bond0, id: 10, vni: 10}]                                | false
      links: [{name: v10, kind: vlan, parent: bond0}]                                                 | false
      links: [{name: v10, kind: vlan, parent: bond0, id: 4096}]                                       | false
      links: [{name: x, kind: ovs-bridge}]                                                            | false
      links: [{kind: nic}]                                                                            | false
      links: [{name: eno1, kind: nic, mac: '52:54:00:12:34'}]                                         | false
      links: [{name: eno1, kind: nic, addresses: [192.0.2.2]}]                                        | false
      links: [{name: eno1, kind: nic, addresses: [192.0.2.2/33]}]                                     | false
      links: [{name: eno1, kind: nic, addresses: [192.0.2.02/24]}]                                    | false
      links: [{name: eno1, kind: nic, addresses: 192.0.2.2/24}]                                       | false
      links: [{name: br0, kind: bridge, ports: [{name: p, vids: ['100..110']}]}]                      | false
      links: [{name: br0, kind: bridge, ports: [{name: p, vids: [4095]}]}]                            | false
      links: [{name: t0, kind: tap, bridge-vlan: {pvid: 0}}]                                          | false
      links: [{name: bond0, kind: bond, mode: lacp}]                                                  | false
      networks: [{name: n, mode: nat, ips: [{address: 192.0.2.1/24, dhcp: {ranges: [{start: 192.0.2.10}]}}]}] | false
      networks: [{name: n, mode: nat, ips: [{address: 192.0.2.1/24, dhcp: {ranges: [{start: 192.0.2.10, end: 192.0.2.20, lease: 1w}]}}]}] | false
      networks: [{name: n, mode: nat, dns: {srv: [{service: ldap}]}}]                                 | false
      networks: [{name: n}]                                                                           | false
      pools: [{name: p, type: dir, volumes: [{name: v, capacity: 20Gi}]}]                             | false
      pools: [{name: p, type: dir, volumes: [{name: v}]}]                                             | false
      pools: [{name: p, type: dir, permissions: {mode: rwxr-x---}}]                                   | false
      pools: [{name: p, type: netfs, path: /export}]                                                  | false
      pools: [{name: p, type: dir, host: h}]                                                          | false
      pools: [{name: p, type: iscsi, host: h, iqn: q, chap: {user: u}}]                               | false
      pools: [{name: p, type: disk, device: /dev/sdb, format: zfs}]                                   | false
      vms: [{name: a, nics: [{tap: t0, network: n}]}]                                                 | false
      vms: [{name: a, nics: [{mac: '52:54:00:00:00:01'}]}]                                            | false
      expect: [{from: a, to: b, reachable: 'true'}]                                                   | false
      expect: [{from: a, to: b}]                                                                      | false
      network: []                                                                                     | false
      """)
  void readerAndSchemaAgree(String body, boolean ok) {
    String yaml = HEAD + body + "\n";
    TopologyReader.Result r =
        TopologyReader.read("case.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    boolean readerOk = r.topology().isPresent() && r.diagnostics().sorted().isEmpty();
    List<String> schemaErrors = SchemaCheck.errors(yaml);
    assertThat(readerOk).as("reader accepts %s: %s", body, r.diagnostics().sorted()).isEqualTo(ok);
    assertThat(schemaErrors.isEmpty())
        .as("schema accepts %s: %s", body, schemaErrors)
        .isEqualTo(ok);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      'apiVersion: vtopo/v2\nname: t\n'
      'apiVersion: vtopo/v1\nname: my host\n'
      'apiVersion: vtopo/v1\nname: -t\n'
      'apiVersion: vtopo/v1\n'
      'name: t\n'
      'apiVersion: vtopo/v1\nname: 42\n'
      'apiVersion: vtopo/v1\nname: t\nname: u\n'
      """)
  void topLevelRejectedByBoth(String escaped) {
    String yaml = escaped.replace("\\n", "\n");
    TopologyReader.Result r =
        TopologyReader.read("case.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(r.topology()).as("reader result for %s", escaped).isEmpty();
    assertThat(SchemaCheck.errors(yaml)).as("schema errors for %s", escaped).isNotEmpty();
  }
}
