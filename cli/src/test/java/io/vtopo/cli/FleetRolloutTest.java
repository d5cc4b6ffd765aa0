package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet rollout end to end with the real engine: Debian's {@code ansible-playbook} runs the
 * collection in {@code ansible/} against 4 simulated hosts. Each host is a network namespace whose
 * underlay veth {@code ul0} plugs into a bridge in a shared "switch" namespace (which also holds
 * the underlay gateway); the inventory uses the local connection and the module targets the host's
 * namespace through vtopo's {@code --netns}, libvirt through the test driver. The {@code vtopo} on
 * PATH is a launcher for this build's classes.
 *
 * <p>Proves: the rollout applies every host (serial 1) and a re-run changes nothing; VM stand-ins
 * (namespaces with the VMs' MACs and addresses on veths in the TAPs' bridges) reach each other over
 * VXLAN exactly as {@code vtopo fleet check} predicts, including not reaching a VM on another
 * segment; an underlay address clash injected on host 2's wire makes its duplicate-address probe
 * fail, so its change is not confirmed and vtopo rolls it back, and {@code max_fail_percentage: 0}
 * stops the rollout (before that, check mode plans the change on every host, shows the plans as
 * diffs and changes nothing): host 1 keeps the new fleet, hosts 3 and 4 are untouched.
 */
class FleetRolloutTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RECAP =
      Pattern.compile(
          "^(\\S+)\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)",
          Pattern.MULTILINE);

  @TempDir Path dir;

  private final String prefix = "vtt-f" + HexFormat.of().formatHex(SecureRandom.getSeed(3));
  private final List<String> namespaces = new ArrayList<>();

  @AfterEach
  void removeNamespaces() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      run("ip", "netns", "del", namespaces.get(i));
    }
  }

  private static boolean onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void ansibleRollsTheFleetOutProbesItAndStopsAtTheHostThatFailsItsProbe() throws Exception {
    Privileged.assume(Privileged.isRoot(), "the simulated fleet needs root (network namespaces)");
    Privileged.assume(
        onPath("ansible-playbook"),
        "ansible-playbook is not installed (Debian: ansible-core;"
            + " scripts/setup-host.sh installs it)");
    Privileged.assume(
        onPath("arping"),
        "arping is not installed (Debian: iputils-arping; scripts/setup-host.sh"
            + " installs it): the duplicate-address probe needs it");
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Privileged.assume(
        Files.isRegularFile(repo.resolve("ansible/plugins/modules/topology.py")),
        "the collection is not at " + repo.resolve("ansible"));

    // The underlay: a switch namespace with a bridge and the gateway address, one veth per host.
    String sw = ns("sw");
    sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
    sh("ip", "-n", sw, "addr", "add", "203.0.113.1/24", "dev", "br0");
    sh("ip", "-n", sw, "link", "set", "br0", "up");
    Map<String, String> hostNs = new HashMap<>();
    for (int i = 1; i <= 4; i++) {
      String h = ns("h" + i);
      hostNs.put("h" + i, h);
      sh(
          "ip", "link", "add", "ul0", "netns", h, "type", "veth", "peer", "name", "p" + i, "netns",
          sw);
      sh("ip", "-n", sw, "link", "set", "p" + i, "master", "br0", "up");
      sh("ip", "-n", h, "addr", "add", "203.0.113.1" + i + "/24", "dev", "ul0");
      sh("ip", "-n", h, "link", "set", "ul0", "up");
      sh("ip", "-n", h, "link", "set", "lo", "up");
      sh("ip", "-n", h, "route", "add", "default", "via", "203.0.113.1");
    }

    Path v1 = Files.writeString(dir.resolve("fleet.yaml"), fleet(""));
    Path v2 =
        Files.writeString(
            dir.resolve("fleet-v2.yaml"),
            fleet(
                "  - {name: ops, vni: 10300, group: 239.1.1.3, subnet: 198.18.30.0/24, hosts: [h1, h2, h3, h4]}\n"));
    Path inventory = inventory(hostNs);
    Path bin = launcher();
    Path collections = dir.resolve("collections/ansible_collections/vtopo");
    Files.createDirectories(collections);
    Files.createSymbolicLink(collections.resolve("fleet"), repo.resolve("ansible"));

    // What the fleet check predicts.
    Map<String, Boolean> predicted = new HashMap<>();
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"fleet", "check", v1.toString(), "-o", "json"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    assertThat(code).as(out.toString()).isZero();
    for (JsonNode i : JSON.readTree(out.toString()).get("intents")) {
      predicted.put(
          i.get("from").asText() + ">" + i.get("to").asText(), i.get("reachable").asBoolean());
    }
    assertThat(predicted)
        .containsEntry("web1>web3", true)
        .containsEntry("web1>db3", false)
        .containsEntry("db2>db4", true);

    // 1. The rollout applies every host, one at a time.
    long t0 = System.nanoTime();
    Result first = playbook(bin, collections.getParent().getParent(), inventory, v1);
    long rolloutMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(first.code).as(first.out).isZero();
    for (int i = 1; i <= 4; i++) {
      assertThat(first.recap.get("h" + i)).as(first.out).containsExactly(1, 0);
    }
    System.out.printf(
        "fleet rollout of 4 simulated hosts: %d ms wall (ansible-playbook, serial 1)%n", rolloutMs);

    // 2. A re-run changes nothing anywhere.
    Result again = playbook(bin, collections.getParent().getParent(), inventory, v1);
    assertThat(again.code).as(again.out).isZero();
    for (int i = 1; i <= 4; i++) {
      assertThat(again.recap.get("h" + i)).as(again.out).containsExactly(0, 0);
    }

    // 3. VM stand-ins behave as the fleet check predicts: across the tunnel, and not into another
    // segment.
    String web1 = standIn("web1", hostNs.get("h1"), "br-app", "192.0.2.11/24", "52:54:00:00:01:11");
    standIn("web3", hostNs.get("h3"), "br-app", "192.0.2.13/24", "52:54:00:00:03:13");
    standIn("db3", hostNs.get("h3"), "br-db", "198.51.100.13/24", "52:54:00:00:03:23");
    String db2 = standIn("db2", hostNs.get("h2"), "br-db", "198.51.100.12/24", "52:54:00:00:02:12");
    standIn("db4", hostNs.get("h4"), "br-db", "198.51.100.14/24", "52:54:00:00:04:14");
    assertThat(pings(web1, "192.0.2.13"))
        .as("web1 (h1) -> web3 (h3) over VXLAN 10100")
        .isEqualTo(predicted.get("web1>web3"));
    assertThat(pings(web1, "198.51.100.13"))
        .as("web1 (h1) -> db3 (h3), another segment")
        .isEqualTo(predicted.get("web1>db3"));
    assertThat(pings(db2, "198.51.100.14"))
        .as("db2 (h2) -> db4 (h4) over multicast VXLAN 10200")
        .isEqualTo(predicted.get("db2>db4"));
    for (String vm : List.of("db4", "db2", "db3", "web3", "web1")) {
      run("ip", "netns", "del", prefix + "-" + vm);
      namespaces.remove(prefix + "-" + vm);
    }

    // 4. Check mode plans the changed fleet on every host (diff: the plan) and changes nothing.
    Result dry =
        playbook(bin, collections.getParent().getParent(), inventory, v2, "--check", "--diff");
    assertThat(dry.code).as(dry.out).isZero();
    for (int i = 1; i <= 4; i++) {
      assertThat(dry.recap.get("h" + i)).as(dry.out).containsExactly(1, 0);
      assertThat(plan(v1, "h" + i, hostNs)).as("h%d after check mode", i).isZero();
    }
    assertThat(dry.out)
        .contains("create  link:br-ops (bridge)")
        .contains("create  link:vx10300 (vxlan)");

    // 5. A fault on host 2: another machine on the underlay claims its address.
    sh("ip", "-n", sw, "addr", "add", "203.0.113.12/24", "dev", "br0");
    Result fault = playbook(bin, collections.getParent().getParent(), inventory, v2);
    assertThat(fault.code).as(fault.out).isNotZero();
    assertThat(fault.recap.get("h1")).as(fault.out).containsExactly(1, 0);
    assertThat(fault.recap.get("h2")).as(fault.out).containsExactly(0, 1);
    assertThat(fault.recap).as(fault.out).doesNotContainKeys("h3", "h4");
    assertThat(fault.out).contains("address clash").contains("rolled the host back");

    // Host 1 has the new fleet, host 2 is back on the old one, hosts 3 and 4 never changed.
    assertThat(plan(v2, "h1", hostNs)).isZero();
    assertThat(plan(v1, "h2", hostNs)).isZero();
    assertThat(plan(v2, "h2", hostNs)).isEqualTo(ExitCodes.CHANGES);
    assertThat(Files.exists(dir.resolve("state/h2/journal/simfleet")))
        .as("h2's journal after rollback")
        .isFalse();
    for (String h : List.of("h3", "h4")) {
      assertThat(plan(v1, h, hostNs)).as(h).isZero();
      assertThat(plan(v2, h, hostNs)).as(h).isEqualTo(ExitCodes.CHANGES);
    }
  }

  private static String fleet(String extraSegment) {
    return """
        apiVersion: vtopo-fleet/v1
        name: simfleet
        underlay: {gateway: 203.0.113.1}
        hosts:
          - {name: h1, underlay: {dev: ul0, address: 203.0.113.11/24}}
          - {name: h2, underlay: {dev: ul0, address: 203.0.113.12/24}}
          - {name: h3, underlay: {dev: ul0, address: 203.0.113.13/24}}
          - {name: h4, underlay: {dev: ul0, address: 203.0.113.14/24}}
        segments:
          - {name: app, vni: 10100, replication: head-end, subnet: 192.0.2.0/24}
          - {name: db, vni: 10200, replication: multicast, group: 239.1.1.2, subnet: 198.51.100.0/24}
        """
        + extraSegment
        + """
        vms:
          - {name: web1, host: h1, nics: [{name: eth0, segment: app, mac: "52:54:00:00:01:11", ip: 192.0.2.11/24}]}
          - {name: web3, host: h3, nics: [{name: eth0, segment: app, mac: "52:54:00:00:03:13", ip: 192.0.2.13/24}]}
          - {name: db2, host: h2, nics: [{name: eth0, segment: db, mac: "52:54:00:00:02:12", ip: 198.51.100.12/24}]}
          - {name: db3, host: h3, nics: [{name: eth0, segment: db, mac: "52:54:00:00:03:23", ip: 198.51.100.13/24}]}
          - {name: db4, host: h4, nics: [{name: eth0, segment: db, mac: "52:54:00:00:04:14", ip: 198.51.100.14/24}]}
        expect:
          - {from: web1, to: web3, reachable: true}
          - {from: web1, to: db3, reachable: false}
          - {from: db2, to: db4, reachable: true}
        """;
  }

  private Path inventory(Map<String, String> hostNs) throws IOException {
    StringBuilder sb = new StringBuilder("[fleet]\n");
    for (int i = 1; i <= 4; i++) {
      String h = "h" + i;
      Path state = dir.resolve("state").resolve(h);
      sb.append(h)
          .append(" vtopo_netns=")
          .append(hostNs.get(h))
          .append(" vtopo_state_dir=")
          .append(state)
          .append(" vtopo_topology_path=")
          .append(state.resolve("fleet.yaml"))
          .append('\n');
    }
    sb.append(
        """
        [fleet:vars]
        ansible_connection=local
        ansible_python_interpreter=/usr/bin/python3
        vtopo_connect=test:///default
        vtopo_confirm_seconds=30
        """);
    return Files.writeString(dir.resolve("inventory.ini"), sb);
  }

  /** A {@code vtopo} on PATH that runs this build's classes. */
  private Path launcher() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        bin.resolve("vtopo"),
        "#!/bin/sh\nexec '"
            + java
            + "' -XX:TieredStopAtLevel=1 -Xshare:auto"
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' io.vtopo.cli.Main \"$@\"\n");
    bin.resolve("vtopo").toFile().setExecutable(true);
    return bin;
  }

  private record Result(int code, String out, Map<String, List<Integer>> recap) {}

  private Result playbook(Path bin, Path collections, Path inventory, Path fleet, String... extra)
      throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ansible-playbook",
                "-i",
                inventory.toString(),
                "vtopo.fleet.rollout",
                "-e",
                "vtopo_fleet_file=" + fleet));
    argv.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    env.put("ANSIBLE_COLLECTIONS_PATH", collections.toString());
    env.put("ANSIBLE_LOCAL_TEMP", dir.resolve("ansible-tmp").toString());
    env.put("ANSIBLE_REMOTE_TEMP", dir.resolve("ansible-tmp").toString());
    env.put("ANSIBLE_NOCOLOR", "1");
    env.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p));
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("ansible-playbook did not finish in 15 minutes:\n" + out.getNow(""));
    }
    String text = out.get();
    Map<String, List<Integer>> recap = new HashMap<>();
    int at = text.lastIndexOf("PLAY RECAP");
    Matcher m = RECAP.matcher(at < 0 ? "" : text.substring(at));
    while (m.find()) {
      recap.put(m.group(1), List.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(5))));
    }
    return new Result(p.exitValue(), text, recap);
  }

  private static String read(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code vtopo plan} of one host's rendered file against its namespace: 0 = matches, 2 = changes
   * pending.
   */
  private int plan(Path fleet, String host, Map<String, String> hostNs) throws IOException {
    Path rendered = dir.resolve("plan-" + host + "-" + fleet.getFileName());
    StringWriter err = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"fleet", "render", fleet.toString(), host, "-O", rendered.toString()},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err)))
        .as(err.toString())
        .isZero();
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "plan",
              rendered.toString(),
              "--netns",
              hostNs.get(host),
              "--connect",
              "test:///default",
              "--state-dir",
              dir.resolve("state").resolve(host).toString()
            },
            new PrintWriter(out),
            new PrintWriter(err));
    assertThat(code).as(out + "\n" + err).isIn(0, ExitCodes.CHANGES);
    return code;
  }

  /**
   * A VM stand-in: a namespace with eth0 (the VM's MAC and address) whose peer is a port of the
   * host's bridge.
   */
  private String standIn(String vm, String hostNamespace, String bridge, String ip, String mac) {
    String n = ns(vm);
    String port = "sv-" + vm;
    sh(
        "ip",
        "link",
        "add",
        "eth0",
        "netns",
        n,
        "type",
        "veth",
        "peer",
        "name",
        port,
        "netns",
        hostNamespace);
    sh("ip", "-n", hostNamespace, "link", "set", port, "mtu", "1450", "master", bridge, "up");
    sh("ip", "-n", n, "link", "set", "eth0", "address", mac, "mtu", "1450", "up");
    sh("ip", "-n", n, "addr", "add", ip, "dev", "eth0");
    return n;
  }

  /**
   * True if {@code target} answers a ping from namespace {@code n} within 8 s (one ping a second;
   * ping exits at the first reply). The first frames of a segment wait for ARP and, on a multicast
   * segment, for the group to flood, so a single short ping can miss on a loaded machine; a pair
   * that is not connected simply times out.
   */
  static boolean pings(String n, String target) {
    return run("ip", "netns", "exec", n, "ping", "-n", "-c", "1", "-w", "8", target) == 0;
  }

  private String ns(String suffix) {
    String n = prefix + "-" + suffix;
    sh("ip", "netns", "add", n);
    namespaces.add(n);
    return n;
  }

  static void sh(String... args) {
    assertThat(run(args)).as(String.join(" ", args)).isZero();
  }

  static int run(String... args) {
    try {
      Process p =
          new ProcessBuilder(args)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
