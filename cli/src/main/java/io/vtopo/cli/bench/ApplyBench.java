package io.vtopo.cli.bench;

import io.vtopo.core.apply.Engine;
import io.vtopo.core.apply.Journal;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.backend.NetlinkLinkBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code vtopo bench apply}: vtopo's plan + apply + verify of N bridges with N TAPs (one per bridge, with an address
 * on each bridge) into a fresh network namespace, against the same work done by {@code ip -batch}; plan time against
 * a namespace that already has many links; destroy against deleting the links one by one. Links only (no libvirt).
 */
public final class ApplyBench {
  private ApplyBench() {}

  static final String NAME = "vtopo-bench";

  /** The topology: bridge {@code bbI} (up, with an address) and tap {@code tbI} (up, its port), I < n. */
  static String yaml(int n) {
    StringBuilder b = new StringBuilder("apiVersion: vtopo/v1\nname: " + NAME + "\nlinks:\n");
    for (int i = 0; i < n; i++) {
      b.append("  - {name: bb").append(i).append(", kind: bridge, stp: false, state: up, addresses: [")
          .append(addr(i)).append("/30], ports: [tb").append(i).append("]}\n");
      b.append("  - {name: tb").append(i).append(", kind: tap, state: up}\n");
    }
    return b.toString();
  }

  /** 198.18.0.0/15 (benchmarking space), one /30 per bridge. */
  static String addr(int i) {
    int v = i * 4 + 1;
    return "198." + (18 + (v >> 16)) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }

