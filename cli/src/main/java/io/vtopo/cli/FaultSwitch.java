package io.vtopo.cli;

import io.vtopo.core.backend.FaultPoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only: the race-and-crash harness's switch, off unless the JVM runs with {@code
 * -Dvtopo.faults=...}. {@code list} prints every fault point as {@code @@fault N before|after
 * LABEL} and goes on; {@code stop:N} prints point N the same way and then waits for a line on
 * standard input, so that the harness can SIGKILL this JVM there or let a foreign actor change the
 * host before the call runs (or after it returned). Points are numbered from 1 in the order the
 * apply reaches them, which is deterministic for a given plan and host.
 */
final class FaultSwitch {
  private FaultSwitch() {}

  /** Installs the hook described by the {@code vtopo.faults} property, if any. */
  static void installFromProperty() {
    String spec = System.getProperty("vtopo.faults");
    if (spec == null || spec.isBlank()) {
      return;
    }
    int stopAt = spec.startsWith("stop:") ? Integer.parseInt(spec.substring(5)) : -1;
    AtomicInteger n = new AtomicInteger();
    PrintStream out = System.out;
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    FaultPoints.install(
        (when, label) -> {
          int k = n.incrementAndGet();
          if (stopAt < 0 || k == stopAt) {
            out.println("@@fault " + k + " " + when + " " + label);
            out.flush();
          }
          if (k == stopAt) {
            try {
              in.readLine();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
  }
}
