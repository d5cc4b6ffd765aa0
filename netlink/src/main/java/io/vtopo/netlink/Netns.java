package io.vtopo.netlink;

import io.vtopo.netlink.model.NetNs;
import io.vtopo.netlink.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A network namespace held by an open descriptor: the current one, a named one ({@code
 * /run/netns/NAME}), or a new anonymous one that lives as long as this handle or any socket or link
 * inside it.
 *
 * <p>Work inside a namespace runs on a fresh platform thread that enters it with {@code setns} and
 * then ends, so no pooled or caller thread is ever left in the wrong namespace. Sockets opened
 * there stay bound to it.
 */
public final class Netns implements NetNs, AutoCloseable {
  /** Where {@code ip netns} keeps named namespaces. */
  public static final Path RUN_NETNS = Path.of("/run/netns");

  private final int fd;
  private final String name;
  private volatile boolean closed;

  private Netns(int fd, String name) {
    this.fd = fd;
    this.name = name;
  }

  /** The namespace of this process ({@code ip ...} without {@code -n}). */
  public static Netns current() {
    return new Netns(Syscalls.open("/proc/self/ns/net", Syscalls.O_RDONLY), "(current)");
  }

  /** A named namespace ({@code ip -n NAME ...}). */
  public static Netns named(String name) {
    return new Netns(
        Syscalls.open(RUN_NETNS.resolve(checkName(name)).toString(), Syscalls.O_RDONLY), name);
  }

  /**
   * A new anonymous namespace (like {@code unshare -n}); needs CAP_SYS_ADMIN, which root in a user
   * namespace has. It disappears, with its links, when this handle and every socket in it are
   * closed.
   */
  public static Netns create() {
    return onThread(
        () -> {
          Syscalls.unshare(Syscalls.CLONE_NEWNET);
          return new Netns(
              Syscalls.open("/proc/thread-self/ns/net", Syscalls.O_RDONLY), "(anonymous)");
        });
  }

  /**
   * A new namespace bound to {@code /run/netns/NAME} ({@code ip netns add NAME}); needs root, or a
   * private mount namespace in which {@code /run/netns} is writable.
   */
  public static Netns createNamed(String name) {
    Path file = RUN_NETNS.resolve(checkName(name));
    try {
      Files.createDirectories(RUN_NETNS);
      Files.createFile(file);
    } catch (IOException e) {
      throw new NetlinkException("cannot create " + file + ": " + e);
    }
    try (Netns anon = create()) {
      anon.call(
          () -> {
            Syscalls.bindMount("/proc/thread-self/ns/net", file.toString());
            return null;
          });
      return named(name);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // best effort cleanup; the original failure matters more
      }
      throw e;
    }
  }

  /**
   * Removes the name of a namespace ({@code ip netns del NAME}); it ends when nothing else holds
   * it.
   */
  public static void deleteNamed(String name) {
    Path file = RUN_NETNS.resolve(checkName(name));
    Syscalls.detach(file.toString());
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new NetlinkException("cannot remove " + file + ": " + e);
    }
  }

  private static String checkName(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("bad namespace name: " + name);
    }
    return name;
  }

  /**
   * Runs {@code work} on a fresh thread that has entered this namespace, and returns its result.
   */
  public <T> T call(Callable<T> work) {
    return onThread(
        () -> {
          Syscalls.setns(fd, Syscalls.CLONE_NEWNET, "setns " + name);
          return work.call();
        });
  }

  /**
   * Runs on a fresh platform thread and rethrows what it threw; the thread then dies with its
   * namespace state.
   */
  static <T> T onThread(Callable<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.set(work.call());
              } catch (Throwable e) {
                error.set(e);
              }
            },
            "vtopo-netns");
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable e = error.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new NetlinkException("in namespace: " + e);
    }
    return result.get();
  }

  @Override
  public int fd() {
    if (closed) {
      throw new IllegalStateException("namespace handle closed");
    }
    return fd;
  }

  /** The name given at open, for messages. */
  public String name() {
    return name;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Syscalls.close(fd);
    }
  }

  @Override
  public String toString() {
    return "netns " + name;
  }
}