  static String ipBatch(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("link add bb").append(i).append(" type bridge stp_state 0\n");
      b.append("tuntap add tb").append(i).append(" mode tap\n");
    }
    for (int i = 0; i < n; i++) {
      b.append("link set tb").append(i).append(" master bb").append(i).append('\n');
      b.append("addr add ").append(addr(i)).append("/30 dev bb").append(i).append('\n');
    }
    for (int i = 0; i < n; i++) {
      b.append("link set bb").append(i).append(" up\n");
      b.append("link set tb").append(i).append(" up\n");
    }
    return b.toString();
  }

  /** True when running as uid 0. */
  public static boolean root() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return "0".equals(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** Runs everything and prints the table. */
  public static void run(int n, int existing, boolean destroy, PrintWriter out) throws IOException {
    String tag = "vtopo-bench-" + ProcessHandle.current().pid();
    Path dir = Files.createTempDirectory("vtopo-bench-");
    List<String> names = new ArrayList<>();
    try {
      Topology t = TopologyReader.read(writeFile(dir.resolve("t.yaml"), yaml(n))).topology().orElseThrow();
      PlanOptions opts = PlanOptions.defaults();
      // Warm-up: one apply and destroy of a tenth of the size in a throwaway namespace, so that the measured run shows
      // steady-state costs rather than the JIT compiling the planner and the codecs (reported separately as "cold").
      names.add(tag + "-w");
      Netns.createNamed(tag + "-w").close();
      double coldMs;
      try (LinkBackend links = NetlinkLinkBackend.open(tag + "-w")) {
        Topology small = TopologyReader.read(writeFile(dir.resolve("w.yaml"), yaml(Math.max(10, n / 10))))
            .topology().orElseThrow();
        Supplier<HostState> reader = () -> new HostState(links.readLinks(), List.of(), List.of(), Map.of());
        long tw = System.nanoTime();
        HostState b0 = reader.get();
        Engine w = new Engine(new Engine.Backends(links, null, null), Journal.at(dir.resolve("wstate"), NAME), reader,
            Engine.Progress.NONE, 5, Duration.ofMillis(200));
        w.apply(small, b0, Planner.plan(small, b0, opts), opts);
        coldMs = ms(tw);
        HostState l0 = reader.get();
        w.apply(new Topology(NAME, List.of(), List.of(), List.of(), List.of(), List.of()), l0,
            Planner.destroy(NAME, l0, opts), opts);
      }
      out.printf("vtopo warm-up (cold JVM): %d bridges + %d TAPs applied and verified in %.0f ms%n",
          Math.max(10, n / 10), Math.max(10, n / 10), coldMs);
      // vtopo: plan + apply (journal, batched steps) + verify (a full re-read and re-plan).
      names.add(tag + "-v");
      Netns.createNamed(tag + "-v").close();
      double planMs;
      double applyMs;
      double verifiedTotal;
      double verifyMs;
      int steps;
      double destroyMs = 0;
      try (LinkBackend links = NetlinkLinkBackend.open(tag + "-v")) {
        Supplier<HostState> reader = () -> new HostState(links.readLinks(), List.of(), List.of(), Map.of());
        long t0 = System.nanoTime();
        HostState before = reader.get();
        Plan plan = Planner.plan(t, before, opts);
        planMs = ms(t0);
        steps = plan.steps().size();
        Engine e = new Engine(new Engine.Backends(links, null, null), Journal.at(dir.resolve("state"), NAME), reader,
            Engine.Progress.NONE, 5, Duration.ofMillis(200));
        long t1 = System.nanoTime();
        Engine.Result r = e.apply(t, before, plan, opts);
        applyMs = ms(t1);
        verifiedTotal = ms(t0);
        long tv = System.nanoTime();
        Planner.plan(t, reader.get(), opts);
        verifyMs = ms(tv);
        if (!r.applied()) {
          throw new IllegalStateException("vtopo apply failed: " + r.failure());
        }
        out.printf("vtopo: %d steps planned in %.0f ms, applied and verified in %.0f ms%n", steps, planMs, applyMs);
        out.flush();
        if (destroy) {
          long t2 = System.nanoTime();
          HostState live = reader.get();
          Plan d = Planner.destroy(NAME, live, opts);
          Topology empty = new Topology(NAME, List.of(), List.of(), List.of(), List.of(), List.of());
          Engine.Result dr = e.apply(empty, live, d, opts);
          destroyMs = ms(t2);
          if (!dr.applied()) {
            throw new IllegalStateException("vtopo destroy failed: " + dr.failure());
          }
          out.printf("vtopo: destroyed %d links in %.0f ms%n", d.steps().size(), destroyMs);
          out.flush();
        }
      }
      // ip -batch: the same links, addresses and states; then one read of links and addresses as its verification.
      names.add(tag + "-i");
      Netns.createNamed(tag + "-i").close();
      Path batch = writeFile(dir.resolve("ip.batch"), ipBatch(n));
      long i0 = System.nanoTime();
      exec("ip", "-n", tag + "-i", "-batch", batch.toString());
      double ipMs = ms(i0);
      long i1 = System.nanoTime();
      exec("ip", "-n", tag + "-i", "-d", "link", "show");
      exec("ip", "-n", tag + "-i", "addr", "show");
      double ipVerifyMs = ms(i1);
      out.printf("ip -batch: %.0f ms (+ %.0f ms to read links and addresses back)%n", ipMs, ipVerifyMs);
      out.flush();
      double ipDelMs = 0;
      if (destroy) {
        StringBuilder del = new StringBuilder();
        for (int i = 0; i < n; i++) {
          del.append("link del tb").append(i).append('\n').append("link del bb").append(i).append('\n');
        }
        Path delBatch = writeFile(dir.resolve("del.batch"), del.toString());
        long d0 = System.nanoTime();
        exec("ip", "-n", tag + "-i", "-batch", delBatch.toString());
        ipDelMs = ms(d0);
        out.printf("ip link del one by one: %.0f ms%n", ipDelMs);
        out.flush();
      }
      // Plan against a namespace that already has many foreign links (half bridges, half taps on them).
      names.add(tag + "-p");
      Netns.createNamed(tag + "-p").close();
      StringBuilder big = new StringBuilder();
      for (int i = 0; i < existing / 2; i++) {
        big.append("link add xb").append(i).append(" type bridge\n");
        big.append("tuntap add xt").append(i).append(" mode tap\n");
        big.append("link set xt").append(i).append(" master xb").append(i).append('\n');
      }
      exec("ip", "-n", tag + "-p", "-batch", writeFile(dir.resolve("big.batch"), big.toString()).toString());
      double[] plans = new double[5];
      int liveLinks;
      try (LinkBackend links = NetlinkLinkBackend.open(tag + "-p")) {
        liveLinks = links.readLinks().size();
        for (int i = 0; i < plans.length; i++) {
          long p0 = System.nanoTime();
          HostState live = new HostState(links.readLinks(), List.of(), List.of(), Map.of());
          Planner.plan(t, live, opts);
          plans[i] = ms(p0);
        }
      }
      java.util.Arrays.sort(plans);
      double planBig = plans[plans.length / 2];
      out.printf("plan against %d live links: median %.0f ms (read + plan)%n%n", liveLinks, planBig);
      out.printf("JVM: %s %s, %d CPUs; kernel %s%n%n", System.getProperty("java.vm.name"),
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.version"));
      out.println("| measurement | vtopo | reference | ratio | target |");
      out.println("|---|---:|---:|---:|---|");
      out.printf("| apply %d bridges + %d TAPs + %d addresses, fresh netns (vtopo: plan + apply + verify; ip:"
          + " `ip -batch` + read back) | %.0f ms | %.0f ms | %.2fx | within 1.2x |%n", n, n, n, verifiedTotal,
          ipMs + ipVerifyMs, verifiedTotal / (ipMs + ipVerifyMs));
      out.printf("| of which verification (vtopo: re-read + re-plan; ip: `ip -d link show` + `ip addr show`) |"
          + " %.0f ms | %.0f ms | %.2fx | |%n", verifyMs, ipVerifyMs, verifyMs / ipVerifyMs);
      out.printf("| plan (read + diff) against %,d live links | %.0f ms | | | under 2 s |%n", liveLinks, planBig);
      if (destroy) {
        out.printf("| destroy %d links (vtopo: group delete; ip: one `link del` each) | %.0f ms | %.0f ms | %.2fx"
            + " | faster |%n", 2 * n, destroyMs, ipDelMs, destroyMs / ipDelMs);
      }
      out.flush();
    } finally {
      for (String ns : names) {
        try {
          Netns.deleteNamed(ns);
        } catch (RuntimeException e) {
          out.println("could not remove netns " + ns + ": " + e.getMessage());
        }
      }
      try (Stream<Path> w = Files.walk(dir)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Path writeFile(Path p, String text) {
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void exec(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed with exit " + p.exitValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
