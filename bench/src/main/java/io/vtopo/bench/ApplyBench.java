package io.vtopo.bench;

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
import io.vtopo.netlink.RtNetlink;
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
 * {@code vtopo bench apply}: vtopo's plan + apply + verify of N bridges with N TAPs (one per
 * bridge, with an address on each bridge) into a fresh network namespace, against the same work
 * done by {@code ip -batch}; plan time against a namespace that already has many links; destroy
 * against deleting the links one by one. Links only (no libvirt).
 */
public final class ApplyBench {
  private ApplyBench() {}

  static final String NAME = "vtopo-bench";

  /**
   * The topology: bridge {@code bbI} (up, with an address) and tap {@code tbI} (up, its port), I <
   * n.
   */
  static String yaml(int n) {
    StringBuilder b = new StringBuilder("apiVersion: vtopo/v1\nname: " + NAME + "\nlinks:\n");
    for (int i = 0; i < n; i++) {
      b.append("  - {name: bb")
          .append(i)
          .append(", kind: bridge, stp: false, state: up, addresses: [")
          .append(addr(i))
          .append("/30], ports: [tb")
          .append(i)
          .append("]}\n");
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

  /** One measured apply: wall times in ms and the CPU time (user + system) it cost, from /proc. */
  record Run(double total, double apply, double verify, double cpu) {}

  /** Runs everything and prints the table. */
  public static void run(int n, int existing, boolean destroy, int rounds, PrintWriter out)
      throws IOException {
    String tag = "vtopo-bench-" + ProcessHandle.current().pid();
    Path dir = Files.createTempDirectory("vtopo-bench-");
    List<String> names = new ArrayList<>();
    try {
      Topology t =
          TopologyReader.read(writeFile(dir.resolve("t.yaml"), yaml(n))).topology().orElseThrow();
      PlanOptions opts = PlanOptions.defaults().withLinkContract(NetlinkLinkBackend.CONTRACT);
      // Warm-up: one apply and destroy of a tenth of the size in a throwaway namespace, so that the
      // measured runs show
      // steady-state costs rather than the JIT compiling the planner and the codecs (reported
      // separately as "cold").
      names.add(tag + "-w");
      Netns.createNamed(tag + "-w").close();
      double coldMs;
      try (LinkBackend links = NetlinkLinkBackend.open(tag + "-w")) {
        Topology small =
            TopologyReader.read(writeFile(dir.resolve("w.yaml"), yaml(Math.max(10, n / 10))))
                .topology()
                .orElseThrow();
        Supplier<HostState> reader = () -> linksOnly(links);
        long tw = System.nanoTime();
        HostState b0 = reader.get();
        Engine w = engine(links, dir.resolve("wstate"));
        w.apply(small, b0, Planner.plan(small, b0, opts), opts);
        coldMs = ms(tw);
        HostState l0 = reader.get();
        w.apply(
            new Topology(NAME, List.of(), List.of(), List.of(), List.of(), List.of()),
            l0,
            Planner.destroy(NAME, l0, opts),
            opts);
      }
      drop(names, tag + "-w");
      names.add(tag + "-s");
      Netns settleNs = Netns.named(createdNamed(tag + "-s"));
      RtNetlink probe = RtNetlink.open(settleNs);
      KernelIdle.await(probe);
      out.printf(
          "vtopo warm-up (cold JVM): %d bridges + %d TAPs applied and verified in %.0f ms%n",
          Math.max(10, n / 10), Math.max(10, n / 10), coldMs);
      Path batch = writeFile(dir.resolve("ip.batch"), ipBatch(n));
      // Paired rounds, each in fresh namespaces, alternating which tool goes first: on a shared
      // machine the ratio of
      // one pair is noisy, the median of several is what the table reports.
      List<Run> vt = new ArrayList<>();
      List<Run> ip = new ArrayList<>();
      int steps = 0;
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
          boolean vtopoTurn = (r + k) % 2 == 0;
          String ns = tag + (vtopoTurn ? "-v" : "-i") + r;
          names.add(ns);
          Netns.createNamed(ns).close();
          if (vtopoTurn) {
            Path state = dir.resolve("state" + r);
            try (LinkBackend links = NetlinkLinkBackend.open(ns)) {
              Supplier<HostState> reader = () -> linksOnly(links);
              double cpu0 = cpuMs(false);
              double sys0 = sysMs();
              Map<String, Double> threads0 = threadCpuMs();
              long t0 = System.nanoTime();
              HostState before = reader.get();
              Plan plan = Planner.plan(t, before, opts);
              steps = plan.steps().size();
              Engine e = engine(links, state);
              long t1 = System.nanoTime();
              Engine.Result res = e.apply(t, before, plan, opts);
              double applyMs = ms(t1);
              double total = ms(t0);
              double cpu = cpuMs(false) - cpu0;
              double sys = sysMs() - sys0;
              lastBreakdown =
                  breakdown(threads0, threadCpuMs(), cpu - sys, sys)
                      + "; verification attempts "
                      + res.verifyAttempts();
              if (!res.applied()) {
                throw new IllegalStateException("vtopo apply failed: " + res.failure());
              }
              long tv = System.nanoTime();
              Planner.plan(t, reader.get(), opts);
              vt.add(new Run(total, applyMs, ms(tv), cpu));
            }
          } else {
            double cpu0 = cpuMs(true);
            long i0 = System.nanoTime();
            exec("ip", "-n", ns, "-batch", batch.toString());
            double ipMs = ms(i0);
            long i1 = System.nanoTime();
            exec("ip", "-n", ns, "-d", "link", "show");
            exec("ip", "-n", ns, "addr", "show");
            double readMs = ms(i1);
            ip.add(new Run(ipMs + readMs, ipMs, readMs, cpuMs(true) - cpu0));
          }
          if (!(destroy && r == 0)) {
            drop(names, ns);
            KernelIdle.await(probe);
          }
        }
        Run v = vt.get(r);
        Run i = ip.get(r);
        out.printf(
            "round %d: vtopo %.0f ms (apply %.0f, verify %.0f; CPU %.0f ms), ip -batch %.0f ms (read back %.0f;"
                + " CPU %.0f ms): %.2fx%n",
            r + 1,
            v.total(),
            v.apply(),
            v.verify(),
            v.cpu(),
            i.total(),
            i.verify(),
            i.cpu(),
            v.total() / i.total());
        out.printf("  vtopo CPU by thread: %s%n", lastBreakdown);
        out.flush();
      }
      double destroyMs = 0;
      double ipDelMs = 0;
      if (destroy) {
        String vns = tag + "-v0";
        try (LinkBackend links = NetlinkLinkBackend.open(vns)) {
          Supplier<HostState> reader = () -> linksOnly(links);
          Engine e = engine(links, dir.resolve("dstate"));
          long t2 = System.nanoTime();
          HostState live = reader.get();
          Plan d = Planner.destroy(NAME, live, opts);
          Topology empty =
              new Topology(NAME, List.of(), List.of(), List.of(), List.of(), List.of());
          Engine.Result dr = e.apply(empty, live, d, opts);
          destroyMs = ms(t2);
          if (!dr.applied()) {
            throw new IllegalStateException("vtopo destroy failed: " + dr.failure());
          }
          out.printf("vtopo: destroyed %d links in %.0f ms%n", d.steps().size(), destroyMs);
          out.flush();
        }
        StringBuilder del = new StringBuilder();
        for (int i = 0; i < n; i++) {
          del.append("link del tb")
              .append(i)
              .append('\n')
              .append("link del bb")
              .append(i)
              .append('\n');
        }
        Path delBatch = writeFile(dir.resolve("del.batch"), del.toString());
        long d0 = System.nanoTime();
        exec("ip", "-n", tag + "-i0", "-batch", delBatch.toString());
        ipDelMs = ms(d0);
        out.printf("ip link del one by one: %.0f ms%n", ipDelMs);
        out.flush();
        drop(names, tag + "-v0");
        drop(names, tag + "-i0");
        KernelIdle.await(probe);
      }
      probe.close();
      settleNs.close();
      // Plan against a namespace that already has many foreign links (half bridges, half taps on
      // them).
      names.add(tag + "-p");
      Netns.createNamed(tag + "-p").close();
      StringBuilder big = new StringBuilder();
      for (int i = 0; i < existing / 2; i++) {
        big.append("link add xb").append(i).append(" type bridge\n");
        big.append("tuntap add xt").append(i).append(" mode tap\n");
        big.append("link set xt").append(i).append(" master xb").append(i).append('\n');
      }
      exec(
          "ip",
          "-n",
          tag + "-p",
          "-batch",
          writeFile(dir.resolve("big.batch"), big.toString()).toString());
      double[] plans = new double[5];
      int liveLinks;
      try (LinkBackend links = NetlinkLinkBackend.open(tag + "-p")) {
        liveLinks = links.readLinks().size();
        for (int i = 0; i < plans.length; i++) {
          long p0 = System.nanoTime();
          HostState live = linksOnly(links);
          Planner.plan(t, live, opts);
          plans[i] = ms(p0);
        }
      }
      double planBig = median(plans);
      out.printf(
          "plan against %d live links: median %.0f ms (read + plan)%n%n", liveLinks, planBig);
      out.printf(
          "JVM: %s %s, %d CPUs; kernel %s; load average before the table: %s%n%n",
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.version"),
          loadAverage());
      double[] ratios = new double[rounds];
      double[] cpuRatios = new double[rounds];
      StringBuilder each = new StringBuilder();
      for (int r = 0; r < rounds; r++) {
        ratios[r] = vt.get(r).total() / ip.get(r).total();
        cpuRatios[r] = vt.get(r).cpu() / Math.max(1, ip.get(r).cpu());
        each.append(r == 0 ? "" : ", ").append(String.format("%.2fx", ratios[r]));
      }
      out.println("| measurement | vtopo | reference | ratio | target |");
      out.println("|---|---:|---:|---:|---|");
      out.printf(
          "| apply %d bridges + %d TAPs + %d addresses, fresh netns (vtopo: plan + apply + verify; ip:"
              + " `ip -batch` + read back), %d paired rounds | %.0f ms | %.0f ms | %.2fx (median; rounds: %s) |"
              + " within 1.0x |%n",
          n, n, n, rounds, median(vt, Run::total), median(ip, Run::total), median(ratios), each);
      out.printf(
          "| of which verification (vtopo: re-read + re-plan; ip: `ip -d link show` + `ip addr show`) |"
              + " %.0f ms | %.0f ms | %.2fx | |%n",
          median(vt, Run::verify),
          median(ip, Run::verify),
          median(vt, Run::verify) / median(ip, Run::verify));
      out.printf(
          "| CPU time of that apply (vtopo: the JVM, user + system; ip: the ip processes) | %.0f ms | %.0f ms |"
              + " %.2fx | |%n",
          median(vt, Run::cpu), median(ip, Run::cpu), median(cpuRatios));
      out.printf(
          "| plan (read + diff) against %,d live links | %.0f ms | | | under 2 s |%n",
          liveLinks, planBig);
      if (destroy) {
        out.printf(
            "| destroy %d links (vtopo: group delete; ip: one `link del` each) | %.0f ms | %.0f ms | %.2fx"
                + " | faster |%n",
            2 * n, destroyMs, ipDelMs, destroyMs / ipDelMs);
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

  private static String createdNamed(String ns) {
    Netns.createNamed(ns).close();
    return ns;
  }

  private static void drop(List<String> names, String ns) {
    Netns.deleteNamed(ns);
    names.remove(ns);
  }

  /**
   * CPU time in ms (user + system) of this process, or of its waited-for children, from
   * /proc/self/stat.
   */
  static double cpuMs(boolean children) {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17); f[0] is
      // field 3.
      int base = children ? 13 : 11;
      long ticks = Long.parseLong(f[base]) + Long.parseLong(f[base + 1]);
      return ticks * 10.0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String lastBreakdown = "";

  /** System CPU time in ms of this process. */
  static double sysMs() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[12]) * 10.0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * CPU time (user + system) in ms of each thread of this JVM, summed by thread name with digits
   * dropped ("C2 CompilerThread0" and "...1" are one entry): shows whether the measured apply pays
   * for the calling thread or for the JIT and the collector.
   */
  static Map<String, Double> threadCpuMs() {
    Map<String, Double> out = new java.util.TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
          out.merge(name.replaceAll("[0-9]+$", "").trim(), ms, Double::sum);
        } catch (IOException e) {
          // thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String breakdown(
      Map<String, Double> before, Map<String, Double> after, double user, double sys) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("user %.0f ms, sys %.0f ms;", user, sys));
    after.forEach(
        (name, ms) -> {
          double d = ms - before.getOrDefault(name, 0.0);
          if (d > 0) {
            b.append(String.format(" %s %.0f", name, d));
          }
        });
    return b.toString();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** The host as the benchmark plans against it: its links only. */
  private static HostState linksOnly(LinkBackend links) {
    return new HostState(links.readLinks(), List.of(), List.of(), Map.of());
  }

  /** The engine of every vtopo round: links only, its journal in {@code state}. */
  private static Engine engine(LinkBackend links, Path state) {
    return new Engine(
        new Engine.Backends(links, null, null),
        Journal.at(state, NAME),
        () -> linksOnly(links),
        Engine.Progress.NONE,
        5,
        Duration.ofMillis(200));
  }

  static double median(double[] v) {
    double[] c = v.clone();
    java.util.Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    return median(runs.stream().mapToDouble(f).toArray());
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
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd) + " failed with exit " + p.exitValue());
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
