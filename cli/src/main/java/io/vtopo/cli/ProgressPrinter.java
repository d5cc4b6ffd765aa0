package io.vtopo.cli;

import io.vtopo.core.apply.Engine;
import java.io.PrintWriter;

/**
 * Apply progress: a self-updating line with counts and ETA on a terminal, plain lines otherwise.
 */
final class ProgressPrinter implements Engine.Progress {
  private final PrintWriter out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private int lastPrinted = -1;

  ProgressPrinter(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void step(int done, int total, String what) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    String eta = done == 0 ? "" : String.format(", eta %.1fs", elapsed / done * (total - done));
    if (terminal) {
      out.printf("\r[%d/%d%s] %s\u001b[K", done, total, eta, what);
      out.flush();
    } else if (total <= 50 || done * 10 / total != lastPrinted) {
      // Large plans print every tenth instead of every step.
      lastPrinted = done * 10 / Math.max(1, total);
      out.printf("step %d/%d: %s%n", done + 1, total, what);
      out.flush();
    }
  }

  /**
   * Rollback steps are labelled as such, on their own lines, so they never read like the apply
   * going on.
   */
  @Override
  public void rollbackStep(int done, int total, String what) {
    if (terminal) {
      out.print("\r\u001b[K");
    }
    out.printf("rollback: %s%n", what);
    out.flush();
  }

  void done() {
    if (terminal) {
      out.print("\r\u001b[K");
      out.flush();
    }
  }
}
