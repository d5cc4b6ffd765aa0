package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vtopo.core.apply.Engine;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.host.HostSession;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.NativeDomains;
import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * Device changes on a guest that really runs: one persistent TCG domain booted once for the class
 * from the guest image of {@code scripts/guest-image.sh} in its {@code agent} mode, which answers
 * commands on its serial console ({@code ping IP}, {@code dhcp IF}, {@code nics}, {@code disks}).
 * Each test writes the whole topology file and applies it with vtopo; what the guest itself reports
 * on its console, libvirt's XML and libvirt's lease records are the oracles.
 *
 * <p>Two isolated libvirt networks A and B (198.18.0.0/15) each hold a test probe: a named
 * namespace with a veth on the network's bridge and a fixed address ({@code pa}, {@code pb}, VMs of
 * the file without a domain). The guest pings them and the networks' gateways only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestDevicesLiveTest {
  private static final Pattern ANSWER = Pattern.compile("VTOPO-GUE\\S* r(\\d+) (.*?) t=[\\d.]+");
  private static final long BOOT_TIMEOUT_MS = 120_000;
  private static final long ANSWER_TIMEOUT_MS = 60_000;

  @TempDir static Path tmp;

  private LiveHost host;
  private String ns;
  private Connect conn;
  private String domain;
  private String netA;
  private String netB;
  private String a;
  private String b;
  private String m1;
  private String m2;
  private Path console;
  private SocketChannel input;
  private int nextId = 100;
  private long classStart;
  private final Map<String, Long> timings = new LinkedHashMap<>();

  @BeforeAll
  void bootGuest() throws Exception {
    classStart = System.nanoTime();
    host = new LiveHost(tmp);
    Path image = GuestEndToEndTest.IMAGE;
    Privileged.assume(
        Files.isReadable(image.resolve("vmlinuz")) && Files.isReadable(image.resolve("initrd.gz")),
        "guest image not built in " + image + " (run 'bash scripts/setup-host.sh guest' as root)");
    Privileged.assume(
        hasAgent(image.resolve("initrd.gz")),
        "the guest image in "
            + image
            + " predates the agent mode of scripts/guest-image.sh (run 'bash"
            + " scripts/setup-host.sh guest' again)");
    Privileged.assume(
        Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
        "qemu-system-x86_64 is not installed (run 'bash scripts/setup-host.sh packages')");
    ns = host.netns("");
    a = LiveHost.benchmark24();
    b = LiveHost.benchmark24();
    netA = host.prefix + "-a";
    netB = host.prefix + "-b";
    domain = host.prefix + "-guest";
    String idBytes = host.id.substring(0, 2) + ":" + host.id.substring(2);
    m1 = "52:54:00:" + idBytes + ":01";
    m2 = "52:54:00:" + idBytes + ":02";

    // Networks, pool and the probes first; the domain is defined on network A and adopted.
    LiveHost.Run r = apply(file("f0.yaml", "", "", 0));
    assertThat(r.code()).as(r.toString()).isZero();
    probe("pa", host.lp + "a", a + "200/24");
    probe("pb", host.lp + "b", b + "200/24");
    conn = LibvirtConnections.open(LiveHost.URI);
    console = tmp.resolve("console.log");
    Path sock = tmp.resolve("console.sock");
    long t0 = System.nanoTime();
    conn.domainDefineXML(domainXml(sock)).create();
    String boot = awaitText("VTOPO-GUEST done", BOOT_TIMEOUT_MS);
    timings.put("boot to 'done' (wall)", ms(t0));
    assertThat(boot).as("the guest's first lease, on network A").contains("lease=" + a);
    input = SocketChannel.open(UnixDomainSocketAddress.of(sock));
    // QEMU writes the console to the connected socket as well as to the log: drained here, or the
    // guest's serial port stalls once the socket's buffer is full.
    Thread drain =
        new Thread(
            () -> {
              ByteBuffer sink = ByteBuffer.allocate(8192);
              try {
                while (input.read(sink.clear()) >= 0) {
                  // the log file has the same bytes
                }
              } catch (IOException closed) {
                // the class is done
              }
            },
            "guest-console-drain");
    drain.setDaemon(true);
    drain.start();
    r = LiveHost.vtopo(args("adopt", file("f1.yaml", eth0(netA, ""), "", 0), "vm:guest"));
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @AfterAll
  void cleanUp() throws IOException {
    try {
      if (input != null) {
        input.close();
      }
      if (domain != null) {
        LiveHost.cmd("virsh", "-c", LiveHost.URI, "destroy", domain);
        LiveHost.cmd("virsh", "-c", LiveHost.URI, "undefine", domain);
      }
      LibvirtConnections.closeQuietly(conn);
    } finally {
      if (host != null) {
        host.close();
      }
    }
    StringBuilder t = new StringBuilder("GuestDevicesLiveTest timings:");
    timings.forEach((k, v) -> t.append("\n  ").append(k).append(": ").append(v).append(" ms"));
    t.append("\n  whole class (wall): ").append(ms(classStart)).append(" ms");
    System.out.println(t);
  }

  @Test
  @Order(1)
  void hotPluggedVnicIsAVirtioNicInTheGuestAndGetsALeaseOnItsNetwork() throws Exception {
    String f =
        file("hp.yaml", eth0(netA, "") + "\n" + nic("eth1", netB, m2, ", model: virtio"), "", 0);
    LiveHost.Run p = plan(f, "-o", "json");
    assertThat(p.out()).as(p.toString()).contains("\"effect\" : \"hot-plug\"");
    long t0 = System.nanoTime();
    LiveHost.Run r = apply(f);
    timings.put("hot-plug a vNIC (apply)", ms(t0));
    assertThat(r.code()).as(r.toString()).isZero();

    // The guest's kernel sees a new virtio NIC with the declared MAC, and DHCP on it gives an
    // address in network B's range.
    // The guest's kernel learns of the new PCI device through ACPI; under TCG that takes a moment.
    t0 = System.nanoTime();
    String nicLine = awaitGuest("nics", l -> l.contains("mac=" + m2));
    timings.put("hot-plugged vNIC seen by the guest's kernel", ms(t0));
    assertThat(nicLine).contains("driver=virtio_net");
    String ifname = nicLine.split(" ")[1];
    t0 = System.nanoTime();
    String lease = guest("dhcp " + ifname).get(0);
    timings.put("DHCP lease on the hot-plugged vNIC (in the guest)", ms(t0));
    Matcher m = Pattern.compile("lease=(\\S+)/(\\d+)").matcher(lease);
    assertThat(m.find()).as(lease).isTrue();
    String got = m.group(1);
    assertThat(got).startsWith(b);
    int last = Integer.parseInt(got.substring(b.length()));
    assertThat(last).as("in B's DHCP range").isBetween(10, 40);
    // libvirt's own record: virDomainInterfaceAddresses from the network's leases.
    // (dnsmasq's lease helper writes the network's status file a moment after the lease.)
    List<NativeDomains.InterfaceAddresses> ifs = List.of();
    long deadline = System.nanoTime() + 20_000_000_000L;
    do {
      if (!ifs.isEmpty()) {
        Thread.sleep(200);
      }
      ifs = NativeDomains.interfaceAddresses(conn, domain, NativeDomains.ADDRESSES_SRC_LEASE);
    } while (ifs.stream().noneMatch(i -> m2.equals(i.mac())) && System.nanoTime() < deadline);
    assertThat(ifs)
        .as("virDomainInterfaceAddresses(LEASE)")
        .anySatisfy(
            i -> {
              assertThat(i.mac()).isEqualTo(m2);
              assertThat(i.addresses()).contains(got + "/24");
            });

    // Dropping it from the file unplugs it: this guest releases the device, so the detach
    // completes.
    f = file("hu.yaml", eth0(netA, ""), "", 0);
    assertThat(plan(f).out()).contains("{hot-unplug}");
    t0 = System.nanoTime();
    r = apply(f);
    timings.put("hot-unplug a vNIC the guest releases (apply)", ms(t0));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(guest("nics")).noneMatch(l -> l.contains("mac=" + m2));
    assertThat(LiveHost.iface(liveXml(), m2)).isEmpty();
    assertThat(LiveHost.iface(inactiveXml(), m2)).isEmpty();
  }

  @Test
  @Order(2)
  void movingAVnicToAnotherNetworkChangesPingsExactlyAsCheckPredicted() throws Exception {
    String onA = file("mv-a.yaml", eth0(netA, ""), "", 0);
    assertThat(apply(onA).code()).isZero();
    Map<String, Boolean> before = predict(onA);
    assertThat(before).isEqualTo(Map.of("guest -> pa", true, "guest -> pb", false));
    assertThat(observe(before)).as("guest on A\n%s", diagnostics()).isEqualTo(before);

    String onB = file("mv-b.yaml", eth0(netB, ""), "", 0);
    Map<String, Boolean> after = predict(onB);
    assertThat(after).isEqualTo(Map.of("guest -> pa", false, "guest -> pb", true));
    LiveHost.Run p = plan(onB);
    assertThat(p.out()).as(p.toString()).contains("{live}");
    long t0 = System.nanoTime();
    LiveHost.Run r = apply(onB);
    timings.put("move a vNIC from network A to B (apply, live)", ms(t0));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(LiveHost.iface(liveXml(), m1)).contains("network='" + netB + "'");
    // The guest renews its address (a real guest does at its next DHCP renewal or link change):
    // the
    // new lease is from B.
    assertThat(guest("dhcp eth0").get(0)).contains("lease=" + b);
    assertThat(observe(after)).as("guest moved to B\n%s", diagnostics()).isEqualTo(after);
  }

  @Test
  @Order(3)
  void linkDownCutsTheGuestOffAsPredictedAndUpBringsItBack() throws Exception {
    String up = file("ln-up.yaml", eth0(netB, ", link: up"), "", 0);
    assertThat(apply(up).code()).isZero();
    guest("dhcp eth0");
    String down = file("ln-down.yaml", eth0(netB, ", link: down"), "", 0);
    Map<String, Boolean> predicted = predict(down);
    assertThat(predicted).isEqualTo(Map.of("guest -> pa", false, "guest -> pb", false));
    assertThat(plan(down).out()).contains("link: up -> down (live)");
    long t0 = System.nanoTime();
    LiveHost.Run r = apply(down);
    timings.put("vNIC link down (apply, live)", ms(t0));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(LiveHost.iface(liveXml(), m1)).contains("<link state='down'/>");
    assertThat(observe(predicted)).as("link down\n%s", diagnostics()).isEqualTo(predicted);

    predicted = predict(up);
    assertThat(predicted).isEqualTo(Map.of("guest -> pa", false, "guest -> pb", true));
    r = apply(up);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(observe(predicted)).as("link up again\n%s", diagnostics()).isEqualTo(predicted);
  }

  @Test
  @Order(4)
  void aQcow2VolumeFromAVtopoPoolIsADiskOfTheDeclaredSizeInTheGuest() throws Exception {
    assertThat(guest("disks")).as("no disk before").isEmpty();
    String disk =
        "    disks:\n      - {target: vdb, volume: %s/data.qcow2, bus: virtio, format: qcow2}";
    String f = file("dk.yaml", eth0(netB, ""), String.format(disk, host.prefix + "-p"), 0);
    LiveHost.Run p = plan(f);
    assertThat(p.out()).as(p.toString()).contains("{hot-plug}");
    long t0 = System.nanoTime();
    LiveHost.Run r = apply(f);
    timings.put("create a 64 MiB qcow2 volume and hot-plug it (apply)", ms(t0));
    assertThat(r.code()).as(r.toString()).isZero();
    t0 = System.nanoTime();
    String disk1 = awaitGuest("disks", l -> l.startsWith("disk "));
    timings.put("hot-plugged disk seen by the guest's kernel", ms(t0));
    assertThat(guest("disks")).as("the guest's block devices").containsExactly(disk1);
    assertThat(disk1).endsWith("bytes=" + (64L << 20));

    String without = file("dk-off.yaml", eth0(netB, ""), "", 0);
    assertThat(plan(without).out()).contains("{hot-unplug}");
    t0 = System.nanoTime();
    r = apply(without);
    timings.put("hot-unplug the disk (apply)", ms(t0));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(guest("disks")).as("no disk after the detach").isEmpty();
    assertThat(liveXml()).doesNotContain("<target dev='vdb'");
  }

  @Test
  @Order(5)
  void aNetworkRestartLeavesTheRunningGuestPingingItsGateway() throws Exception {
    String f = file("rs0.yaml", eth0(netB, ""), "", 0);
    assertThat(apply(f).code()).isZero();
    guest("dhcp eth0");
    assertThat(ping(b + "1", true)).as("gateway before\n%s", diagnostics()).isTrue();
    String restart = file("rs.yaml", eth0(netB, ""), "", 2);
    LiveHost.Run p = plan(restart);
    assertThat(p.out()).as(p.toString()).contains("restart]").contains("stays connected");
    long t0 = System.nanoTime();
    LiveHost.Run r = apply(restart);
    timings.put("restart network B with the guest on it (apply + reconnect)", ms(t0));
    assertThat(r.code()).as(r.toString()).isZero();
    t0 = System.nanoTime();
    assertThat(ping(b + "1", true)).as("gateway after the restart\n%s", diagnostics()).isTrue();
    timings.put("guest's ping of its gateway after the restart", ms(t0));
    // The restart took the test's own probe off the bridge too (vtopo reconnects guests only).
    LiveHost.sh("ip", "link", "set", host.lp + "pb", "master", host.lp + "b");
  }

  @Test
  @Order(7)
  void checkPathAndLiveCheckSeeTheGuestAsItReallyIs() throws Exception {
    // A vNIC on network A attached behind vtopo's back: unmanaged, left alone by the plan.
    String m3 = m2.substring(0, m2.length() - 2) + "03";
    Path x = tmp.resolve("unmanaged.xml");
    Files.writeString(
        x,
        "<interface type='network'><source network='"
            + netA
            + "'/><mac address='"
            + m3
            + "'/><model type='virtio'/></interface>");
    LiveHost.virsh("attach-device", domain, x.toString(), "--live");
    String f = file("real.yaml", eth0(netB, ", model: e1000"), "", 2);
    // The file alone: guest (on B) does not reach pa (on A). As it really is: it does, through the
    // unmanaged vNIC, and the merge says so on stderr.
    LiveHost.Run p = LiveHost.vtopo("path", f, "guest", "pa");
    assertThat(p.code()).as(p.toString()).isEqualTo(1);
    p = LiveHost.vtopo(args("path", f, "guest", "pa", "--host"));
    assertThat(p.code()).as(p.toString()).isZero();
    assertThat(p.err()).contains("vm:guest").contains("unmanaged").contains(m3 + " on " + netA);
    LiveHost.Run c = LiveHost.vtopo(args("check", f, "--host", "-o", "json"));
    assertThat(c.out()).as(c.toString()).contains("guest/nic1");
    LiveHost.Run g = LiveHost.vtopo(args("graph", f, "--host", "-o", "dot"));
    assertThat(g.code()).as(g.toString()).isZero();
    assertThat(g.out()).contains(netA);

    // check --live: a file with the guest and one more endpoint on B at an address no probe of this
    // test holds. The guest is pinged at its real (DHCP) address, never stood in for.
    String leased = guest("dhcp eth0").get(0);
    Matcher m = Pattern.compile("lease=(\\S+)/").matcher(leased);
    assertThat(m.find()).as(leased).isTrue();
    String guestIp = m.group(1);
    Path lf = tmp.resolve("live.yaml");
    Files.writeString(
        lf,
        Files.readString(Path.of(f))
            .replaceAll("(?m)^  - \\{name: pa,.*\\n", "")
            .replace(
                "name: pb, nics: [{name: eth0, network: " + netB + ", ip: " + b + "200/24",
                "name: pc, nics: [{name: eth0, network: " + netB + ", ip: " + b + "201/24")
            .replaceAll("(?s)expect:.*", "expect:\n  - {from: pc, to: guest, reachable: true}\n"));
    long t0 = System.nanoTime();
    LiveHost.Run live = LiveHost.vtopo(args("check", lf.toString(), "--live"));
    timings.put("check --live with the running guest", ms(t0));
    assertThat(live.out())
        .as(live.toString())
        .contains("guest/eth0: " + guestIp + "/24 (the running guest itself")
        .containsPattern("AGREE +pc/eth0 -> guest/eth0: predicted reachable, observed reachable")
        .contains("the source is a running guest");
    assertThat(live.code()).as(live.toString()).isZero();
    LiveHost.virsh("detach-device", domain, x.toString(), "--live");
  }

  @Test
  @Order(6)
  void aNextBootChangeLeavesTheLiveXmlAndTheGuestAsTheyWere() throws Exception {
    String f = file("nb0.yaml", eth0(netB, ""), "", 2);
    assertThat(apply(f).code()).isZero();
    String liveBefore = liveXml();
    String nb = file("nb.yaml", eth0(netB, ", model: e1000"), "", 2);
    LiveHost.Run p = plan(nb, "-o", "json");
    assertThat(p.out()).as(p.toString()).contains("\"effect\" : \"next boot\"");
    LiveHost.Run r = apply(nb);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(liveXml()).as("live XML unchanged").isEqualTo(liveBefore);
    assertThat(LiveHost.iface(inactiveXml(), m1)).contains("<model type='e1000'/>");
    assertThat(guest("nics"))
        .as("the running guest keeps its virtio NIC")
        .anyMatch(l -> l.contains("mac=" + m1) && l.contains("driver=virtio_net"));
    // The next plan has nothing to do: the change is pending, not planned again.
    assertThat(plan(nb).code()).as("pending until the next boot").isZero();
  }

  @Test
  @Order(8)
  void badInputChangesNothing() throws Exception {
    String liveBefore = liveXml();
    String inactiveBefore = inactiveXml();
    // A vNIC on a network the file does not declare.
    String undeclared = file("bad-src.yaml", eth0(host.prefix + "-nosuch", ""), "", 2);
    LiveHost.Run r = apply(undeclared);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out() + r.err()).contains(host.prefix + "-nosuch");
    // A VM naming a domain that does not exist.
    String noDomain = file("bad-dom.yaml", eth0(netB, ", model: e1000"), "", 2);
    Path nd = tmp.resolve("bad-dom2.yaml");
    Files.writeString(nd, Files.readString(Path.of(noDomain)).replace(domain, domain + "-none"));
    r = apply(nd.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out() + r.err()).contains("domain '" + domain + "-none' does not exist");
    assertThat(liveXml()).isEqualTo(liveBefore);
    assertThat(inactiveXml()).isEqualTo(inactiveBefore);
  }

  @Test
  @Order(9)
  void aPausedGuestIgnoresTheUnplugTheApplyTimesOutAndRollsBack() throws Exception {
    String with =
        file(
            "ps0.yaml",
            eth0(netB, ", model: e1000") + "\n" + nic("eth1", netA, m2, ", model: virtio"),
            "",
            2);
    assertThat(apply(with).code()).isZero();
    String without = file("ps.yaml", eth0(netB, ", model: e1000"), "", 2);
    LiveHost.virsh("suspend", domain);
    String liveBefore = liveXml();
    String inactiveBefore = inactiveXml();
    Engine.Result res;
    long t0 = System.nanoTime();
    try (HostSession s = HostSession.open(host.options(ns).target())) {
      Topology t = TopologyReader.read(Path.of(without)).topology().orElseThrow();
      HostState state = s.read();
      PlanOptions o = s.options(false, false, false);
      Plan plan = Planner.plan(t, state, o);
      assertThat(PlanRenderer.text(plan)).contains("{hot-unplug}");
      res =
          s.engine(t.name(), Engine.Progress.NONE)
              .withDetachTimeout(Duration.ofSeconds(3))
              .apply(t, state, plan, o);
    }
    timings.put("hot-unplug on a paused guest: 3 s timeout + rollback", ms(t0));
    assertThat(res.applied()).isFalse();
    assertThat(res.failure()).contains("did not release the device within 3 s");
    assertThat(res.rolledBack()).isTrue();
    assertThat(inactiveXml()).isEqualTo(inactiveBefore);
    assertThat(liveXml()).isEqualTo(liveBefore);
    // QEMU keeps the unplug request and libvirt cannot withdraw it: the report says so...
    assertThat(res.unrestorable()).isEmpty();
    assertThat(res.failure()).contains("may still release the device later");
    LiveHost.virsh("resume", domain);
    // ...and indeed, once the guest runs again it answers the request: the device leaves the
    // running guest, and the persistent definition, restored, keeps it for the next boot.
    t0 = System.nanoTime();
    long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000;
    while (guest("nics").stream().anyMatch(l -> l.contains("mac=" + m2))
        && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    while (!LiveHost.iface(liveXml(), m2).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    timings.put("paused guest resumed: releases the device it was asked for", ms(t0));
    assertThat(LiveHost.iface(liveXml(), m2)).as("released after the resume").isEmpty();
    assertThat(LiveHost.iface(inactiveXml(), m2)).as("kept for the next boot").isNotEmpty();
  }

  // ---- helpers

  private String[] args(String... x) {
    String[] out = java.util.Arrays.copyOf(x, x.length + 6);
    out[x.length] = "--netns";
    out[x.length + 1] = ns;
    out[x.length + 2] = "--state-dir";
    out[x.length + 3] = host.state.toString();
    out[x.length + 4] = "--connect";
    out[x.length + 5] = LiveHost.URI;
    return out;
  }

  private LiveHost.Run apply(String file) {
    return LiveHost.vtopo(args("apply", file, "--yes"));
  }

  private LiveHost.Run plan(String file, String... more) {
    String[] x = new String[2 + more.length];
    x[0] = "plan";
    x[1] = file;
    System.arraycopy(more, 0, x, 2, more.length);
    return LiveHost.vtopo(args(x));
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private String nic(String name, String net, String mac, String extra) {
    return "      - {name: " + name + ", network: " + net + ", mac: '" + mac + "'" + extra + "}";
  }

  private String eth0(String net, String extra) {
    return nic("eth0", net, m1, extra.contains("model:") ? extra : ", model: virtio" + extra);
  }

  /** The whole topology: networks A and B, the pool, the guest with the given devices, pa, pb. */
  private String file(String name, String nics, String disks, int delayB) {
    String pool = tmp.resolve("pool").toString();
    String text =
        String.format(
            """
        apiVersion: vtopo/v1
        name: %1$s
        networks:
          - {name: %2$s, mode: isolated, bridge: %4$sa, stp: false, delay: 0, ips: [{address: %5$s1/24, dhcp: {ranges: [{start: %5$s10, end: %5$s40}]}}]}
          - {name: %3$s, mode: isolated, bridge: %4$sb, stp: false, delay: %7$d, ips: [{address: %6$s1/24, dhcp: {ranges: [{start: %6$s10, end: %6$s40}]}}]}
        pools:
          - name: %1$s-p
            type: dir
            target: %8$s
        %9$s
        vms:
        """,
            host.prefix,
            netA,
            netB,
            host.lp,
            a,
            b,
            delayB,
            pool,
            "    volumes: [{name: data.qcow2, format: qcow2, capacity: 64M}]");
    if (!nics.isEmpty()) {
      text += "  - name: guest\n    domain: " + domain + "\n    nics:\n" + nics + "\n";
      if (!disks.isEmpty()) {
        text += disks + "\n";
      }
    }
    text +=
        String.format(
            """
          - {name: pa, nics: [{name: eth0, network: %1$s, ip: %3$s200/24}]}
          - {name: pb, nics: [{name: eth0, network: %2$s, ip: %4$s200/24}]}
        expect:
          - {from: guest, to: pa, reachable: true}
          - {from: guest, to: pb, reachable: true}
        """,
            netA, netB, a, b);
    if (nics.isEmpty()) {
      text = text.substring(0, text.indexOf("expect:"));
    }
    return host.file(name, text).toString();
  }

  /** A test probe: named namespace {@code vtt-ID-NAME} with a veth on {@code bridge}. */
  private void probe(String name, String bridge, String address) {
    String pns = host.netns("-" + name);
    String rootEnd = host.lp + name;
    LiveHost.sh("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", "eth0", "netns", pns);
    LiveHost.sh("ip", "link", "set", rootEnd, "master", bridge, "up");
    LiveHost.sh("ip", "-n", pns, "addr", "add", address, "dev", "eth0");
    LiveHost.sh("ip", "-n", pns, "link", "set", "eth0", "up");
    LiveHost.sh("ip", "-n", pns, "link", "set", "lo", "up");
  }

  /** What {@code vtopo check FILE -o json} predicts for each expectation. */
  private Map<String, Boolean> predict(String file) throws IOException {
    LiveHost.Run c = LiveHost.vtopo("check", file, "-o", "json");
    JsonNode report = new ObjectMapper().readTree(c.out());
    Map<String, Boolean> out = new TreeMap<>();
    for (JsonNode e : report.get("expectations")) {
      out.put(
          e.get("from").asText() + " -> " + e.get("to").asText(), e.get("reachable").asBoolean());
    }
    return out;
  }

  /**
   * What the guest observes: its pings of pa and pb. A pair predicted reachable is given up to
   * {@link #REACH_MS} (a moved or re-enabled vNIC needs ARP and, under TCG, a slow guest); a pair
   * predicted unreachable gets three one-second tries.
   */
  private Map<String, Boolean> observe(Map<String, Boolean> predicted) throws Exception {
    Map<String, Boolean> out = new TreeMap<>();
    out.put("guest -> pa", ping(a + "200", predicted.get("guest -> pa")));
    out.put("guest -> pb", ping(b + "200", predicted.get("guest -> pb")));
    return out;
  }

  private static final long REACH_MS = 20_000;

  private boolean ping(String ip, boolean patient) throws Exception {
    long deadline = System.nanoTime() + (patient ? REACH_MS : 0) * 1_000_000;
    while (true) {
      String r = guest("ping " + ip).get(0);
      assertThat(r).startsWith("ping " + ip + "=");
      if (r.endsWith("=ok")) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
    }
  }

  /** The last lines of the console and the bridges' ports, for failure messages. */
  private String diagnostics() {
    String text = "";
    try {
      text = Files.readString(console, StandardCharsets.ISO_8859_1).replace("\r", "");
    } catch (IOException e) {
      text = e.toString();
    }
    String[] lines = text.split("\n");
    return "console (last lines):\n"
        + String.join(
            "\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length))
        + "\nbridge ports:\n"
        + LiveHost.cmd("ip", "-d", "-o", "link", "show", "master", host.lp + "a").out()
        + LiveHost.cmd("ip", "-d", "-o", "link", "show", "master", host.lp + "b").out()
        + "\nlive interfaces:\n"
        + LiveHost.iface(liveXml(), m1)
        + "\n"
        + LiveHost.iface(liveXml(), m2);
  }

  /** The first answer line of {@code command} that matches, asking again until one does. */
  private String awaitGuest(String command, java.util.function.Predicate<String> want)
      throws Exception {
    long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000;
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      last = guest(command);
      for (String l : last) {
        if (want.test(l)) {
          return l;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the guest's '" + command + "' never matched; last answer: " + last);
  }

  /**
   * Sends a command to the guest's console and returns its answer lines (without {@code rID} and
   * the uptime; without the closing {@code end} of list commands).
   */
  private List<String> guest(String command) throws Exception {
    int id = nextId++;
    boolean list = command.equals("nics") || command.equals("disks");
    String line = command + " " + id + "\n";
    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
    while (buf.hasRemaining()) {
      input.write(buf);
    }
    long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000;
    String text = "";
    while (System.nanoTime() < deadline) {
      text = Files.readString(console, StandardCharsets.ISO_8859_1).replace("\r", "");
      List<String> answers = new ArrayList<>();
      boolean complete = false;
      Matcher m = ANSWER.matcher(text);
      while (m.find()) {
        if (Integer.parseInt(m.group(1)) == id) {
          if (list && m.group(2).equals("end")) {
            complete = true;
          } else {
            answers.add(m.group(2));
            complete |= !list;
          }
        }
      }
      if (complete) {
        return answers;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the guest did not answer '" + command + "'; console:\n" + text);
  }

  private String awaitText(String marker, long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    String text = "";
    while (System.nanoTime() < deadline) {
      if (Files.exists(console)) {
        text = Files.readString(console, StandardCharsets.ISO_8859_1).replace("\r", "");
        if (text.contains(marker)) {
          return text;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + marker + "' on the console; console:\n" + text);
  }

  private String liveXml() {
    return LiveHost.virsh("dumpxml", domain);
  }

  private String inactiveXml() {
    return LiveHost.virsh("dumpxml", domain, "--inactive");
  }

  /** Whether the initrd's /init has the agent mode (a gzip'd cpio; the script is plain text). */
  private static boolean hasAgent(Path initrd) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(initrd))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
          .contains("\"$(arg vtopo.after)\" = agent");
    }
  }

  /**
   * A persistent TCG domain booting the guest image in agent mode; its console is a unix socket
   * (commands in) logged to a file (answers out).
   */
  private String domainXml(Path sock) {
    return GuestEndToEndTest.guestXml(
        domain,
        m1,
        netA,
        "vtopo.after=agent",
        """
        <serial type='unix'>
          <source mode='bind' path='%s'/>
          <log file='%s' append='off'/>
          <target port='0'/>
        </serial>"""
            .formatted(sock, console));
  }
}
