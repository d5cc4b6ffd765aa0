package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, the race-and-crash harness. A plan mixing links (bridge, TAP, veth, VXLAN) with an
 * address and a route, a libvirt network, a pool and a volume is applied by a child JVM that stops
 * at the k-th fault point (every call that changes the host, before and after it: see {@code
 * FaultPoints}); there the test either
 *
 * <ul>
 *   <li>kills it with SIGKILL, then runs {@code vtopo recover}: the host must be exactly as before
 *       the apply and {@code plan} must print the plan it printed before; or
 *   <li>lets a foreign actor ({@code ip}, {@code virsh}) act, then lets the apply go on: at a call
 *       that creates an object, the actor creates one of the same name first (the apply must stop,
 *       roll back, and leave the actor's object exactly as the actor made it); at any other call it
 *       creates a neighbour (the apply goes on, the neighbour survives apply and destroy) or, after
 *       a call, changes a pre-existing neighbour (the change stays).
 * </ul>
 *
 * Every case starts from the same host and ends back there (the foreign objects removed by the
 * test). The cases are counted and all run; see docs/benchmarks.md for the count and the run time.
 */
class RaceAndCrashTest extends LiveHostTest {
  private static final Pattern FAULT = Pattern.compile("^@@fault (\\d+) (before|after) (.*)$");

  Path file;
  Path poolDir;
  String before;
  String plan0;

  /** A foreign bridge present before every case: the neighbour "changed" by the actor. */
  String neighbour;

  record Point(int k, String when, String label) {}

  @BeforeEach
  void setUp() {
    String net = LiveHost.chunk28();
    String pre = net.substring(0, net.lastIndexOf('.') + 1);
    int off = Integer.parseInt(net.substring(net.lastIndexOf('.') + 1));
    poolDir = tmp.resolve("pool");
    String lp = host.lp;
    file =
        host.file(
            "race.yaml",
            """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: %2$sb, kind: bridge, stp: false, state: up, addresses: [192.0.2.1/24],
             routes: [{to: 198.51.100.0/24, via: 192.0.2.254}], ports: [%2$st, %2$sv, %2$sx]}
          - {name: %2$st, kind: tap, state: up}
          - {name: %2$sv, kind: veth, peer: %2$sw, state: up}
          - {name: %2$sw, kind: veth, peer: %2$sv, state: up}
          - {name: %2$sx, kind: vxlan, vni: 4243, dstport: 4789, remote: 192.0.2.14}
        networks:
          - {name: %1$s-net, mode: isolated, bridge: %2$sn, ips: [{address: %3$s/28}]}
        pools:
          - name: %1$s-img
            type: dir
            target: %4$s
            volumes: [{name: a.qcow2, format: qcow2, capacity: 16M}]
        """
                .formatted(host.prefix, lp, pre + (off + 1), poolDir));
    neighbour = lp + "y";
    LiveHost.sh("ip", "-n", ns, "link", "add", neighbour, "type", "bridge");
    before = host.state(ns);
    LiveHost.Run p = LiveHost.vtopo(args("plan", file.toString()));
    assertThat(p.code()).as(p.toString()).isEqualTo(2);
    plan0 = p.out();
  }

  @AfterEach
  void cleanUp() {
    if (host != null) {
      LiveHost.vtopo(args("recover", host.prefix));
      LiveHost.vtopo(args("destroy", file.toString(), "--yes", "--allow-data-loss"));
    }
  }

  /**
   * Starts {@code vtopo apply} in a child JVM with the fault switch. (A class-data archive would
   * halve the start-up, but the JVM archives only jar class paths, and the test runs from the
   * modules' class directories.)
   */
  Process spawn(String faults) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dvtopo.faults=" + faults,
                "-cp",
                System.getProperty("java.class.path"),
                "io.vtopo.cli.Main"));
    cmd.addAll(Arrays.asList(args("apply", file.toString(), "--yes")));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /**
   * Reads the child's output up to fault point {@code k}; the child then waits on its standard
   * input.
   */
  static Point await(Process p, BufferedReader r, int k, List<String> seen) throws IOException {
    String line;
    while ((line = r.readLine()) != null) {
      seen.add(line);
      Matcher m = FAULT.matcher(line);
      if (m.matches() && Integer.parseInt(m.group(1)) == k) {
        return new Point(k, m.group(2), m.group(3));
      }
    }
    throw new AssertionError(
        "apply ended before fault point " + k + ":\n" + String.join("\n", seen));
  }

  /** Host back to the state before the apply, and the plan as before. */
  void assertPristine(String what) {
    assertThat(host.state(ns)).as("host after %s", what).isEqualTo(before);
    assertThat(Files.exists(poolDir)).as("pool directory after %s", what).isFalse();
    LiveHost.Run p = LiveHost.vtopo(args("plan", file.toString()));
    assertThat(p.out()).as("plan after %s", what).isEqualTo(plan0);
    assertThat(Files.exists(host.state.resolve("journal").resolve(host.prefix).resolve("ids")))
        .as("journal after %s", what)
        .isFalse();
  }

  /** One link as {@code ip -d} shows it, without counters that move by themselves. */
  String link(String name) {
    return LiveHost.links(ns)
        .lines()
        .filter(l -> l.startsWith("link " + name + ":"))
        .findFirst()
        .orElse("(gone)");
  }

  @Test
  void everyFaultPointKilledOrRacedLeavesForeignObjectsAloneAndNothingOwnedBehind()
      throws Exception {
    long t0 = System.nanoTime();
    // 1. The points of a clean apply, then back to the start.
    List<Point> points = new ArrayList<>();
    Process lister = spawn("list");
    lister.getOutputStream().close();
    String out = new String(lister.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lister.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(lister.exitValue()).as(out).isZero();
    for (String l : out.split("\n")) {
      Matcher m = FAULT.matcher(l);
      if (m.matches()) {
        points.add(new Point(Integer.parseInt(m.group(1)), m.group(2), m.group(3)));
      }
    }
    String labels = String.join("\n", points.stream().map(Point::toString).toList());
    for (String family :
        new String[] {
          "tap create",
          "link batch create:",
          "link mark",
          "tap persist",
          "network define",
          "network start",
          "storage pool-define",
          "storage pool-build",
          "storage pool-start",
          "storage vol-create"
        }) {
      assertThat(labels).as("fault points").contains(family);
    }
    LiveHost.Run d = LiveHost.vtopo(args("destroy", file.toString(), "--yes", "--allow-data-loss"));
    assertThat(d.code()).as(d.toString()).isZero();
    assertPristine("destroy of the listing run");

    // While working on one case: VTOPO_HARNESS_POINTS=5,6 runs only those points (CI runs them
    // all).
    String only = System.getenv("VTOPO_HARNESS_POINTS");
    if (only != null && !only.isBlank()) {
      List<String> ks = Arrays.asList(only.split(","));
      points.removeIf(pt -> !ks.contains(String.valueOf(pt.k())));
    }
    // 2. SIGKILL at every point, then recover.
    int kills = 0;
    for (Point pt : points) {
      killCase(pt);
      kills++;
    }
    // 3. A foreign actor at every point.
    int races = 0;
    for (Point pt : points) {
      raceCase(pt);
      races++;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "RaceAndCrashTest: %d fault points, %d kill cases, %d race cases, %d ms%n",
        points.size(), kills, races, ms);
  }

  void killCase(Point pt) throws Exception {
    Process p = spawn("stop:" + pt.k());
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> seen = new ArrayList<>();
      long t0 = System.nanoTime();
      await(p, r, pt.k(), seen);
      long t1 = System.nanoTime();
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("SIGKILL").isEqualTo(137);
      LiveHost.Run rec = LiveHost.vtopo(args("recover", host.prefix));
      long t2 = System.nanoTime();
      assertThat(rec.code()).as("recover after a kill at %s:\n%s", pt, rec).isZero();
      assertPristine("a kill at " + pt + " and recover (" + rec.out().strip() + ")");
      System.out.printf(
          "kill %s: to point %d ms, recover %d ms, check %d ms%n",
          pt, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * A foreign actor at point {@code pt}. No kill is involved, so the apply runs in this JVM (no
   * start-up per case): the hook counts the points and, at the k-th, runs the actor on the apply's
   * own thread before letting the call go on.
   */
  void raceCase(Point pt) throws Exception {
    String[] foreign = new String[3];
    boolean[] sameName = new boolean[1];
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    io.vtopo.core.backend.FaultPoints.install(
        (when, label) -> {
          if (n.incrementAndGet() == pt.k()) {
            assertThat(when + " " + label)
                .as("point %d", pt.k())
                .isEqualTo(pt.when() + " " + pt.label());
            act(pt, foreign, sameName);
          }
        });
    LiveHost.Run run;
    try {
      run = LiveHost.vtopo(args("apply", file.toString(), "--yes"));
    } finally {
      io.vtopo.core.backend.FaultPoints.install(null);
    }
    String foreignKind = foreign[0];
    String foreignName = foreign[1];
    String foreignBefore = foreign[2];
    assertThat(foreignKind).as("the actor ran at %s:\n%s", pt, run).isNotNull();
    if (sameName[0]) {
      assertThat(run.code())
          .as("apply meeting a foreign %s %s at %s:\n%s", foreignKind, foreignName, pt, run)
          .isEqualTo(1);
      assertThat(run.err()).as(run.toString()).contains("another tool").contains("left alone");
    } else {
      assertThat(run.code()).as("apply with a foreign neighbour at %s:\n%s", pt, run).isZero();
    }
    assertThat(describe(foreignKind, foreignName))
        .as("foreign %s %s after the apply raced at %s:\n%s", foreignKind, foreignName, pt, run)
        .isEqualTo(foreignBefore);
    if (foreignKind.equals("volume")) {
      // The pool is vtopo's but now holds another tool's volume: rollback undid the rest and kept
      // the pool (its
      // storage is not only vtopo's any more) and its journal; once the operator removed the
      // volume, recover ends it.
      assertThat(run.err())
          .as(run.toString())
          .contains("not empty")
          .contains("not created by vtopo");
      LiveHost.virsh("vol-delete", foreignName, "--pool", host.prefix + "-img");
      LiveHost.Run rec = LiveHost.vtopo(args("recover", host.prefix));
      assertThat(rec.code()).as(rec.toString()).isZero();
    } else if (!sameName[0]) {
      LiveHost.Run destroy =
          LiveHost.vtopo(args("destroy", file.toString(), "--yes", "--allow-data-loss"));
      assertThat(destroy.code()).as(destroy.toString()).isZero();
      assertThat(describe(foreignKind, foreignName))
          .as("neighbour after destroy")
          .isEqualTo(foreignBefore);
    }
    removeForeign(foreignKind, foreignName);
    assertPristine("a foreign " + foreignKind + " " + foreignName + " at " + pt);
  }

  /**
   * The foreign actor: before a call that creates an object, it creates one of the same name;
   * before any other call it creates a neighbour link; after a call it changes the pre-existing
   * neighbour's MTU. Fills {@code foreign} with kind, name and the object's description right after
   * the actor's change.
   */
  void act(Point pt, String[] foreign, boolean[] sameName) {
    String label = pt.label();
    Matcher create =
        Pattern.compile("(?:^tap create |^link batch .*?create:)(\\S+)").matcher(label);
    boolean before = pt.when().equals("before");
    if (before && create.find()) {
      foreign[0] = "link";
      foreign[1] = create.group(1);
      sameName[0] = true;
      if (label.startsWith("tap ")) {
        LiveHost.sh("ip", "-n", ns, "tuntap", "add", foreign[1], "mode", "tap");
      } else {
        LiveHost.sh("ip", "-n", ns, "link", "add", foreign[1], "type", "bridge");
      }
    } else if (before && label.startsWith("network define ")) {
      foreign[0] = "network";
      foreign[1] = label.substring("network define ".length());
      sameName[0] = true;
      Path x =
          host.file(
              "foreign-net.xml",
              "<network><name>"
                  + foreign[1]
                  + "</name><bridge name='"
                  + host.lp
                  + "f'/></network>");
      LiveHost.virsh("net-define", x.toString());
    } else if (before && label.startsWith("storage pool-define ")) {
      foreign[0] = "pool";
      foreign[1] = host.prefix + "-img";
      sameName[0] = true;
      LiveHost.virsh(
          "pool-define-as", foreign[1], "dir", "--target", tmp.resolve("foreign").toString());
    } else if (before && label.startsWith("storage vol-create ")) {
      foreign[0] = "volume";
      foreign[1] = "a.qcow2";
      sameName[0] = true;
      LiveHost.virsh("vol-create-as", host.prefix + "-img", foreign[1], "1M", "--format", "raw");
    } else if (before) {
      foreign[0] = "link";
      foreign[1] = host.lp + "z";
      LiveHost.sh("ip", "-n", ns, "link", "add", foreign[1], "type", "bridge");
    } else {
      foreign[0] = "link";
      foreign[1] = neighbour;
      LiveHost.sh("ip", "-n", ns, "link", "set", neighbour, "mtu", "1400");
    }
    foreign[2] = describe(foreign[0], foreign[1]);
  }

  String describe(String kind, String name) {
    return switch (kind) {
      case "link" -> link(name);
      case "network" -> LiveHost.virsh("net-dumpxml", name);
      case "pool" -> LiveHost.virsh("pool-dumpxml", name);
      default -> volume(name);
    };
  }

  String volume(String name) {
    return LiveHost.virsh("vol-dumpxml", name, "--pool", host.prefix + "-img")
        .replaceAll("(?s)<timestamps>.*?</timestamps>", "")
        .replaceAll("<allocation[^>]*>[^<]*</allocation>", "");
  }

  void removeForeign(String kind, String name) {
    switch (kind) {
      case "link" -> {
        if (name.equals(neighbour)) {
          LiveHost.sh("ip", "-n", ns, "link", "set", neighbour, "mtu", "1500");
        } else {
          LiveHost.sh("ip", "-n", ns, "link", "del", name);
        }
      }
      case "network" -> LiveHost.virsh("net-undefine", name);
      case "pool" -> LiveHost.virsh("pool-undefine", name);
      default -> {}
    }
  }
}
