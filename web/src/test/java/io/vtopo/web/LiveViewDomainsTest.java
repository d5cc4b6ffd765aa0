package io.vtopo.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.PlanOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The serve page's view of domains: declared devices with their drift, the rest unmanaged, other
 * domains drawn.
 */
class LiveViewDomainsTest {
  static Vnic nic(String mac, String net, String link) {
    return Vnic.live(
        new Vnic.Attachment(Vnic.AttachKind.NETWORK, net),
        MacAddress.parse(mac).orElseThrow(),
        "virtio",
        link,
        null);
  }

  @Test
  void domainsDevicesAndDrift() {
    Vm live =
        new Vm(
            "web",
            List.of(nic("52:54:00:00:00:01", "lab", null), nic("52:54:00:00:00:02", "lab", null)),
            "web",
            List.of(
                new Disk(
                    "vda",
                    Disk.Source.file("/srv/web.img"),
                    "virtio",
                    "disk",
                    "qcow2",
                    false,
                    false)));
    Vm other = new Vm("db", List.of(nic("52:54:00:00:00:09", "lab", null)), "db", List.of());
    HostState h =
        HostState.empty()
            .withDomains(
                List.of(
                    new LiveDomain(
                        "web",
                        true,
                        true,
                        "t",
                        Set.of("52:54:00:00:00:01"),
                        live,
                        live,
                        List.of(),
                        null),
                    new LiveDomain(
                        "db", false, true, null, Set.of(), other, other, List.of(), null)));
    Topology file =
        new Topology(
            "t",
            List.of(),
            List.of(),
            List.of(),
            List.of(
                new Vm("web", List.of(nic("52:54:00:00:00:01", "lab", "down")), "web", List.of())),
            List.of());
    LiveView v = LiveView.build(file, h, PlanOptions.defaults(), "test");
    Map<String, String> states = new TreeMap<>();
    v.objects().forEach(o -> states.put(o.id().toString(), o.state().keyword()));
    assertThat(states)
        .containsEntry("vm:web", "in-sync")
        .containsEntry("vnic:web/52:54:00:00:00:01", "modified")
        .containsEntry("vnic:web/52:54:00:00:00:02", "unmanaged")
        .containsEntry("disk:web/vda", "unmanaged")
        .containsEntry("vm:db", "unmanaged")
        .containsEntry("vnic:db/52:54:00:00:00:09", "unmanaged");
    assertThat(v.object("vm:web").live()).containsEntry("state", "running");
    // The other domain is drawn with its vNIC.
    assertThat(v.svg()).contains("db");
  }
}
