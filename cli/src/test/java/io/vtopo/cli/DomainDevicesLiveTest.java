package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.apply.Engine;
import io.vtopo.core.backend.DomainBackend;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import io.vtopo.domain.InterceptingDomainBackend;
import io.vtopo.host.HostSession;
import io.vtopo.libvirt.LibvirtConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/**
 * Devices of a running domain on the real libvirtd: one persistent TCG domain without an OS
 * (SeaBIOS waits for a boot device), so it runs cheaply and, like a guest that ignores ACPI unplug
 * requests, never releases a device. In order: hot-plug a vNIC, a live change and a next-boot
 * change, a network restart that keeps the guest's TAPs on the bridge, a hot-unplug the guest
 * ignores (timeout, rolled back), and a domain deleted behind vtopo's back during an apply.
 */
class DomainDevicesLiveTest extends LiveHostTest {
  private String domain;
  private Connect conn;

  /** The test's isolated network, its bridge and its /24 (as {@link LiveHost#benchmark24}). */
  private String net;

  private String bridge;
  private String c;

  @AfterEach
  void removeDomain() {
    if (domain != null) {
      LiveHost.cmd("virsh", "-c", LiveHost.URI, "destroy", domain);
      LiveHost.cmd("virsh", "-c", LiveHost.URI, "undefine", domain);
    }
    LibvirtConnections.closeQuietly(conn);
  }

  private Path file(String name, int delay, String... nics) throws Exception {
    return host.file(
        name,
        String.format(
            """
        apiVersion: vtopo/v1
        name: %1$s
        networks:
          - {name: %2$s, mode: isolated, bridge: %3$s, stp: false, delay: %4$d, ips: [{address: %5$s1/24}]}
        vms:
          - name: web
            domain: %6$s
            nics:
        %7$s
        """,
            host.prefix, net, bridge, delay, c, domain, String.join("\n", nics)));
  }

  /** {@code vtopo plan} of {@code f} against the system libvirt, with {@code more} options. */
  private LiveHost.Run plan(Path f, String... more) {
    List<String> a = new ArrayList<>(List.of("plan", f.toString(), "--connect", LiveHost.URI));
    a.addAll(List.of(more));
    return LiveHost.vtopo(args(a.toArray(String[]::new)));
  }

  /** {@code vtopo apply} of {@code f} against the system libvirt, which must succeed. */
  private void applied(Path f) {
    LiveHost.Run a =
        LiveHost.vtopo(args("apply", f.toString(), "--connect", LiveHost.URI, "--yes"));
    assertThat(a.code()).as(a.toString()).isZero();
  }

  private String nic(String mac, String extra) {
    return "      - {network: " + net + ", mac: '" + mac + "'" + extra + "}";
  }

  private String liveXml() {
    return LiveHost.virsh("dumpxml", domain);
  }

  private String inactiveXml() {
    return LiveHost.virsh("dumpxml", domain, "--inactive");
  }

  private static String masterOf(String tap) {
    Matcher m =
        Pattern.compile(" master (\\S+)")
            .matcher(LiveHost.sh("ip", "-o", "link", "show", "dev", tap));
    return m.find() ? m.group(1) : null;
  }

