package io.vtopo.storage;

import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;

/**
 * Test plumbing for the privileged tests: host setup, the system libvirtd, commands, random names.
 */
final class LiveHost {
  private static boolean setupDone;

  private LiveHost() {}

  /**
   * Runs scripts/setup-host.sh once per JVM (it is idempotent and starts only what is not running).
   */
  static synchronized void setup() {
    Privileged.assume(
        Privileged.isRoot(), "not root: libvirt storage pools on qemu:///system need root");
    if (!setupDone) {
      Path script = Path.of("..", "scripts", "setup-host.sh");
      if (Files.exists(script) && !daemonsUp()) {
        Result r =
            run(List.of("bash", script.toString(), "packages", "libvirt", "tgt", "gluster"), 300);
        Privileged.assume(r.code() == 0, "scripts/setup-host.sh failed: " + r.out());
      }
      setupDone = true;
    }
  }

  private static boolean daemonsUp() {
    return run(
                "sh",
                "-c",
                "virsh -c qemu:///system uri >/dev/null 2>&1"
                    + " && kill -0 $(cat /run/vtopo-test/tgtd.pid) && kill -0 $(cat /run/vtopo-test/glusterd.pid)")
            .code()
        == 0;
  }

  /** Opens qemu:///system or skips (fails under VTOPO_REQUIRE_PRIVILEGED=1). */
  static Connect system() {
    setup();
    try {
      Connect.setErrorCallback(new ErrorCallback());
      return new Connect("qemu:///system");
    } catch (Exception e) {
      Privileged.assume(false, "libvirtd at qemu:///system is not reachable: " + e.getMessage());
      throw new IllegalStateException(e);
    }
  }

  static Runnable closing(Connect c) {
    return () -> {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** The storage backend over {@code conn}, its ownership records in {@code tmp}. */
  static LibvirtStorage storage(Connect conn, Path tmp) {
    return new LibvirtStorage(conn, new OwnershipRegistry(tmp.resolve("owners.json")));
  }

  /** The pool named {@code name} as the storage backend lists it; an assertion error if absent. */
  static LivePool pool(LibvirtStorage st, String name) {
    return st.inspect().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pool " + name + " listed"));
  }

  /** A cleanup step: stop and undefine each pool through virsh, whether or not it exists. */
  static Runnable removingPools(String... names) {
    return () -> {
      for (String name : names) {
        run("virsh", "-q", "pool-destroy", name);
        run("virsh", "-q", "pool-undefine", name);
      }
    };
  }

  static String suffix() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 40), 36);
  }

  record Result(int code, String out) {}

  static Result run(List<String> cmd, int timeoutSeconds) {
    try {
      Path log = Files.createTempFile("vtopo-cmd", ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + cmd);
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }

  static Result run(String... cmd) {
    return run(List.of(cmd), 120);
  }

  static String ok(String... cmd) {
    Result r = run(cmd);
    if (r.code() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed (" + r.code() + "): " + r.out());
    }
    return r.out();
  }

  static boolean has(String command) {
    return run("sh", "-c", "command -v " + command).code() == 0;
  }

  /** Cleanup steps run in reverse order, each on its own so one failure does not skip the rest. */
  static final class Cleanup implements AutoCloseable {
    private final List<Runnable> steps = new ArrayList<>();

    void add(Runnable r) {
      steps.add(r);
    }

    @Override
    public void close() {
      for (int i = steps.size() - 1; i >= 0; i--) {
        try {
          steps.get(i).run();
        } catch (RuntimeException e) {
          System.err.println("cleanup step failed: " + e);
        }
      }
    }
  }
}
