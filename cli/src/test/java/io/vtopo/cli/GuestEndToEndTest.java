package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.MacAddress;
import io.vtopo.libvirt.DhcpLease;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.NativeNetworks;
import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The live proof with real guests: vtopo applies a libvirt NAT network, predicts what its VMs
 * reach, and two tiny Linux guests booted under TCG (Debian kernel + busybox initrd built by {@code
 * scripts/guest-image.sh}) take DHCP leases on it and ping; what they observe must be what vtopo
 * predicted.
 *
 * <p>{@code guest} takes an address from the dynamic range and pings its gateway and {@code peer};
 * {@code peer} has a DHCP reservation and stays up so that it can answer. Both guests are transient
 * libvirt domains (vtopo does not manage domains), destroyed in a finally block before {@code vtopo
 * destroy} removes the network.
 */
class GuestEndToEndTest extends LiveHostTest {
  /**
   * Where {@code scripts/setup-host.sh guest} caches the image; {@code VTOPO_GUEST_DIR} overrides
   * it.
   */
  static final Path IMAGE =
      Path.of(System.getenv().getOrDefault("VTOPO_GUEST_DIR", "/var/cache/vtopo-test/guest"));

  private static final Pattern LEASE =
      Pattern.compile("VTOPO-GUEST lease=(\\S+)/(\\d+) gw=(\\S+) mac=(\\S+) t=([\\d.]+)");
  private static final Pattern PING =
      Pattern.compile("VTOPO-GUEST ping (\\S+)=(ok|fail) t=([\\d.]+)");
  private static final long BOOT_TIMEOUT_MS = 90_000;

  @Test
  void realGuestsGetLeasesAndReachWhatVtopoPredicts() throws Exception {
    Privileged.assume(
        Files.isReadable(IMAGE.resolve("vmlinuz")) && Files.isReadable(IMAGE.resolve("initrd.gz")),
        "guest image not built in " + IMAGE + " (run 'bash scripts/setup-host.sh guest' as root)");
    Privileged.assume(
        Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
        "qemu-system-x86_64 is not installed (run 'bash scripts/setup-host.sh packages')");

    String c = LiveHost.chunk28();
    String pre = c.substring(0, c.lastIndexOf('.') + 1);
    int off = Integer.parseInt(c.substring(c.lastIndexOf('.') + 1));
    String gateway = pre + (off + 1);
    IpAddress rangeStart = ip(pre + (off + 2));
    IpAddress rangeEnd = ip(pre + (off + 9));
    String peerIp = pre + (off + 12);
    String net = host.prefix + "-gnat";
    String bridge = host.lp + "g";
    String idBytes = host.id.substring(0, 2) + ":" + host.id.substring(2);
    String guestMac = "52:54:00:" + idBytes + ":01";
    String peerMac = "52:54:00:" + idBytes + ":02";
    Path file =
        host.file(
            "guest.yaml",
            String.format(
                """
        apiVersion: vtopo/v1
        name: %1$s
        networks:
          - name: %2$s
            mode: nat
            bridge: %3$s
            stp: false
            ips:
              - address: %4$s/28
                dhcp:
                  ranges: [{start: %5$s, end: %6$s}]
                  hosts: [{mac: "%8$s", name: peer, ip: %9$s}]
        vms:
          - name: guest
            nics: [{name: eth0, network: %2$s, mac: "%7$s"}]
          - name: peer
            nics: [{name: eth0, network: %2$s, mac: "%8$s"}]
        expect:
          - {from: guest, to: host, reachable: true}
          - {from: guest, to: peer, reachable: true}
        """,
                host.prefix,
                net,
                bridge,
                gateway,
                rangeStart,
                rangeEnd,
                guestMac,
                peerMac,
                peerIp));

    // The prediction, from the file alone.
    long tCheck = System.nanoTime();
    LiveHost.Run check = LiveHost.vtopo("check", file.toString(), "-o", "json");
    assertThat(check.code()).as(check.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(check.out());
    Map<String, Boolean> predicted = new TreeMap<>();
    for (JsonNode e : report.get("expectations")) {
      predicted.put(
          e.get("from").asText() + " -> " + e.get("to").asText(), e.get("reachable").asBoolean());
    }
    assertThat(predicted)
        .as("vtopo predicts that guest reaches the host (its gateway) and peer\n%s", check.out())
        .isEqualTo(Map.of("guest -> host", true, "guest -> peer", true));
    // The host address the analysis has on the guest's segment is the network's gateway the guest
    // will be given.
    assertThat(reachesOwnGateway(report, "guest", gateway)).as(check.out()).isTrue();

    Connect conn = null;
    List<String> domains = new ArrayList<>();
    boolean applied = false;
    Throwable failure = null;
    try {
      long tApply = System.nanoTime();
      applied = true;
      LiveHost.Run apply =
          LiveHost.vtopo(args("apply", file.toString(), "--connect", LiveHost.URI, "--yes"));
      assertThat(apply.code()).as(apply.toString()).isZero();
      System.out.printf(
          "GuestEndToEndTest: apply %d ms: %s%n",
          (System.nanoTime() - tApply) / 1_000_000,
          apply.out().strip().lines().reduce((a, b) -> b).orElse(""));
      conn = LibvirtConnections.open(LiveHost.URI);

      Path peerLog = tmp.resolve("peer-console.log");
      Path guestLog = tmp.resolve("guest-console.log");
      long t0 = System.nanoTime();
      domains.add(host.prefix + "-peer");
      conn.domainCreateXML(
          domainXml(host.prefix + "-peer", peerMac, net, peerLog, "vtopo.after=idle"), 0);
      domains.add(host.prefix + "-guest");
      conn.domainCreateXML(
          domainXml(host.prefix + "-guest", guestMac, net, guestLog, "vtopo.ping=" + peerIp), 0);
      long createdMs = (System.nanoTime() - t0) / 1_000_000;

      String console = awaitMarker(guestLog, "VTOPO-GUEST done");
      long doneMs = (System.nanoTime() - t0) / 1_000_000;
      Matcher lease = LEASE.matcher(console);
      assertThat(lease.find())
          .as("guest reports a lease; its console:\n%s\n%s", console, diagnostics(net, peerLog))
          .isTrue();
      IpAddress got = ip(lease.group(1));
      assertThat(lease.group(4)).isEqualToIgnoringCase(guestMac);
      assertThat(lease.group(3)).as("the router libvirt's dnsmasq announced").isEqualTo(gateway);
      assertThat(Integer.parseInt(lease.group(2))).isEqualTo(28);
      assertThat(got.compareTo(rangeStart))
          .as("%s in the declared range", got)
          .isGreaterThanOrEqualTo(0);
      assertThat(got.compareTo(rangeEnd))
          .as("%s in the declared range", got)
          .isLessThanOrEqualTo(0);

      // libvirt's own record of the lease (virNetworkGetDHCPLeases) agrees with what the guest says
      // it got.
      MacAddress mac = MacAddress.parse(guestMac).orElseThrow();
      List<DhcpLease> leases = List.of();
      for (int i = 0; i < 50 && leases.isEmpty(); i++) {
        leases =
            NativeNetworks.dhcpLeases(conn, net).stream().filter(l -> mac.equals(l.mac())).toList();
        if (leases.isEmpty()) {
          Thread.sleep(100);
        }
      }
      assertThat(leases)
          .as("libvirt's lease for %s on %s", guestMac, net)
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.ip()).isEqualTo(got);
                assertThat(l.prefix()).isEqualTo(28);
                assertThat(l.iface()).isEqualTo(bridge);
              });

