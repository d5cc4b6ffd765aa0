package io.vtopo.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code vtopo-bench export}: whole {@code vtopo export} and {@code vtopo plan} processes against a
 * libvirt test-driver host described by one node file (N networks of every mode with DHCP, DNS and
 * port groups; P pools of several types with V volumes in all), as an operator runs them: export
 * the host, then plan the exported file against it (no change, every object unmanaged).
 */
public final class ExportPlanBench {
  private ExportPlanBench() {}

  /**
   * The node file: {@code networks} networks cycling through nat, route, open, isolated and bridge
   * (each with a unique 198.18/15 subnet, DHCP range and host, DNS records, some with a route and a
   * domain forwarder kept verbatim), {@code pools} pools (dir, fs, netfs, logical, disk) and {@code
   * volumes} volumes spread over them.
   */
  static String node(int networks, int pools, int volumes) {
    StringBuilder sb = new StringBuilder("<node>\n");
    String[] modes = {"nat", "route", "open", "isolated", "bridge"};
    for (int i = 0; i < networks; i++) {
      String mode = modes[i % modes.length];
      String net = "198." + (18 + i / 256) + "." + (i % 256) + ".";
      sb.append("<network><name>bn").append(i).append("</name>");
      if (mode.equals("bridge")) {
        sb.append("<forward mode='bridge'/><bridge name='br-b").append(i).append("'/>");
        sb.append("<portgroup name='guests' default='yes'/><portgroup name='lab'/></network>\n");
        continue;
      }
      if (!mode.equals("isolated")) {
        sb.append("<forward mode='").append(mode).append("'");
        if (mode.equals("nat")) {
          sb.append("><nat><port start='1024' end='65000'/></nat></forward>");
        } else {
          sb.append("/>");
        }
      }
      sb.append("<bridge name='vb").append(i).append("' stp='on' delay='0'/>");
      sb.append("<domain name='n").append(i).append(".test'/>");
      sb.append("<dns>");
      if (i % 7 == 0) {
        sb.append("<forwarder domain='corp.example' addr='").append(net).append("53'/>");
      }
      sb.append("<txt name='t").append(i).append("' value='bench'/>");
      sb.append("<host ip='").append(net).append("5'><hostname>db</hostname></host></dns>");
      sb.append("<ip address='").append(net).append("1' prefix='24'><dhcp>");
      sb.append("<range start='").append(net).append("10' end='").append(net).append("99'/>");
      sb.append("<host mac='52:54:00:")
          .append(String.format("%02x:%02x", i / 256, i % 256))
          .append(":01' name='h")
          .append(i)
          .append("' ip='")
          .append(net)
          .append("5'/></dhcp></ip>");
      if (i % 5 == 1) {
        sb.append("<route address='198.19.250.0' prefix='24' gateway='").append(net).append("2'/>");
      }
      sb.append("</network>\n");
    }
    String[] types = {"dir", "fs", "netfs", "logical", "disk"};
    int per = pools == 0 ? 0 : volumes / pools;
    int extra = pools == 0 ? 0 : volumes % pools;
    for (int p = 0; p < pools; p++) {
      String type = types[p % types.length];
      String target = type.equals("logical") ? "/dev/vgb" + p : "/srv/bench/p" + p;
      sb.append("<pool type='").append(type).append("'><name>bp").append(p).append("</name>");
      switch (type) {
        case "fs" ->
            sb.append("<source><device path='/dev/vdb")
                .append(p)
                .append("'/><format type='ext4'/></source>");
        case "netfs" ->
            sb.append("<source><host name='198.19.251.")
                .append(p % 250 + 1)
                .append("'/><dir path='/export/p")
                .append(p)
                .append("'/><format type='nfs'/></source>");
        case "logical" ->
            sb.append("<source><name>vgb")
                .append(p)
                .append("</name><format type='lvm2'/></source>");
        case "disk" ->
            sb.append("<source><device path='/dev/sdz")
                .append(p)
                .append("'/><format type='gpt'/></source>");
        default -> {}
      }
      sb.append("<target><path>").append(target).append("</path></target>");
      int n = per + (p < extra ? 1 : 0);
      for (int v = 0; v < n; v++) {
        String fmt =
            type.equals("dir") || type.equals("fs") || type.equals("netfs") ? "qcow2" : "raw";
        sb.append("<volume type='file'><name>v")
            .append(v)
            .append(fmt.equals("qcow2") ? ".qcow2" : "")
            .append("</name><capacity unit='bytes'>")
            .append((1L + v % 16) << 30)
            .append("</capacity><allocation unit='bytes'>0</allocation><target><path>")
            .append(target)
            .append("/v")
            .append(v)
            .append("</path>")
            // Only file-based pools have file formats; a disk pool's are partition types.
            .append(fmt.equals("qcow2") ? "<format type='qcow2'/>" : "")
            .append("</target></volume>");
      }
      sb.append("</pool>\n");
    }
    return sb.append("</node>\n").toString();
  }

