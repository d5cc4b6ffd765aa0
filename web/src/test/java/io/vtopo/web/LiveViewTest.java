package io.vtopo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.PlanOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  static final String FILE =
      """
      apiVersion: vtopo/v1
      name: lab
      links:
        - {name: br0, kind: bridge, state: up, mtu: 1400, ports: [tap-a, tap-b]}
        - {name: tap-a, kind: tap, state: up}
        - {name: tap-b, kind: tap, state: up}
        - {name: tap-c, kind: tap}
        - {name: br-new, kind: bridge}
      networks:
        - {name: iso, mode: isolated, bridge: virbr-iso}
      pools:
        - name: img
          type: dir
          target: /var/lib/img
          volumes:
            - {name: a.qcow2, format: qcow2, capacity: 1 GiB}
      vms:
        - name: web1
          nics: [{name: eth0, tap: tap-a, ip: 192.0.2.2/24}]
        - name: web2
          nics: [{name: eth0, tap: tap-b, ip: 192.0.2.3/24}]
      """;

  static final String HOST =
      """
      apiVersion: vtopo/v1
      name: host
      links:
        - {name: lo, kind: nic}
        - {name: eth0, kind: nic, addresses: [203.0.113.5/24]}
        - {name: br0, kind: bridge, state: up, mtu: 1500}
        - {name: tap-a, kind: tap, state: up, master: br0}
        - {name: tap-b, kind: tap, state: up, master: br0}
        - {name: tap-c, kind: tap}
        - {name: tap-old, kind: tap}
      networks:
        - {name: iso, mode: isolated, bridge: virbr-iso}
        - {name: default, mode: nat, bridge: virbr0, ips: [{address: 192.168.122.1/24}]}
      pools:
        - name: img
          type: dir
          target: /var/lib/img
          volumes:
            - {name: a.qcow2, format: qcow2, capacity: 1 GiB}
            - {name: stray.raw, format: raw, capacity: 1 GiB}
      """;

  private static LiveView view() {
    FakeHost h = new FakeHost().set(HOST, "lab", "eth0", "lo", "tap-c", "default");
    return LiveView.build(FakeHost.parse(FILE), h.read(), PlanOptions.defaults(), "fake host");
  }

  private static Map<String, String> states(LiveView v) {
    Map<String, String> m = new LinkedHashMap<>();
    v.objects().forEach(o -> m.put(o.id().toString(), o.state().keyword()));
    return m;
  }

  @Test
  void everyObjectGetsItsDriftState() {
    Map<String, String> s = states(view());
    assertThat(s)
        .containsEntry("link:br0", "modified")
        .containsEntry("link:tap-a", "in-sync")
        .containsEntry("link:br-new", "missing")
        // A foreign TAP exactly as the file declares it: left alone, adoptable, not a conflict.
        .containsEntry("link:tap-c", "unmanaged")
        .containsEntry("link:tap-old", "extra")
        .containsEntry("link:eth0", "unmanaged")
        .containsEntry("network:iso", "in-sync")
        .containsEntry("network:default", "unmanaged")
        .containsEntry("pool:img", "in-sync")
        .containsEntry("volume:img/a.qcow2", "in-sync")
        .containsEntry("vm:web1", "declared")
        .containsEntry("vnic:web1/0", "declared")
        .doesNotContainKey("link:lo");
    // Owned by this topology but not in the file: the planner deletes it, so it is extra, not
    // unmanaged.
    assertThat(s.get("volume:img/stray.raw")).isEqualTo("extra");
    // File objects first, in file order; live-only ones after.
    assertThat(s.keySet())
        .startsWith("link:br0", "link:tap-a", "link:tap-b", "link:tap-c", "link:br-new");
  }

  @Test
  void modifiedObjectsCarryTheDifferingFieldsAndBothSides() {
    LiveView.Obj br0 = view().object("link:br0");
    assertThat(br0.changes())
        .anySatisfy(
            c -> {
              assertThat(c.field()).isEqualTo("mtu");
              assertThat(c.desiredText()).isEqualTo("1400");
              assertThat(c.liveText()).isEqualTo("1500");
            });
    assertThat(br0.desired()).containsEntry("mtu", 1400).containsEntry("kind", "bridge");
    assertThat(br0.live()).containsEntry("mtu", 1500);
    assertThat(br0.owner()).isEqualTo("lab");
    LiveView.Obj conflict = view().object("link:tap-c");
    assertThat(conflict.note()).contains("already exists").contains("was not created by vtopo");
    assertThat(view().object("link:br-new").live()).isNull();
    assertThat(view().object("link:eth0").desired()).isNull();
  }

  @Test
  void theDrawingHasEveryObjectOfFileAndHost() {
    LiveView v = view();
    for (LiveView.Obj o : v.objects()) {
      assertThat(v.svg()).contains("data-id=\"" + o.id() + "\"");
    }
    assertThat(v.endpoints()).containsExactly("web1", "web2");
  }

  @Test
  void withoutAFileEverythingIsLive() {
    FakeHost h = new FakeHost().set(HOST, null);
    LiveView v = LiveView.build(null, h.read(), PlanOptions.defaults(), "fake host");
    assertThat(v.hasFile()).isFalse();
    assertThat(v.objects()).allSatisfy(o -> assertThat(o.state()).isEqualTo(DriftState.LIVE));
    assertThat(v.endpoints()).isEmpty();
    assertThat(v.title()).isEqualTo("live host");
  }

  @Test
  void jsonCarriesStatesCountsAndFields() throws Exception {
    JsonNode j = new ObjectMapper().readTree(view().json());
    assertThat(j.path("title").asText()).isEqualTo("lab");
    assertThat(j.path("counts").path("modified").asInt()).isEqualTo(1);
    assertThat(j.path("counts").path("declared").asInt()).isEqualTo(4);
    JsonNode br0 = null;
    for (JsonNode o : j.path("objects")) {
      if (o.path("id").asText().equals("link:br0")) {
        br0 = o;
      }
    }
    assertThat(br0).isNotNull();
    assertThat(br0.path("state").asText()).isEqualTo("modified");
    assertThat(br0.path("changes").get(0).path("field").asText()).isEqualTo("mtu");
    assertThat(br0.path("desired").path("ports").toString()).isEqualTo("[\"tap-a\",\"tap-b\"]");
    assertThat(j.path("states")).hasSize(DriftState.values().length);
    assertThat(j.path("svg").asText()).startsWith("<svg");
  }

  @Test
  void aFiveHundredObjectHostIsViewedAndDrawnInFull() {
    StringBuilder sb = new StringBuilder("apiVersion: vtopo/v1\nname: big\nlinks:\n");
    for (int b = 0; b < 50; b++) {
      sb.append("  - {name: br").append(b).append(", kind: bridge}\n");
      for (int t = 0; t < 9; t++) {
        sb.append("  - {name: t")
            .append(b)
            .append('-')
            .append(t)
            .append(", kind: tap, master: br")
            .append(b)
            .append("}\n");
      }
    }
    Topology file = FakeHost.parse(sb.toString());
    FakeHost h = new FakeHost().set(sb.toString(), "big");
    LiveView v = LiveView.build(file, h.read(), PlanOptions.defaults(), "fake host");
    assertThat(v.objects())
        .hasSize(500)
        .allSatisfy(o -> assertThat(o.state()).isEqualTo(DriftState.IN_SYNC));
    // Timing is measured by `./vtopo-bench view` (docs/benchmarks.md), not asserted here.
    String json = v.json();
    assertThat(json).contains("br49").contains("t49-8");
  }

  @Test
  void aPortIsDrawnWhereItIsNowAndAnAbsentNicIsNotOfferedForCreation() {
    String file =
        """
        apiVersion: vtopo/v1
        name: lab
        links:
          - {name: eno9, kind: nic}
          - {name: br0, kind: bridge, state: up, ports: [eno9, tap-a, tap-b]}
          - {name: tap-a, kind: tap, state: up}
          - {name: tap-b, kind: tap, state: up}
        vms:
          - {name: web1, nics: [{name: eth0, tap: tap-a, mac: "52:54:00:00:00:0a", ip: 192.0.2.2/24}]}
        """;
    // On the host tap-b left br0 for someone else's bridge, and the NIC eno9 does not exist at all.
    String host =
        """
        apiVersion: vtopo/v1
        name: host
        links:
          - {name: br0, kind: bridge, state: up}
          - {name: br-other, kind: bridge, state: up}
          - {name: tap-a, kind: tap, state: up, master: br0}
          - {name: tap-b, kind: tap, state: up, master: br-other}
        """;
    FakeHost h = new FakeHost().set(host, "lab", "br-other");
    LiveView v =
        LiveView.build(FakeHost.parse(file), h.read(), PlanOptions.defaults(), "fake host");
    assertThat(v.svg())
        .contains("<title>tap-b port of br-other</title>")
        .doesNotContain("<title>tap-b port of br0")
        .contains("<title>tap-a port of br0</title>");
    Map<String, String> s = states(v);
    assertThat(s).containsEntry("link:eno9", "absent").containsEntry("link:tap-b", "modified");
    assertThat(s).doesNotContainValue("missing");
    // The vNIC's address is drawn, and its MAC is in the object's detail fields.
    assertThat(v.svg()).contains(">192.0.2.2/24<");
    assertThat(v.json()).contains("52:54:00:00:00:0a");
  }
}
