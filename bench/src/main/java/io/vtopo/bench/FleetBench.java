package io.vtopo.bench;

import io.vtopo.fleet.FleetChecks;
import io.vtopo.fleet.FleetReach;
import io.vtopo.fleet.FleetReader;
import io.vtopo.fleet.FleetRender;
import io.vtopo.fleet.FleetReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code vtopo-bench fleet}: {@code vtopo fleet validate} and {@code vtopo fleet check} of a
 * synthetic fleet ({@link SyntheticFleet}) as whole processes of the shipped command (JVM start
 * included), then where a check spends its time, in-process.
 */
final class FleetBench {
  private FleetBench() {}

  /**
   * Runs the benchmark.
   *
   * @param vtopo the command timed (the checkout's {@code ./vtopo} launcher by default)
   */
  static int run(String vtopo, int hosts, int vms, int runs, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("vtopo-fleet-bench");
    Path f = dir.resolve("fleet.yaml");
    try {
      Files.writeString(f, SyntheticFleet.yaml(hosts, vms), StandardCharsets.UTF_8);
      out.printf(
          Locale.ROOT,
          "%d hosts x %d VMs (%d VMs, %d KiB of YAML), `%s fleet validate|check FILE`, %d runs each,"
              + " whole process; load average before: %s%n%n",
          hosts,
          vms,
          hosts * vms,
          Files.size(f) / 1024,
          vtopo,
          runs,
          loadAverage());
      // One untimed run first: the checkout's launcher builds its jar and class-data archive when
      // sources changed, which is not what an operator's run costs.
      if (wholeProcess(vtopo, "validate", f, dir) == null) {
        err.println(
            "vtopo-bench: '"
                + vtopo
                + " fleet validate' failed: "
                + Files.readString(dir.resolve("out")));
        return 1;
      }
      out.println("| command | wall, median | min | max | CPU (user + sys), median |");
      out.println("|---|---:|---:|---:|---:|");
      for (String cmd : List.of("validate", "check")) {
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
          double[] r = wholeProcess(vtopo, cmd, f, dir);
          if (r == null) {
            err.println(
                "vtopo-bench: '"
                    + vtopo
                    + " fleet "
                    + cmd
                    + "' failed on "
                    + f
                    + ": "
                    + Files.readString(dir.resolve("out")));
            return 1;
          }
          wall[i] = r[0];
          cpu[i] = r[1];
        }
        out.printf(
            Locale.ROOT,
            "| `vtopo fleet %s` | %.2f s | %.2f s | %.2f s | %.2f s |%n",
            cmd,
            Figures.middle(wall),
            Arrays.stream(wall).min().orElse(0),
            Arrays.stream(wall).max().orElse(0),
            Figures.middle(cpu));
        out.flush();
      }
      out.printf(Locale.ROOT, "%nload average after: %s%n%n", loadAverage());
      phases(f, out);
      out.flush();
      return 0;
    } finally {
      for (String n : List.of("fleet.yaml", "out", "times")) {
        Files.deleteIfExists(dir.resolve(n));
      }
      Files.deleteIfExists(dir);
    }
  }

  /** Wall seconds and CPU seconds (NaN without /usr/bin/time), or null when it failed. */
  private static double[] wholeProcess(String vtopo, String cmd, Path f, Path dir)
      throws IOException, InterruptedException {
    TimedProcess t =
        TimedProcess.run(List.of(vtopo, "fleet", cmd, f.toString()), dir, dir.resolve("out"));
    return t.exitCode() == 0 ? new double[] {t.wall(), t.cpu()} : null;
  }

  /**
   * CPU time of this thread per phase of one cold {@code check} in this JVM (the bench's own JVM
   * options): which part a faster machine or a faster reader would shrink. The checks render and
   * validate hosts in parallel, so their other threads are not counted.
   */
  private static void phases(Path f, PrintWriter out) {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    long c0 = t.getCurrentThreadCpuTime();
    FleetReader.Result r = FleetReader.read(f);
    long c1 = t.getCurrentThreadCpuTime();
    FleetRender render = new FleetRender(r.fleet().orElseThrow());
    FleetChecks.check(render, r.sources(), r.hostSources());
    long c2 = t.getCurrentThreadCpuTime();
    FleetReach reach = FleetReach.of(render, r.sources(), r.hostSources());
    long c3 = t.getCurrentThreadCpuTime();
    String text = FleetReport.of(reach).text();
    long c4 = t.getCurrentThreadCpuTime();
    out.println("One cold `check` in this JVM, CPU time of the main thread:");
    out.println();
    out.println("| phase | CPU |");
    out.println("|---|---:|");
    out.printf(
        Locale.ROOT, "| read the file (YAML with positions, model) | %d ms |%n", ms(c1 - c0));
    out.printf(
        Locale.ROOT, "| fleet rules, render and validate every host | %d ms |%n", ms(c2 - c1));
    out.printf(Locale.ROOT, "| fleet-wide reachability | %d ms |%n", ms(c3 - c2));
    out.printf(
        Locale.ROOT, "| intents and report (%d chars) | %d ms |%n", text.length(), ms(c4 - c3));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static String loadAverage() {
    try {
      String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return l[0] + " " + l[1] + " " + l[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
