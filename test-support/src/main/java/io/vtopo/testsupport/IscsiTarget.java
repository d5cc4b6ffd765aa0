package io.vtopo.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An iSCSI target of the local tgtd (127.0.0.1:3260, started by {@code scripts/setup-host.sh tgt}):
 * one LUN backed by a sparse file, bound to every initiator, under a target id no other target uses
 * right now. {@link #close} deletes the target (the file stays with the caller's temporary
 * directory).
 *
 * @param tid tgtd's id of the target
 * @param iqn the target's name
 */
public record IscsiTarget(String tid, String iqn) implements AutoCloseable {
  /** Whether tgtd answers: {@code tgtadm} is installed and the daemon lists its targets. */
  public static boolean available() {
    return run(show()).exit() == 0;
  }

  /**
   * A target named {@code iqn} whose LUN 1 is {@code lun}, made a sparse file of {@code size} (as
   * {@code truncate -s} reads it: {@code 32M}).
   */
  public static IscsiTarget create(String iqn, Path lun, String size) {
    ok("truncate", "-s", size, lun.toString());
    String tid = freeTid();
    ok("tgtadm", "--lld", "iscsi", "--op", "new", "--mode", "target", "--tid", tid, "-T", iqn);
    IscsiTarget target = new IscsiTarget(tid, iqn);
    try {
      ok(
          "tgtadm",
          "--lld",
          "iscsi",
          "--op",
          "new",
          "--mode",
          "logicalunit",
          "--tid",
          tid,
          "--lun",
          "1",
          "-b",
          lun.toString());
      ok("tgtadm", "--lld", "iscsi", "--op", "bind", "--mode", "target", "--tid", tid, "-I", "ALL");
      return target;
    } catch (RuntimeException | Error e) {
      target.close();
      throw e;
    }
  }

  /** Deletes the target, sessions and all; a target already gone is not an error. */
  @Override
  public void close() {
    run(
        List.of(
            "tgtadm", "--lld", "iscsi", "--op", "delete", "--force", "--mode", "target", "--tid",
            tid));
  }

  // tgtadm refuses a duplicate tid, so a collision with another test fails loudly rather than
  // sharing a target.
  private static String freeTid() {
    String shown = ok(show().toArray(String[]::new));
    for (int i = 0; i < 100; i++) {
      int tid = ThreadLocalRandom.current().nextInt(1000, 30000);
      if (!shown.contains("Target " + tid + ":")) {
        return Integer.toString(tid);
      }
    }
    throw new AssertionError("no free tgt tid");
  }

  private static List<String> show() {
    return List.of("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show");
  }

  private record Result(int exit, String out) {}

  private static Result run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + cmd);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      // No tgtadm on this host.
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String ok(String... cmd) {
    Result r = run(List.of(cmd));
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.out());
    }
    return r.out();
  }
}
