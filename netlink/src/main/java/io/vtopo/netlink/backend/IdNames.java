package io.vtopo.netlink.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel reports a TAP's owner and group as numbers; files usually name them ({@code
 * libvirt-qemu}, {@code kvm}). Live state reports the name when the local databases have one, so a
 * file that names the user compares equal to what the kernel holds.
 */
final class IdNames {
  private IdNames() {}

  static String user(long id) {
    return name(Path.of("/etc/passwd"), id);
  }

  static String group(long id) {
    return name(Path.of("/etc/group"), id);
  }

  /**
   * Whether two spellings of a TAP owner (a user name or a numeric uid) name the same user: the
   * file may say {@code 0} where the kernel's uid reads back as {@code root}, or name a user the
   * kernel reports by a number this host's database does not name.
   */
  static boolean sameUser(Object a, Object b) {
    return same(Path.of("/etc/passwd"), String.valueOf(a), String.valueOf(b));
  }

  /** {@link #sameUser} for groups ({@code /etc/group}). */
  static boolean sameGroup(Object a, Object b) {
    return same(Path.of("/etc/group"), String.valueOf(a), String.valueOf(b));
  }

  private static boolean same(Path db, String a, String b) {
    Long x = id(db, a);
    return x != null && x.equals(id(db, b));
  }

  /** The id a name or number stands for, or null for a name the database does not know. */
  private static Long id(Path db, String v) {
    if (!v.isEmpty() && v.length() <= 10 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(v);
    }
    for (Map.Entry<Long, String> e : lookup(db).entrySet()) {
      if (e.getValue().equals(v)) {
        return e.getKey();
      }
    }
    return null;
  }

  private static String name(Path db, long id) {
    return lookup(db).getOrDefault(id, Long.toString(id));
  }

  /**
   * Parsed databases with the modification time they were read at: one read per change, not one per
   * TAP.
   */
  private static final Map<Path, Map.Entry<Long, Map<Long, String>>> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Map<Long, String> lookup(Path db) {
    long mtime;
    try {
      mtime = Files.getLastModifiedTime(db).toMillis();
    } catch (IOException e) {
      return Map.of();
    }
    Map.Entry<Long, Map<Long, String>> cached = CACHE.get(db);
    if (cached != null && cached.getKey() == mtime) {
      return cached.getValue();
    }
    Map<Long, String> parsed = parse(db);
    CACHE.put(db, Map.entry(mtime, parsed));
    return parsed;
  }

  private static Map<Long, String> parse(Path db) {
    Map<Long, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(db)) {
        String[] f = line.split(":", -1);
        if (f.length > 2 && f[2].matches("[0-9]{1,10}")) {
          out.putIfAbsent(Long.parseLong(f[2]), f[0]);
        }
      }
    } catch (IOException e) {
      // No database: numeric ids it is.
    }
    return out;
  }
}