  private static String tapOf(String ifaceXml) {
    Matcher m = Pattern.compile("<target dev='([^']+)'").matcher(ifaceXml);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void hotPlugLiveAndNextBootChangesRestartTimeoutAndADeletedDomain() throws Exception {
    c = LiveHost.benchmark24();
    net = host.prefix + "-dn";
    bridge = host.lp + "d";
    domain = host.prefix + "-web";
    String idBytes = host.id.substring(0, 2) + ":" + host.id.substring(2);
    String m1 = "52:54:00:" + idBytes + ":01";
    String m2 = "52:54:00:" + idBytes + ":02";

    Path f1 = file("d1.yaml", 0, nic(m1, ", model: virtio"));
    LiveHost.Run a =
        LiveHost.vtopo(args("apply", f1.toString(), "--connect", LiveHost.URI, "--yes"));
    // The vm's domain does not exist yet: a plan error naming it, and nothing changes.
    assertThat(a.code()).as(a.toString()).isEqualTo(1);
    assertThat(a.out() + a.err())
        .contains("vm:web")
        .contains("domain '" + domain + "' does not exist");

    conn = LibvirtConnections.open(LiveHost.URI);
    Path f0 =
        host.file(
            "d0.yaml",
            String.format(
                """
        apiVersion: vtopo/v1
        name: %1$s
        networks:
          - {name: %2$s, mode: isolated, bridge: %3$s, stp: false, delay: 0, ips: [{address: %4$s1/24}]}
        """,
                host.prefix, net, bridge, c));
    applied(f0);
    conn.domainDefineXML(domainXml(domain, m1, net)).create();
    a = LiveHost.vtopo(args("adopt", f1.toString(), "vm:web", "--connect", LiveHost.URI));
    assertThat(a.code()).as(a.toString()).isZero();
    LiveHost.Run p = plan(f1);
    assertThat(p.code()).as(p.toString()).isZero();

    // 1. Hot-plug a second vNIC: labelled, and in both the live and the persistent XML afterwards,
    // its TAP on the bridge.
    Path f2 = file("d2.yaml", 0, nic(m1, ", model: virtio"), nic(m2, ", model: virtio"));
    p = plan(f2, "-o", "json");
    assertThat(p.code()).as(p.toString()).isEqualTo(2);
    assertThat(p.out()).contains("\"effect\" : \"hot-plug\"").contains("vnic:web/" + m2);
    long t0 = System.nanoTime();
    applied(f2);
    long hotplugMs = (System.nanoTime() - t0) / 1_000_000;
    String tap2 = tapOf(LiveHost.iface(liveXml(), m2));
    assertThat(tap2).as(liveXml()).isNotNull();
    assertThat(masterOf(tap2)).isEqualTo(bridge);
    assertThat(LiveHost.iface(inactiveXml(), m2)).isNotEmpty();

    // 2. Link down (live) and model e1000 (next boot) on the first vNIC.
    Path f3 = file("d3.yaml", 0, nic(m1, ", model: e1000, link: down"), nic(m2, ", model: virtio"));
    p = plan(f3);
    assertThat(p.out())
        .as(p.toString())
        .contains("{next boot}")
        .contains("link: up -> down (live)")
        .contains("model: virtio -> e1000 (next boot)");
    applied(f3);
    assertThat(LiveHost.iface(liveXml(), m1))
        .contains("<link state='down'/>")
        .contains("<model type='virtio'/>");
    assertThat(LiveHost.iface(inactiveXml(), m1))
        .contains("<model type='e1000'/>")
        .contains("<link state='down'/>");

    // 3. A change that restarts the network: the plan names the running guest, whose TAPs are back
    // on the bridge.
    Path f4 = file("d4.yaml", 2, nic(m1, ", model: e1000, link: down"), nic(m2, ", model: virtio"));
    p = plan(f4);
    assertThat(p.out())
        .as(p.toString())
        .contains("restart]")
        .contains("vm " + domain + " (" + tap2 + ") stays" + " connected");
    t0 = System.nanoTime();
    applied(f4);
    long restartMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(masterOf(tap2)).isEqualTo(bridge);
    assertThat(masterOf(tapOf(LiveHost.iface(liveXml(), m1)))).isEqualTo(bridge);

    // 4. Dropping the second vNIC: the guest (no OS) ignores the unplug request; timeout, rolled
    // back.
    Path f5 = file("d5.yaml", 2, nic(m1, ", model: e1000, link: down"));
    String liveBefore = liveXml();
    String inactiveBefore = inactiveXml();
    Engine.Result r;
    t0 = System.nanoTime();
    try (HostSession s = HostSession.open(host.options(ns).target())) {
      Topology t = TopologyReader.read(f5).topology().orElseThrow();
      HostState before = s.read();
      PlanOptions o = s.options(false, false, false);
      Plan plan = Planner.plan(t, before, o);
      assertThat(io.vtopo.core.plan.PlanRenderer.text(plan)).contains("{hot-unplug}");
      r =
          s.engine(t.name(), Engine.Progress.NONE)
              .withDetachTimeout(Duration.ofSeconds(3))
              .apply(t, before, plan, o);
    }
    long timeoutMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.applied()).isFalse();
    assertThat(r.failure()).contains("did not release the device within 3 s");
    assertThat(r.rolledBack()).isTrue();
    // The unplug request stays with QEMU: the report says the guest may still answer it.
    assertThat(r.unrestorable()).isEmpty();
    assertThat(r.failure()).contains("may still release the device later");
    assertThat(LiveHost.iface(liveXml(), m2)).isNotEmpty();
    assertThat(inactiveXml()).isEqualTo(inactiveBefore);
    assertThat(liveXml()).isEqualTo(liveBefore);

    // 5. The domain is deleted behind vtopo's back during an apply: the step fails, and the report
    // says so.
    Path f6 = file("d6.yaml", 2, nic(m1, ", model: e1000, link: up"), nic(m2, ", model: virtio"));
    try (HostSession s = HostSession.open(host.options(ns).target())) {
      Topology t = TopologyReader.read(f6).topology().orElseThrow();
      HostState before = s.read();
      PlanOptions o = s.options(false, false, false);
      Plan plan = Planner.plan(t, before, o);
      // Deletes the domain (destroy + undefine) right before the first device change reaches it.
      String victim = domain;
      DomainBackend deleting =
          new InterceptingDomainBackend(
              s.domains(t.name()),
              (k, op, dom) -> {
                if (k == 1) {
                  LiveHost.cmd("virsh", "-c", LiveHost.URI, "destroy", victim);
                  LiveHost.cmd("virsh", "-c", LiveHost.URI, "undefine", victim);
                }
              });
      r =
          new Engine(
                  new Engine.Backends(s.links, s.networks, s.storage, deleting),
                  s.journal(t.name()),
                  s::read,
                  Engine.Progress.NONE,
                  2,
                  Duration.ofMillis(100))
              .apply(t, before, plan, o);
    }
    assertThat(r.applied()).isFalse();
    assertThat(r.failure()).contains("no longer exists");
    assertThat(r.unrestorable())
        .anySatisfy(u -> assertThat(u).contains("deleted during the apply"));
    domain = null;
    System.out.printf(
        "DomainDevicesLiveTest: hot-plug apply %d ms, network restart + reconnect apply %d ms,"
            + " hot-unplug timeout (3 s) + rollback %d ms%n",
        hotplugMs, restartMs, timeoutMs);
  }

  /**
   * A persistent TCG domain without disks or kernel: it runs SeaBIOS and never answers an unplug
   * request.
   */
  static String domainXml(String name, String mac, String network) {
    return """
        <domain type='qemu'>
          <name>%1$s</name>
          <memory unit='MiB'>32</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='network'/></os>
          <features><acpi/></features>
          <devices>
            <interface type='network'>
              <source network='%3$s'/>
              <mac address='%2$s'/>
              <model type='virtio'/>
              <rom enabled='no'/>
            </interface>
            <memballoon model='none'/>
          </devices>
        </domain>
        """
        .formatted(name, mac, network);
  }
}