      // The peer's address is the reservation the prediction assumed for it.
      Matcher peerLease = LEASE.matcher(awaitMarker(peerLog, "VTOPO-GUEST done"));
      assertThat(peerLease.find()).as("peer reports a lease").isTrue();
      assertThat(peerLease.group(1)).as("peer's address: its DHCP reservation").isEqualTo(peerIp);

      Map<String, Boolean> observed = new TreeMap<>();
      Map<String, String> pingTimes = new LinkedHashMap<>();
      Matcher ping = PING.matcher(console);
      while (ping.find()) {
        String target = ping.group(1);
        String key =
            target.equals(gateway)
                ? "guest -> host"
                : target.equals(peerIp) ? "guest -> peer" : "guest -> " + target;
        observed.put(key, ping.group(2).equals("ok"));
        pingTimes.put(target, ping.group(3));
      }
      System.out.printf(
          "GuestEndToEndTest: check %d ms, apply %d ms; guest lease %s at guest uptime %ss, gateway"
              + " ping done at %ss, peer ping done at %ss; both domains created in %d ms,"
              + " domain start to 'done' %d ms (wall)"
              + "%n--- guest console:%n%s",
          (tApply - tCheck) / 1_000_000,
          (t0 - tApply) / 1_000_000,
          got,
          lease.group(5),
          pingTimes.get(gateway),
          pingTimes.get(peerIp),
          createdMs,
          doneMs,
          console);
      assertThat(observed)
          .as("observed by the guest must equal vtopo's prediction; console:\n%s", console)
          .isEqualTo(predicted);
    } catch (Exception | AssertionError e) {
      failure = e;
      throw e;
    } finally {
      for (String d : domains) {
        destroyDomain(conn, d);
      }
      LibvirtConnections.closeQuietly(conn);
      if (applied) {
        long tDestroy = System.nanoTime();
        LiveHost.Run destroy =
            LiveHost.vtopo(args("destroy", file.toString(), "--connect", LiveHost.URI, "--yes"));
        System.out.printf(
            "GuestEndToEndTest: domains destroyed, vtopo destroy %d ms%n",
            (System.nanoTime() - tDestroy) / 1_000_000);
        List<String> left = LiveHost.names("net-list", host.prefix);
        if (destroy.code() != 0 || !left.isEmpty()) {
          AssertionError e = new AssertionError("vtopo destroy left " + left + ": " + destroy);
          if (failure == null) {
            throw e;
          }
          failure.addSuppressed(e);
        }
      }
    }
  }

  /**
   * vtopo's prediction that {@code vm} reaches {@code gateway}: its vNIC's segment holds the host
   * address {@code gateway} in one of the vNIC's subnets (same L2 segment, shared subnet), per
   * {@code check -o json}.
   */
  static boolean reachesOwnGateway(JsonNode report, String vm, String gateway) {
    IpAddress gw = ip(gateway);
    for (JsonNode s : report.get("segments")) {
      for (JsonNode v : s.get("vnics")) {
        if (!v.get("vm").asText().equals(vm)) {
          continue;
        }
        for (JsonNode h : s.get("hostAddresses")) {
          IpPrefix host = IpPrefix.parse(h.get("address").asText()).orElseThrow();
          if (!host.address().equals(gw)) {
            continue;
          }
          for (JsonNode a : v.get("addresses")) {
            if (IpPrefix.parse(a.asText()).orElseThrow().contains(gw)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /**
   * A transient TCG domain booting the test kernel directly, its serial console written to {@code
   * log}.
   */
  static String domainXml(String name, String mac, String network, Path log, String extraCmdline) {
    return guestXml(
        name,
        mac,
        network,
        extraCmdline,
        """
        <serial type='file'>
          <source path='%s'/>
          <target port='0'/>
        </serial>"""
            .formatted(log));
  }

  /**
   * A TCG domain booting the guest image's kernel directly ({@code extraCmdline} selects what the
   * guest's init does) with one virtio vNIC and {@code serial} as its console.
   */
  static String guestXml(
      String name, String mac, String network, String extraCmdline, String serial) {
    return """
        <domain type='qemu'>
          <name>%1$s</name>
          <memory unit='MiB'>160</memory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <kernel>%2$s</kernel>
            <initrd>%3$s</initrd>
            <cmdline>console=ttyS0 quiet loglevel=4 panic=-1 %6$s</cmdline>
          </os>
          <features><acpi/></features>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>destroy</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <interface type='network'>
              <source network='%4$s'/>
              <mac address='%5$s'/>
              <model type='virtio'/>
            </interface>
        %7$s
            <memballoon model='none'/>
          </devices>
        </domain>
        """
        .formatted(
            name,
            IMAGE.resolve("vmlinuz"),
            IMAGE.resolve("initrd.gz"),
            network,
            mac,
            extraCmdline,
            serial.indent(4).stripTrailing());
  }

  /**
   * The console log once it holds {@code marker}; fails with the log after {@link
   * #BOOT_TIMEOUT_MS}.
   */
  static String awaitMarker(Path log, String marker) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + BOOT_TIMEOUT_MS * 1_000_000;
    String text = "";
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        text = Files.readString(log).replace("\r", "");
        if (text.contains(marker)) {
          return text;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no '"
            + marker
            + "' on "
            + log
            + " within "
            + BOOT_TIMEOUT_MS / 1000
            + " s; console:\n"
            + text);
  }

  /**
   * What helps to understand a guest without a lease: the peer's console, libvirt's leases, the
   * network's dnsmasq.
   */
  private static String diagnostics(String net, Path peerLog) throws IOException {
    String peer =
        Files.exists(peerLog) ? Files.readString(peerLog).replace("\r", "") : "(no console log)";
    LiveHost.Cmd leases = LiveHost.cmd("virsh", "-c", LiveHost.URI, "net-dhcp-leases", net);
    LiveHost.Cmd dnsmasq = LiveHost.cmd("pgrep", "-af", "dnsmasq/" + net + ".conf");
    return "peer console:\n"
        + peer
        + "\nvirsh net-dhcp-leases "
        + net
        + ":\n"
        + leases.out()
        + leases.err()
        + "\ndnsmasq of "
        + net
        + ": "
        + (dnsmasq.out().isBlank() ? "not running" : dnsmasq.out());
  }

  private static void destroyDomain(Connect conn, String name) {
    if (conn != null) {
      try {
        Domain d = conn.domainLookupByName(name);
        d.destroy();
        return;
      } catch (LibvirtException e) {
        // already gone (powered off, on_poweroff=destroy), or the connection is unusable: fall back
        // to virsh
      }
    }
    LiveHost.cmd("virsh", "-c", LiveHost.URI, "destroy", name);
  }

  private static IpAddress ip(String s) {
    return IpAddress.parse(s)
        .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + s));
  }
}
