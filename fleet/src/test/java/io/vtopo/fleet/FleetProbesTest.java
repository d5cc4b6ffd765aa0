package io.vtopo.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probes a host must pass: its address unclaimed, its gateway, its overlay peers (only those),
 * user probes.
 */
class FleetProbesTest {
  private static FleetRender render() {
    FleetFile f = FleetFile.load(Path.of("../examples/fleet/four-hosts.yaml"));
    assertThat(f.valid(true)).isTrue();
    return f.render();
  }

  @Test
  void aHostProbesItsPeersOnItsSegmentsAndItsOwnUserProbes() {
    List<String> kvm1 =
        FleetProbes.of(render(), "kvm1").stream().map(c -> c.kind() + " " + c.target()).toList();
    assertThat(kvm1)
        .containsExactly(
            "dad 203.0.113.11", "ping 203.0.113.1", "ping 203.0.113.13", "ping 203.0.113.53");
    List<String> kvm3 = FleetProbes.of(render(), "kvm3").stream().map(c -> c.name()).toList();
    assertThat(kvm3)
        .containsExactly(
            "underlay address 203.0.113.13 is this host's alone",
            "underlay gateway 203.0.113.1",
            "overlay peer kvm1 (app)",
            "overlay peer kvm2 (db)",
            "overlay peer kvm4 (db)");
  }

  @Test
  void anUnknownHostIsNamed() {
    assertThatThrownBy(() -> FleetProbes.of(render(), "kvm9"))
        .hasMessageContaining("no host named 'kvm9'");
  }
}
