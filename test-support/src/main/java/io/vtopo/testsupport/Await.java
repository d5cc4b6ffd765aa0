package io.vtopo.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/**
 * Waiting on an observable condition instead of sleeping a fixed time: the wait ends as soon as the
 * condition holds, and a condition that never holds fails with what was awaited instead of letting
 * a later assertion fail obscurely.
 */
public final class Await {
  /** Generous enough for a loaded 2-core CI machine; a passing test never waits this long. */
  public static final Duration DEFAULT = Duration.ofSeconds(20);

  private Await() {}

  /**
   * Waits up to {@link #DEFAULT} for {@code condition}; fails naming {@code what} if it never
   * holds.
   */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition);
  }

  /**
   * Waits up to {@link #DEFAULT} for {@code condition}; fails naming {@code what} and the state
   * {@code state} shows.
   */
  public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
    until(what, DEFAULT, condition, state);
  }

  /**
   * Waits up to {@code timeout} for {@code condition}; fails naming {@code what} if it never holds.
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition, () -> "");
  }

  /**
   * Waits up to {@code timeout} for {@code condition}; on timeout fails naming {@code what} and the
   * current state as {@code state} describes it.
   */
  public static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 1;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        String s = state.get();
        Assertions.fail(
            "timed out after "
                + timeout.toMillis()
                + " ms waiting for "
                + what
                + (s.isEmpty() ? "" : " (now: " + s + ")"));
      }
      try {
        // Polling backs off from 1 ms to 50 ms: quick conditions end quickly, slow ones cost little
        // CPU.
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Assertions.fail("interrupted while waiting for " + what);
      }
      pause = Math.min(50, pause * 2);
    }
  }
}
