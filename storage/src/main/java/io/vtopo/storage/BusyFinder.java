package io.vtopo.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the local processes that keep a mount point busy (open files, working or root directory
 * below it), the way {@code fuser -m} would, so that a refused pool stop says what is in the way.
 * Best effort: it only sees this host's processes and those /proc lets it read.
 */
final class BusyFinder {
  private BusyFinder() {}

  static List<String> users(String mountPoint, int limit) {
    List<String> out = new ArrayList<>();
    if (mountPoint == null) {
      return out;
    }
    Path mp = Path.of(mountPoint);
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        if (out.size() >= limit) {
          break;
        }
        if (proc.getFileName().toString().equals(Long.toString(self))) {
          continue;
        }
        String hit = hit(proc, mp);
        if (hit != null) {
          out.add("pid " + proc.getFileName() + " (" + comm(proc) + ") " + hit);
        }
      }
    } catch (IOException e) {
      // Without /proc there is nothing more to say than libvirt's own error.
    }
    return out;
  }

  private static String hit(Path proc, Path mp) {
    for (String link : List.of("cwd", "root")) {
      Path t = target(proc.resolve(link));
      if (t != null && t.startsWith(mp)) {
        return "has its " + (link.equals("cwd") ? "working" : "root") + " directory in " + t;
      }
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path fd : fds) {
        Path t = target(fd);
        if (t != null && t.startsWith(mp)) {
          return "has " + t + " open";
        }
      }
    } catch (IOException | SecurityException e) {
      return null;
    }
    return null;
  }

  private static Path target(Path link) {
    try {
      return Files.readSymbolicLink(link);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static String comm(Path proc) {
    try {
      return Files.readString(proc.resolve("comm")).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
