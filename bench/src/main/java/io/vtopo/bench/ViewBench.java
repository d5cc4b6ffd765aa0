package io.vtopo.bench;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.Planner;
import io.vtopo.web.LiveView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code vtopo bench view}: what one refresh of {@code vtopo serve}'s page costs on the server once
 * the host has been read: planner over file and host, drift view, SVG drawing and the JSON pushed
 * to browsers. The host is in memory: bridges with 9 TAPs each, every bridge's MTU differing from
 * the file so each one is drawn as modified.
 */
public final class ViewBench {
  private ViewBench() {}

  static String yaml(int bridges, boolean file) {
    StringBuilder sb = new StringBuilder("apiVersion: vtopo/v1\nname: bench\nlinks:\n");
    for (int b = 0; b < bridges; b++) {
      sb.append("  - {name: br")
          .append(b)
          .append(", kind: bridge, mtu: ")
          .append(file ? 1400 : 1500)
          .append("}\n");
      for (int t = 0; t < 9; t++) {
        sb.append("  - {name: t")
            .append(b)
            .append('-')
            .append(t)
            .append(", kind: tap, master: br")
            .append(b)
            .append("}\n");
      }
    }
    return sb.toString();
  }

  private static Topology read(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, text, StandardCharsets.UTF_8);
      return TopologyReader.read(p).topology().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Times the view of each size (bridges x 10 objects), best and median of {@code runs} after
   * {@code warmup}.
   */
  public static void run(int[] sizes, int warmup, int runs, PrintWriter out) throws IOException {
    Path dir = Files.createTempDirectory("vtopo-bench-view-");
    try {
      out.println("| objects | view + SVG + JSON, median (best) | JSON pushed |");
      out.println("|---:|---:|---:|");
      for (int bridges : sizes) {
        Topology file = read(dir, "file.yaml", yaml(bridges, true));
        Topology live = read(dir, "host.yaml", yaml(bridges, false));
        List<Owned<Link>> links = new ArrayList<>();
        Planner.effectiveLinks(live).forEach(l -> links.add(new Owned<>(l, "bench")));
        HostState host = new HostState(links, List.of(), List.of());
        int bytes = 0;
        double[] ms = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
          long t0 = System.nanoTime();
          LiveView v = LiveView.build(file, host, PlanOptions.defaults(), "in-memory host");
          String json = v.json();
          double t = (System.nanoTime() - t0) / 1e6;
          if (i >= warmup) {
            ms[i - warmup] = t;
          }
          bytes = json.getBytes(StandardCharsets.UTF_8).length;
        }
        Arrays.sort(ms);
        out.printf(
            "| %,d (%d bridges) | %.0f ms (%.0f ms) | %,d KiB |%n",
            bridges * 10, bridges, ms[ms.length / 2], ms[0], bytes / 1024);
        out.flush();
      }
      out.printf(
          "%nJVM: %s %s, %d CPUs%n",
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
    } finally {
      for (String f : new String[] {"file.yaml", "host.yaml"}) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.deleteIfExists(dir);
    }
  }
}
