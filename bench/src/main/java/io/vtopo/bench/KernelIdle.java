package io.vtopo.bench;

import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.LinkSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the kernel has finished the work an earlier round left behind, so that it is not
 * charged to whichever tool runs next. Deleting a namespace that still holds thousands of links
 * returns at once; the kernel then tears it down in a worker of its "netns" workqueue, for minutes
 * at 10,000 links (2.5 min measured), holding RTNL in stretches and leaving it free in others: an
 * RTNL probe alone passes in a free stretch, which is how earlier runs of the link bench measured
 * one tool against another's teardown. So first no kernel worker may be running netns work (its
 * name then ends in "+netns") for three seconds (the cleanup starts a moment after the delete),
 * then five cheap RTNL changes in a row must each take under 2 ms.
 */
final class KernelIdle {
  private KernelIdle() {}

  static void await(RtNetlink probe) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    try {
      int quiet = 0;
      while (quiet < 15 && System.nanoTime() < deadline) {
        quiet = namespaceCleanupRunning() ? 0 : quiet + 1;
        Thread.sleep(200);
      }
      int quick = 0;
      while (quick < 5 && System.nanoTime() < deadline) {
        long s = System.nanoTime();
        probe.modifyLink(LinkSpec.ofName("lo").withUp(true));
        if (System.nanoTime() - s < 2_000_000) {
          quick++;
        } else {
          quick = 0;
          Thread.sleep(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a kernel worker is executing netns work now (a kworker's name shows its work). */
  static boolean namespaceCleanupRunning() {
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        try {
          String comm = Files.readString(p.resolve("comm"));
          if (comm.startsWith("kworker") && comm.contains("+netns")) {
            return true;
          }
        } catch (IOException gone) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }
}
