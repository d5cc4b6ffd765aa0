package io.vtopo.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.apply.Engine;
import io.vtopo.core.apply.Journal;
import io.vtopo.core.backend.DomainBackend;
import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.plan.DeviceEffect;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.core.plan.Step;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.NativeDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * Plan and apply of devices against libvirt's test driver: labels, flags, ownership, rollback from
 * the checkpoint. The test driver keeps a running domain's live and persistent definitions apart,
 * as QEMU does.
 */
class DomainBackendTest {
  static final MacAddress NIC0 = mac("52:54:00:00:00:00");
  static final MacAddress NIC1 = mac("52:54:00:00:00:01");
  static final MacAddress NEW = mac("52:54:00:bb:00:01");

  @TempDir Path dir;
  Connect conn;
  LibvirtDomainBackend backend;

  @BeforeEach
  void open() throws Exception {
    Path node = dir.resolve("node.xml");
    Files.writeString(node, TestNode.node(2, 2, 1));
    conn = LibvirtConnections.open("test://" + node);
    backend = new LibvirtDomainBackend(conn, dir.resolve("checkpoint"), (t, b) -> {});
    // vm1 is shut off (persistent, not running): it gets config-only changes, which the test driver
    // can carry out.
    conn.domainLookupByName("vm1").destroy();
  }

