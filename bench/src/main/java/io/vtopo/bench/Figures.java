package io.vtopo.bench;

import java.util.Arrays;

/** What several in-process benchmarks print the same way. */
final class Figures {
  private Figures() {}

  /**
   * The middle of the sorted values: for an even count the upper of the two middle ones (the model,
   * reach and fleet tables report this; the apply table averages the two instead).
   */
  static double middle(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** {@code JVM: NAME VERSION, max heap N MB, N CPUs} and a blank line, under a table. */
  static String jvmAndHeap() {
    return String.format(
        "JVM: %s %s, max heap %d MB, %d CPUs%n%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        Runtime.getRuntime().availableProcessors());
  }
}
