package io.vtopo.core.backend;

/**
 * Test-only switch: the engine and the backends call {@link #before} and {@link #after} around
 * every call that changes the host (a netlink {@code sendmsg}, a TAP ioctl round, a libvirt
 * define/start/undefine, a volume create), naming the call and the objects it touches. With no hook
 * installed (always, outside tests) a point costs one volatile read. The race-and-crash harness
 * installs a hook (through the CLI's {@code -Dvtopo.faults=...} switch) that stops a child JVM at
 * the k-th point so that the test can SIGKILL it or let a foreign actor change the host there,
 * deterministically rather than by timing.
 *
 * <p>Labels are {@code FAMILY OP NAME...}: {@code link create br0 tap0}, {@code network define n1},
 * {@code volume create img/a.qcow2}; the names are the objects the call is about to change.
 */
public final class FaultPoints {
  /** Receives every point, in order, on the thread that makes the call. */
  @FunctionalInterface
  public interface Hook {
    /**
     * Called at a point.
     *
     * @param when {@code before} or {@code after}
     * @param label the call and its objects ({@code link create br0 tap0})
     */
    void at(String when, String label);
  }

  private static volatile Hook hook;

  private FaultPoints() {}

  /** Installs {@code h} (null removes it). */
  public static void install(Hook h) {
    hook = h;
  }

  /** True if a hook is installed: callers skip building labels otherwise. */
  public static boolean active() {
    return hook != null;
  }

  /**
   * Just before a mutating call; a null label (callers pass one when no hook is active) is no
   * point.
   */
  public static void before(String label) {
    Hook h = hook;
    if (h != null && label != null) {
      h.at("before", label);
    }
  }

  /** Just after a mutating call returned (successfully or not); a null label is no point. */
  public static void after(String label) {
    Hook h = hook;
    if (h != null && label != null) {
      h.at("after", label);
    }
  }
}
