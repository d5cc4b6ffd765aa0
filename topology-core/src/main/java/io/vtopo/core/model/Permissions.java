package io.vtopo.core.model;

/**
 * Ownership and mode of a pool target directory or volume ({@code <permissions>}).
 *
 * @param mode octal mode, e.g. 0755 stored as 493, or null
 * @param owner uid, or null
 * @param group gid, or null
 * @param label SELinux label, or null
 */
public record Permissions(Integer mode, Integer owner, Integer group, String label) {
  /** The mode as four octal digits ({@code 0755}), or null. */
  public String octalMode() {
    return mode == null ? null : String.format("%04o", mode);
  }
}
