package io.vtopo.core.apply;

import io.vtopo.core.VtopoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on one file, so two applies cannot interleave. The CLI takes {@code
 * <state-dir>/apply.lock} for every apply, destroy, recover and adopt: one lock per state
 * directory, whatever topology, namespace or libvirt connection they target (they share the storage
 * ownership registry there, and libvirt networks and pools are host-wide). Uses an OS file lock,
 * which the kernel releases when the process dies, so a killed apply never leaves a stale lock.
 * Applies with different state directories are not serialised; ownership is then proved per object
 * at the moment of each action (see docs/apply.md).
 */
public final class HostLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private HostLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock, waiting up to {@code wait}.
   *
   * @param file the lock file (created if needed)
   * @param wait how long to wait for another apply to finish; zero refuses at once
   * @throws VtopoException {@code CONFLICT} naming the holder when the lock stays taken
   */
  public static HostLock acquire(Path file, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      while (true) {
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          l = null;
        }
        if (l != null) {
          ch.truncate(0);
          ch.write(
              java.nio.ByteBuffer.wrap(
                  (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
          return new HostLock(ch, l);
        }
        if (System.nanoTime() > deadline) {
          String holder = Files.readString(file).trim();
          ch.close();
          throw new VtopoException(
              VtopoException.Kind.CONFLICT,
              null,
              "another vtopo apply (pid "
                  + (holder.isEmpty() ? "?" : holder)
                  + ") holds "
                  + file
                  + "; wait for it or use --lock-wait");
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new VtopoException(
          VtopoException.Kind.FAILED, null, "cannot lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VtopoException(
          VtopoException.Kind.FAILED, null, "interrupted while waiting for " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The kernel drops the lock with the descriptor anyway.
    }
  }
}