  LiveDomain dom(String name) {
    return backend.list().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  @AfterEach
  void close() {
    LibvirtConnections.closeQuietly(conn);
  }

  HostState host() {
    return HostState.empty().withDomains(backend.list());
  }

  static Vnic nic(MacAddress mac, Vnic.AttachKind k, String target, String model, String link) {
    return Vnic.live(new Vnic.Attachment(k, target), mac, model, link, null);
  }

  /** A VM named after its domain. */
  static Vm vm(String domain, List<Vnic> nics, List<Disk> disks) {
    return new Vm(domain, nics, domain, disks);
  }

  static Topology topo(Vm... vms) {
    return new Topology("t1", List.of(), List.of(), List.of(), List.of(vms), List.of());
  }

  Engine engine() {
    return engine(backend).withDetachTimeout(Duration.ofSeconds(2));
  }

  /**
   * An engine over {@code domains} (a failing or dying wrapper of the backend) and t1's journal.
   */
  Engine engine(DomainBackend domains) {
    return new Engine(
        new Engine.Backends(null, null, null, domains),
        Journal.at(dir.resolve("state"), "t1"),
        this::host,
        Engine.Progress.NONE,
        2,
        Duration.ofMillis(10));
  }

  static MacAddress mac(String text) {
    return MacAddress.parse(text).orElseThrow();
  }

  /** A virtio qcow2 disk on a volume of the test driver's {@code images} pool. */
  static Disk volumeDisk(String target, String volume) {
    return new Disk(
        target, Disk.Source.volume("images", volume), "virtio", null, "qcow2", null, null);
  }

  @Test
  void missingDomainIsAPlanErrorNotACrash() {
    Plan p = Planner.plan(topo(vm("ghost", List.of(), List.of())), host(), PlanOptions.defaults());
    assertThat(p.refusals())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id().toString()).isEqualTo("vm:ghost");
              assertThat(r.reason())
                  .contains("domain 'ghost' does not exist on this host")
                  .contains("never defines");
            });
  }

  @Test
  void unownedDomainIsRefusedUntilAdopted() {
    Vm vm = vm("vm0", List.of(nic(NIC0, Vnic.AttachKind.NETWORK, "net0", null, null)), List.of());
    // As the file declares it: left alone, counted as unmanaged (plan exits 0, names adopt --all).
    Plan p = Planner.plan(topo(vm), host(), PlanOptions.defaults());
    assertThat(p.refusals()).isEmpty();
    assertThat(p.steps()).isEmpty();
    assertThat(p.unmanaged()).extracting(f -> f.id().toString()).containsExactly("vm:vm0");
    // A change to it is refused until it is adopted, naming the command.
    Vm changed =
        vm("vm0", List.of(nic(NIC0, Vnic.AttachKind.NETWORK, "net0", "e1000", null)), List.of());
    assertThat(Planner.plan(topo(changed), host(), PlanOptions.defaults()).refusals())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).contains("not managed by vtopo").contains("model");
              assertThat(r.adoptCommand("f.yaml")).isEqualTo("vtopo adopt f.yaml vm:vm0");
            });
    backend.adopt("vm0", "t1");
    assertThat(dom("vm0").owner()).isEqualTo("t1");
    assertThat(Planner.plan(topo(vm), host(), PlanOptions.defaults()).refusals()).isEmpty();
    assertThat(Planner.plan(topo(changed), host(), PlanOptions.defaults()).refusals()).isEmpty();
  }

  @Test
  void labelsFollowWhatLibvirtChangesLive() {
    backend.adopt("vm0", "t1");
    backend.adopt("vm1", "t1");
    Vm vm =
        new Vm(
            "vm0",
            List.of(
                nic(NIC0, Vnic.AttachKind.NETWORK, "net0", "e1000", null), // model: next boot
                nic(NIC1, Vnic.AttachKind.BRIDGE, "br0", null, "down"), // link: live
                nic(NEW, Vnic.AttachKind.NETWORK, "net1", "virtio", null)), // new: hot-plug
            "vm0",
            List.of(volumeDisk("vdb", "d1-0.qcow2")));
    Plan p = Planner.plan(topo(vm), host(), PlanOptions.defaults());
    Map<String, DeviceEffect> effects =
        p.steps().stream()
            .map(s -> (Step.DeviceStep) s)
            .collect(Collectors.toMap(s -> s.id().toString(), Step.DeviceStep::effect));
    assertThat(effects)
        .containsEntry("vnic:vm0/52:54:00:00:00:00", DeviceEffect.NEXT_BOOT)
        .containsEntry("vnic:vm0/52:54:00:00:00:01", DeviceEffect.LIVE)
        .containsEntry("vnic:vm0/52:54:00:bb:00:01", DeviceEffect.HOT_PLUG)
        .containsEntry("disk:vm0/vdb", DeviceEffect.HOT_PLUG);
    assertThat(io.vtopo.render.PlanJson.of(p))
        .contains("\"effect\" : \"next boot\"")
        .contains("\"effect\" : \"hot-plug\"");
    assertThat(PlanRenderer.text(p))
        .contains("{live}")
        .contains("model: virtio -> e1000 (next boot)");
  }

  @Test
  void shutOffDomainGetsConfigOnlyChangesAndDetachesWhatTheFileDrops() {
    backend.adopt("vm1", "t1");
    MacAddress m0 = mac("52:54:00:00:01:00");
    Vm vm =
        vm(
            "vm1",
            List.of(
                nic(m0, Vnic.AttachKind.NETWORK, "net1", "e1000", "down"),
                nic(NEW, Vnic.AttachKind.NETWORK, "net1", "virtio", null)),
            List.of(volumeDisk("vdb", "d0-0.qcow2")));
    Plan p = Planner.plan(topo(vm), host(), PlanOptions.defaults());
    assertThat(p.steps())
        .allSatisfy(
            s -> assertThat(((Step.DeviceStep) s).effect()).isEqualTo(DeviceEffect.CONFIG_ONLY));
    assertThat(p.steps()).hasSize(3);
    Engine.Result r = engine().apply(topo(vm), host(), p, PlanOptions.defaults());
    assertThat(r.failure()).isNull();
    assertThat(r.applied()).isTrue();
    LiveDomain d = dom("vm1");
    Vnic c0 = d.config().nics().stream().filter(n -> n.mac().equals(m0)).findFirst().orElseThrow();
    assertThat(c0.model()).isEqualTo("e1000");
    assertThat(c0.link()).isEqualTo("down");
    assertThat(c0.attachment().target()).isEqualTo("net1");
    assertThat(d.config().nics()).extracting(Vnic::mac).contains(NEW);
    assertThat(d.config().disks()).extracting(Disk::target).contains("vdb");
    assertThat(d.managed()).contains(NEW.toString(), "vdb", m0.toString());
    // Idempotent: nothing left to do.
    assertThat(Planner.plan(topo(vm), host(), PlanOptions.defaults()).steps()).isEmpty();

    // Dropping the new vNIC from the file detaches it (vtopo manages it); the domain's other
    // devices stay.
    Vm less = vm("vm1", vm.nics().subList(0, 1), vm.disks());
    Plan detach = Planner.plan(topo(less), host(), PlanOptions.defaults());
    assertThat(detach.steps())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id().toString()).isEqualTo("vnic:vm1/52:54:00:bb:00:01");
              assertThat(s.action().verb()).isEqualTo("delete");
            });
    assertThat(engine().apply(topo(less), host(), detach, PlanOptions.defaults()).applied())
        .isTrue();
    assertThat(Planner.plan(topo(less), host(), PlanOptions.defaults()).steps()).isEmpty();
    assertThat(dom("vm1").config().nics()).extracting(Vnic::mac).doesNotContain(NEW);
  }

  @Test
  void undeclaredDevicesAreLeftAloneAndShownUnmanaged() {
    backend.adopt("vm0", "t1");
    Vm vm = vm("vm0", List.of(nic(NIC0, Vnic.AttachKind.NETWORK, "net0", null, null)), List.of());
    Plan p = Planner.plan(topo(vm), host(), PlanOptions.defaults());
    assertThat(p.steps()).isEmpty();
    assertThat(p.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .contains("unmanaged")
                    .contains("vnic 52:54:00:00:00:01 (bridge br0)")
                    .contains("disk vda"));
  }

  @Test
  void failedApplyRestoresThePersistentXml() {
    backend.adopt("vm1", "t1");
    NativeDomains.NativeDomain before = NativeDomains.lookup(conn, "vm1");
    Vm vm =
        vm(
            "vm1",
            List.of(
                nic(mac("52:54:00:00:01:00"), Vnic.AttachKind.NETWORK, "net0", "e1000", null),
                nic(mac("52:54:00:00:01:01"), Vnic.AttachKind.BRIDGE, "br0", null, "down"),
                nic(NEW, Vnic.AttachKind.NETWORK, "net1", "virtio", null),
                nic(mac("52:54:00:bb:00:02"), Vnic.AttachKind.NETWORK, "net1", "virtio", null)),
            List.of(volumeDisk("vdz", "d1-0.qcow2")));
    Plan p = Planner.plan(topo(vm), host(), PlanOptions.defaults());
    assertThat(p.steps()).hasSize(5);
    // The last mutating call fails: everything before it is undone from the checkpoint.
    Engine e = engine(InterceptingDomainBackend.failingAt(backend, p.steps().size()));
    Engine.Result r = e.apply(topo(vm), host(), p, PlanOptions.defaults());
    assertThat(r.applied()).isFalse();
    assertThat(r.rolledBack()).isTrue();
    assertThat(r.unrestorable()).isEmpty();
    NativeDomains.NativeDomain after = NativeDomains.lookup(conn, "vm1");
    assertThat(after.liveXml()).isEqualTo(before.liveXml());
    assertThat(after.inactiveXml()).isEqualTo(before.inactiveXml());
  }

  /**
   * Every mutating call of a mixed device plan, failed in turn: the persistent XML is
   * byte-identical afterwards.
   */
  @Test
  void faultAtEveryMutatingCallIsRolledBack() {
    backend.adopt("vm1", "t1");
    Vm vm =
        vm(
            "vm1",
            List.of(
                nic(mac("52:54:00:00:01:00"), Vnic.AttachKind.NETWORK, "net1", "e1000", "down"),
                nic(NEW, Vnic.AttachKind.BRIDGE, "br0", "virtio", null)),
            List.of(
                new Disk(
                    "vdc", Disk.Source.file("/srv/c.img"), "virtio", null, "raw", null, true)));
    // Also drop a managed device: vda is recorded as managed, then left out of the file.
    Vm withVda = vm("vm1", List.of(), List.of(volumeDisk("vda", "d1-0.qcow2")));
    assertThat(
            engine()
                .apply(
                    topo(withVda),
                    host(),
                    Planner.plan(topo(withVda), host(), PlanOptions.defaults()),
                    PlanOptions.defaults())
                .applied())
        .isTrue();
    backend.update("vm1", null, withVda.disks().get(0), "t1");
    assertThat(dom("vm1").managed()).contains("vda");
    Plan p = Planner.plan(topo(vm), host(), PlanOptions.defaults());
    assertThat(p.steps()).hasSize(4);
    NativeDomains.NativeDomain before = NativeDomains.lookup(conn, "vm1");
    for (int k = 1; k <= p.steps().size(); k++) {
      Engine e = engine(InterceptingDomainBackend.failingAt(backend, k));
      Engine.Result r =
          e.apply(
              topo(vm),
              host(),
              Planner.plan(topo(vm), host(), PlanOptions.defaults()),
              PlanOptions.defaults());
      assertThat(r.failure()).as("fault at call %d", k).contains("injected failure");
      assertThat(r.unrestorable()).isEmpty();
      assertThat(NativeDomains.lookup(conn, "vm1").inactiveXml())
          .as("fault at call %d", k)
          .isEqualTo(before.inactiveXml());
    }
  }

  /**
   * An apply that dies mid-way (as under kill -9) leaves its journal and checkpoint; recover
   * restores the domain.
   */
  @Test
  void recoverAfterACrashRestoresTheDomain() {
    backend.adopt("vm1", "t1");
    NativeDomains.NativeDomain before = NativeDomains.lookup(conn, "vm1");
    Vm vm =
        vm(
            "vm1",
            List.of(
                nic(mac("52:54:00:00:01:00"), Vnic.AttachKind.NETWORK, "net1", "e1000", "down"),
                nic(NEW, Vnic.AttachKind.NETWORK, "net0", "virtio", null)),
            List.of());
    Plan p = Planner.plan(topo(vm), host(), PlanOptions.defaults());
    assertThat(p.steps()).hasSize(2);
    DomainBackend dying =
        new InterceptingDomainBackend(
            backend,
            (k, op, domain) -> {
              if (op.equals("attach")) {
                throw new Crash();
              }
            });
    Engine e = engine(dying);
    assertThatThrownBy(() -> e.apply(topo(vm), host(), p, PlanOptions.defaults()))
        .isInstanceOf(Crash.class);
    assertThat(NativeDomains.lookup(conn, "vm1").inactiveXml()).isNotEqualTo(before.inactiveXml());
    assertThat(Journal.at(dir.resolve("state"), "t1").exists()).isTrue();
    // A new process: a new backend over the same checkpoint directory.
    LibvirtDomainBackend fresh =
        new LibvirtDomainBackend(conn, dir.resolve("checkpoint"), (t, b) -> {});
    List<String> lost = engine(fresh).recover("t1");
    assertThat(lost).isEmpty();
    assertThat(NativeDomains.lookup(conn, "vm1").inactiveXml()).isEqualTo(before.inactiveXml());
    assertThat(Journal.at(dir.resolve("state"), "t1").exists()).isFalse();
  }

  /** What a process killed mid-apply leaves behind: nothing runs after it. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void foreignOwnerIsCheckedAtTheMomentOfTheAction() {
    backend.adopt("vm0", "other");
    assertThatThrownBy(
            () ->
                backend.attach(
                    "vm0", nic(NEW, Vnic.AttachKind.NETWORK, "net1", null, null), true, true, "t1"))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("owned by topology 'other'");
  }
}
