package io.vtopo.bench;

import io.vtopo.core.diag.Severity;
import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.validate.Validator;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures parse + validate + graph (with creation order) on synthetic topologies and prints a
 * Markdown table: warm median wall time over repeated runs, and the heap's peak usage during one
 * run.
 */
public final class ModelBench {
  private ModelBench() {}

  /** One row of results. */
  record Row(
      int objects,
      int bytes,
      double parseMs,
      double validateMs,
      double graphMs,
      double totalMs,
      long retainedMb,
      long peakHeapMb) {}

  /** Runs the benchmark for each scale and prints the table. */
  public static void run(int[] scales, int warmup, int runs, PrintWriter out) {
    List<Row> rows = new ArrayList<>();
    for (int scale : scales) {
      byte[] yaml = SyntheticTopology.yaml(scale).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < warmup; i++) {
        once(yaml);
      }
      double[] parse = new double[runs];
      double[] validate = new double[runs];
      double[] graph = new double[runs];
      double[] total = new double[runs];
      for (int i = 0; i < runs; i++) {
        double[] t = once(yaml);
        parse[i] = t[0];
        validate[i] = t[1];
        graph[i] = t[2];
        total[i] = t[0] + t[1] + t[2];
      }
      System.gc();
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      long before = usedAfterGc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      Object[] keep = new Object[1];
      once(yaml, keep);
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      long retained = Math.max(0, usedAfterGc() - before);
      if (keep[0] == null) {
        throw new IllegalStateException("nothing retained");
      }
      rows.add(
          new Row(
              SyntheticTopology.objects(scale),
              yaml.length,
              Figures.middle(parse),
              Figures.middle(validate),
              Figures.middle(graph),
              Figures.middle(total),
              retained / (1024 * 1024),
              peak / (1024 * 1024)));
      out.printf("scale %d done%n", scale);
      out.flush();
    }
    out.println();
    out.print(Figures.jvmAndHeap());
    out.println(
        "| objects | file size | parse (ms) | validate (ms) | graph + order (ms) | total (ms)"
            + " | retained: model + graph (MB) | peak heap, upper bound (MB) |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      out.printf(
          "| %,d | %.1f MB | %.0f | %.0f | %.0f | %.0f | %d | %d |%n",
          r.objects(),
          r.bytes() / 1e6,
          r.parseMs(),
          r.validateMs(),
          r.graphMs(),
          r.totalMs(),
          r.retainedMb(),
          r.peakHeapMb());
    }
    out.flush();
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double[] once(byte[] yaml) {
    return once(yaml, new Object[1]);
  }

  private static double[] once(byte[] yaml, Object[] keep) {
    long t0 = System.nanoTime();
    TopologyReader.Result r = TopologyReader.read("bench.yaml", yaml);
    long t1 = System.nanoTime();
    var topo =
        r.topology()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "synthetic topology is invalid: "
                            + r.diagnostics().sorted().get(0).format()));
    var diags = Validator.validate(topo, r.sources());
    if (diags.count(Severity.ERROR) > 0) {
      throw new IllegalStateException(
          "synthetic topology fails validation: " + diags.sorted().get(0).format());
    }
    long t2 = System.nanoTime();
    TopologyGraph g = TopologyGraph.of(topo);
    if (g.creationOrder().isEmpty()) {
      throw new IllegalStateException("empty creation order");
    }
    long t3 = System.nanoTime();
    keep[0] = new Object[] {topo, r.sources(), g};
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6};
  }
}
