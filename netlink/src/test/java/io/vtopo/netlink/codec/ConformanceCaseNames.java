package io.vtopo.netlink.codec;

import java.util.Set;

/** The names of the byte-exact iproute2 cases, for tests outside this package that cite them. */
public final class ConformanceCaseNames {
  private ConformanceCaseNames() {}

  /** Every case {@code ConformanceTest} checks byte for byte. */
  public static Set<String> all() {
    return ConformanceTest.CASES.keySet();
  }
}
