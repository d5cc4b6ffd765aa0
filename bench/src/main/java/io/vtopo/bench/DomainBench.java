package io.vtopo.bench;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import io.vtopo.domain.DomainXml;
import io.vtopo.domain.LibvirtDomainBackend;
import io.vtopo.libvirt.LibvirtConnections;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.libvirt.Connect;

/**
 * {@code vtopo bench domains}: reading N domains with 4 vNICs and 2 disks each from libvirt's test
 * driver and planning a file that declares them all against them, in-process (warm) and as whole
 * {@code vtopo plan} processes.
 */
public final class DomainBench {
  private DomainBench() {}

  /** The node file: networks net0/net1 owned by {@code bench}, N domains owned by {@code bench}. */
  static String node(int n) {
    StringBuilder sb = new StringBuilder("<node>\n");
    for (int k = 0; k < 2; k++) {
      sb.append("<network><name>net")
          .append(k)
          .append("</name><metadata><vtopo:owner xmlns:vtopo=")
          .append(
              "'https://vtopo.io/xmlns/network/1' topology='bench'/></metadata><bridge name='virbr9")
          .append(k)
          .append("'/><ip address='198.18.")
          .append(9 + k)
          .append(".1' netmask='255.255.255.0'/></network>\n");
    }
    for (int i = 0; i < n; i++) {
      sb.append("<domain type='test'><name>vm")
          .append(i)
          .append("</name><metadata><vtopo:devices xmlns:vtopo='")
          .append(DomainXml.NS)
          .append("' owner='bench'/></metadata><memory>65536</memory><os><type>hvm</type></os>")
          .append("<devices>");
      for (int k = 0; k < 4; k++) {
        sb.append("<interface type='network'><mac address='")
            .append(mac(i, k))
            .append("'/><source network='net")
            .append(k % 2)
            .append("'/><model type='virtio'/><rom bar='off'/></interface>");
      }
      for (int k = 0; k < 2; k++) {
        sb.append(
                "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/srv/vm")
            .append(i)
            .append('-')
            .append(k)
            .append(".qcow2'/><target dev='vd")
            .append((char) ('a' + k))
            .append("' bus='virtio'/></disk>");
      }
      sb.append("</devices></domain>\n");
    }
    return sb.append("</node>\n").toString();
  }

  private static String mac(int i, int k) {
    return String.format(
        "52:54:%02x:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, k);
  }

  /**
   * The file: both networks, N VMs declaring every device; one vNIC per VM changes (link down: a
   * live step).
   */
  static String file(int n) {
    StringBuilder sb = new StringBuilder("apiVersion: vtopo/v1\nname: bench\nnetworks:\n");
    for (int k = 0; k < 2; k++) {
      sb.append("  - {name: net")
          .append(k)
          .append(", mode: isolated, bridge: virbr9")
          .append(k)
          .append(", ips: [{address: 198.18.")
          .append(9 + k)
          .append(".1/24}]}\n");
    }
    sb.append("vms:\n");
    for (int i = 0; i < n; i++) {
      sb.append("  - name: vm")
          .append(i)
          .append("\n    domain: vm")
          .append(i)
          .append("\n    nics:\n");
      for (int k = 0; k < 4; k++) {
        sb.append("      - {network: net")
            .append(k % 2)
            .append(", mac: '")
            .append(mac(i, k))
            .append("', model: virtio")
            .append(k == 0 ? ", link: down" : "")
            .append("}\n");
      }
      sb.append("    disks:\n");
      for (int k = 0; k < 2; k++) {
        sb.append("      - {target: vd")
            .append((char) ('a' + k))
            .append(", file: /srv/vm")
            .append(i)
            .append('-')
            .append(k)
            .append(".qcow2, bus: virtio, format: qcow2}\n");
      }
    }
    return sb.toString();
  }

  /** Runs the benchmark and prints a Markdown table. */
  public static void run(int[] sizes, int runs, List<String> jvm, Path vtopo, PrintWriter out)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("vtopo-bench-domains");
    out.println(
        "| domains | devices | read (in-process, warm) | plan (in-process, warm) | steps | whole `vtopo plan`"
            + " process, wall (median of "
            + runs
            + ") | same, CPU user+sys |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : sizes) {
      Path node = dir.resolve("node-" + n + ".xml");
      Path file = dir.resolve("bench-" + n + ".yaml");
      Files.writeString(node, node(n));
      Files.writeString(file, file(n));
      Topology t = TopologyReader.read(file).topology().orElseThrow();
      Connect c = LibvirtConnections.open("test://" + node.toAbsolutePath());
      double read = Double.MAX_VALUE;
      double plan = Double.MAX_VALUE;
      int steps = 0;
      try {
        LibvirtDomainBackend b = new LibvirtDomainBackend(c, dir.resolve("cp"), (x, y) -> {});
        for (int r = 0; r < 5; r++) {
          long t0 = System.nanoTime();
          HostState h = HostState.empty().withDomains(b.list());
          long t1 = System.nanoTime();
          Plan p = Planner.plan(t, h, PlanOptions.defaults());
          long t2 = System.nanoTime();
          read = Math.min(read, (t1 - t0) / 1e6);
          plan = Math.min(plan, (t2 - t1) / 1e6);
          steps = p.steps().size();
        }
      } finally {
        LibvirtConnections.closeQuietly(c);
      }
      double[] whole = new double[runs];
      double[] cpu = new double[runs];
      for (int r = 0; r < runs; r++) {
        double[] w = wholeProcess(vtopo, file, node, dir, jvm);
        whole[r] = w[0];
        cpu[r] = w[1];
      }
      Arrays.sort(whole);
      Arrays.sort(cpu);
      out.printf(
          "| %d | %d | %.0f ms | %.0f ms | %d | %.2f s | %.2f s |%n",
          n, n * 6, read, plan, steps, whole[runs / 2], cpu[runs / 2]);
      out.flush();
    }
  }

  /**
   * The {@code vtopo} launcher of the checkout this jar was built in ({@code
   * CHECKOUT/bench/target/vtopo-bench.jar}): the command an operator runs, with its JVM options.
   */
  static Path launcher() {
    try {
      Path jar =
          Path.of(DomainBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path l = jar.getParent().getParent().getParent().resolve("vtopo");
      if (!Files.isExecutable(l)) {
        throw new IllegalStateException("no vtopo launcher at " + l + ": pass --vtopo");
      }
      return l;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One {@code vtopo plan FILE --connect test:///NODE} in a fresh process of {@code vtopo}: wall
   * clock from spawn to exit, and the CPU time (user + system, from {@code /usr/bin/time}) which a
   * loaded shared machine disturbs far less than the wall clock.
   */
  private static double[] wholeProcess(Path vtopo, Path file, Path node, Path dir, List<String> jvm)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            vtopo.toString(),
            "plan",
            file.toString(),
            "--connect",
            "test://" + node.toAbsolutePath(),
            "--state-dir",
            dir.resolve("state").toString()));
    TimedProcess t =
        TimedProcess.run(
            cmd,
            jvm.isEmpty()
                ? java.util.Map.of()
                : java.util.Map.of("VTOPO_JAVA_OPTS", String.join(" ", jvm)),
            dir,
            dir.resolve("plan.out"));
    int rc = t.exitCode();
    double s = t.wall();
    double c = t.cpu();
    if (rc != 2) {
      throw new IllegalStateException(
          "vtopo plan exited "
              + rc
              + " (expected 2: changes): "
              + Files.readString(dir.resolve("plan.out")));
    }
    return new double[] {s, c};
  }
}
