package io.vtopo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan drawing marks each step's object with its state. */
class PlanOverlayTest {
  static final String HEAD =
      "apiVersion: vtopo/v1\nname: lab\nlinks:\n"
          + "  - {name: eno1, kind: nic, mtu: 1500}\n"
          + "  - {name: eno1.10, kind: vlan, parent: eno1, id: 10}\n"
          + "  - {name: tap-a, kind: tap, vnet-hdr: true}\n";
  static final String BOTH_ON_BR10 =
      HEAD
          + "  - {name: br10, kind: bridge, stp: false, ports: [eno1.10, tap-a, tap-b], addresses: [192.0.2.1/24]}\n"
          + "  - {name: tap-b, kind: tap, vnet-hdr: true}\n";

  static Topology read(String yaml) {
    TopologyReader.Result r = TopologyReader.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(r.diagnostics().sorted()).isEmpty();
    return r.topology().orElseThrow();
  }

  /** The host as this file would leave it, every link but the NIC owned by the file's topology. */
  static HostState applied(Topology t) {
    return new HostState(
        Planner.effectiveLinks(t).stream()
            .map(l -> new Owned<>(l, l.kind().equals("nic") ? null : t.name()))
            .toList(),
        List.of(),
        List.of());
  }

  @Test
  void creationsModificationsAndDeletionsAreDrawnDistinctly() {
    HostState live = applied(read(BOTH_ON_BR10));
    Topology moved =
        read(
            HEAD
                + "  - {name: br10, kind: bridge, stp: false, ports: [eno1.10, tap-a], addresses: [192.0.2.1/24]}\n"
                + "  - {name: tap-b, kind: tap, vnet-hdr: true, master: br20}\n"
                + "  - {name: br20, kind: bridge, stp: false}\n");
    Plan p = Planner.plan(moved, live, PlanOptions.defaults());
    String svg = PlanOverlay.svg(moved, p);
    assertThat(svg)
        .contains("<title>link:br20 [created]</title>")
        .contains("<title>link:tap-b [modified]</title>")
        .contains("stroke=\"#2ca02c\" stroke-width=\"3\"");
    Topology removed =
        read(
            HEAD
                + "  - {name: br10, kind: bridge, stp: false, ports: [eno1.10, tap-a], addresses: [192.0.2.1/24]}\n");
    String svg2 = PlanOverlay.svg(removed, Planner.plan(removed, live, PlanOptions.defaults()));
    assertThat(svg2)
        .contains("<title>link:tap-b [deleted]</title>")
        .contains("stroke-dasharray=\"6 3\"");
    assertThat(svg2)
        .isEqualTo(PlanOverlay.svg(removed, Planner.plan(removed, live, PlanOptions.defaults())));
  }
}
