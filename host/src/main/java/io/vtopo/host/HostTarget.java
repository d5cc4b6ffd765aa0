package io.vtopo.host;

import java.nio.file.Path;

/**
 * Where vtopo acts: a network namespace, a libvirt URI and a state directory.
 *
 * @param netns the namespace under /run/netns, or null for the current one
 * @param connect the libvirt URI, or {@code none} to manage links only
 * @param stateDir journal, lock and storage ownership records
 */
public record HostTarget(String netns, String connect, Path stateDir) {
  /** Whether libvirt objects are managed at all. */
  public boolean libvirt() {
    return !"none".equals(connect);
  }
}