  /**
   * Runs {@code rounds} rounds of export then plan (whole processes of {@code vtopo}) and prints a
   * Markdown table of medians.
   */
  public static void run(
      String vtopo, int networks, int pools, int volumes, int rounds, PrintWriter out)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("vtopo-bench-export");
    Path node = dir.resolve("node.xml");
    Files.writeString(node, node(networks, pools, volumes));
    String uri = "test://" + node.toAbsolutePath();
    Path file = dir.resolve("exported.yaml");
    // Links are read from an empty namespace of the bench's own (--netns): the figure is libvirt's.
    String ns = "vtb-" + ProcessHandle.current().pid();
    run(List.of("ip", "netns", "add", ns), dir, "netns");
    double[] export = new double[rounds];
    double[] plan = new double[rounds];
    double[] exportCpu = new double[rounds];
    double[] planCpu = new double[rounds];
    try {
      // One untimed round first: the launcher builds the jar and its class-data archive if needed.
      timed(vtopo, dir, "warm", "export", "--connect", uri, "--netns", ns, "-O", file.toString());
      for (int r = 0; r < rounds; r++) {
        double[] e =
            timed(
                vtopo,
                dir,
                "export",
                "export",
                "--connect",
                uri,
                "--netns",
                ns,
                "--state-dir",
                dir.resolve("state").toString(),
                "-O",
                file.toString());
        double[] p =
            timed(
                vtopo,
                dir,
                "plan",
                "plan",
                file.toString(),
                "--connect",
                uri,
                "--netns",
                ns,
                "--state-dir",
                dir.resolve("state").toString());
        export[r] = e[0];
        exportCpu[r] = e[1];
        plan[r] = p[0];
        planCpu[r] = p[1];
      }
    } finally {
      run(List.of("ip", "netns", "del", ns), dir, "netns");
    }
    String text = Files.readString(dir.resolve("plan.out"));
    long lines = Files.readAllLines(file).size();
    out.println(
        "| networks | pools | volumes | exported lines | command | wall, median of "
            + rounds
            + " | CPU user+sys, median | all rounds (wall) |");
    out.println("|---:|---:|---:|---:|---|---:|---:|---|");
    row(out, networks, pools, volumes, lines, "`vtopo export`", export, exportCpu);
    row(out, networks, pools, volumes, lines, "`vtopo plan` (of the export)", plan, planCpu);
    out.println();
    out.println("plan said: " + text.lines().findFirst().orElse(""));
    out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    out.flush();
  }

  private static void row(
      PrintWriter out, int n, int p, int v, long lines, String what, double[] wall, double[] cpu) {
    double[] w = wall.clone();
    double[] c = cpu.clone();
    Arrays.sort(w);
    Arrays.sort(c);
    StringBuilder all = new StringBuilder();
    for (double x : wall) {
      all.append(all.length() == 0 ? "" : ", ").append(String.format("%.2f", x));
    }
    out.printf(
        "| %d | %d | %d | %d | %s | %.2f s | %.2f s | %s |%n",
        n, p, v, lines, what, w[w.length / 2], c[c.length / 2], all);
  }

  /**
   * One whole process of {@code vtopo ARGS}: wall clock from spawn to exit, and its CPU time (user
   * + system, from {@code /usr/bin/time}). Export must exit 0 and plan 0 (nothing to change).
   */
  private static double[] timed(String vtopo, Path dir, String name, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(vtopo);
    cmd.addAll(Arrays.asList(args));
    Path output = dir.resolve(name + ".out");
    TimedProcess t = TimedProcess.run(cmd, dir, output);
    if (t.exitCode() != 0) {
      throw new IllegalStateException(
          "vtopo " + args[0] + " exited " + t.exitCode() + ": " + Files.readString(output));
    }
    return new double[] {t.wall(), t.cpu()};
  }

  private static void run(List<String> cmd, Path dir, String name)
      throws IOException, InterruptedException {
    int rc =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .start()
            .waitFor();
    if (rc != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc);
    }
  }
}
