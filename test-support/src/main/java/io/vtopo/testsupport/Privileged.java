package io.vtopo.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need root, a kernel feature or a running daemon.
 *
 * <p>Without {@code VTOPO_REQUIRE_PRIVILEGED=1} a missing prerequisite skips the test with the
 * reason; with it (as in {@code .ci/run}) the same condition fails the test, so CI can never pass
 * by skipping.
 */
public final class Privileged {
  /** Environment variable that turns skips into failures. */
  public static final String REQUIRE_ENV = "VTOPO_REQUIRE_PRIVILEGED";

  private Privileged() {}

  /** True when skips must become failures. */
  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV));
  }

  /**
   * Continues only if {@code available}; otherwise skips (or fails under {@link #REQUIRE_ENV})
   * naming {@code what}.
   *
   * @param available whether the prerequisite holds
   * @param what what is missing, e.g. "libvirtd at qemu:///system is not reachable: ..."
   */
  public static void assume(boolean available, String what) {
    if (available) {
      return;
    }
    if (required()) {
      Assertions.fail(REQUIRE_ENV + "=1 but a prerequisite is missing: " + what);
    }
    Assumptions.abort("skipped: " + what);
  }

  /** True when the JVM runs with uid 0 (real root, or root inside a user namespace). */
  public static boolean isRoot() {
    try {
      String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"));
      for (String line : status.split("\n")) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          return "0".equals(f[1]);
        }
      }
    } catch (java.io.IOException e) {
      return false;
    }
    return false;
  }
}
