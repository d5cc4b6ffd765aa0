package io.vtopo.netlink.kernel;

import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.Link;
import io.vtopo.testsupport.Privileged;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every kernel test runs in its own new anonymous network namespace (and any extra ones it asks
 * for), which the kernel destroys with all its links once the test closes its handles: nothing can
 * leak into the root namespace, even if the test fails. Needs CAP_SYS_ADMIN: root, or the JVM
 * launched by {@code scripts/java-in-userns}; otherwise the test is skipped with the reason (or
 * fails under VTOPO_REQUIRE_PRIVILEGED=1).
 */
abstract class KernelTestBase {
  private static String unavailable;
  private static boolean probed;

  protected Netns ns;
  protected RtNetlink nl;
  private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

  static synchronized String unavailable() {
    if (!probed) {
      probed = true;
      try {
        Netns.create().close();
      } catch (NetlinkException e) {
        unavailable =
            "cannot create a network namespace ("
                + e.getMessage()
                + "); run as root or launch the JVM "
                + "with scripts/java-in-userns (mvn -Puserns)";
      }
    }
    return unavailable;
  }

  @BeforeEach
  void openNamespace() {
    String why = unavailable();
    Privileged.assume(why == null, why);
    ns = track(Netns.create());
    nl = track(RtNetlink.open(ns));
  }

  /** Another fresh namespace, closed after the test. */
  protected Netns newNamespace() {
    return track(Netns.create());
  }

  /** A client for another namespace, closed after the test. */
  protected RtNetlink client(Netns other) {
    return track(RtNetlink.open(other));
  }

  protected <T extends AutoCloseable> T track(T c) {
    cleanup.push(c);
    return c;
  }

  protected Link link(String name) {
    return nl.link(name).orElseThrow(() -> new AssertionError("no link " + name));
  }

  @AfterEach
  void closeNamespaces() throws Exception {
    Exception first = null;
    while (!cleanup.isEmpty()) {
      try {
        cleanup.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
