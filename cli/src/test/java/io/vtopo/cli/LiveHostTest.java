package io.vtopo.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the privileged CLI tests: a {@link LiveHost} (skip or fail without root and libvirtd)
 * with a fresh named namespace per test, closed after the subclass's own clean-up (JUnit runs
 * subclass {@code @AfterEach} first).
 */
abstract class LiveHostTest {
  @TempDir Path tmp;
  LiveHost host;
  String ns;

  @BeforeEach
  void openHost() {
    host = new LiveHost(tmp);
    ns = host.netns("");
  }

  @AfterEach
  void closeHost() {
    if (host != null) {
      host.close();
    }
  }

  /** {@code a} followed by this test's {@code --netns} and {@code --state-dir}. */
  String[] args(String... a) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 4);
    out[a.length] = "--netns";
    out[a.length + 1] = ns;
    out[a.length + 2] = "--state-dir";
    out[a.length + 3] = host.state.toString();
    return out;
  }
}
