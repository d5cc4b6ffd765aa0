package io.vtopo.core.model;

import java.util.List;

/**
 * A ZFS pool ({@code pool-define-as NAME zfs --source-name ZPOOL [--source-dev DEV]}); volumes are
 * zvols.
 *
 * @param attrs shared pool attributes
 * @param zpool the zpool name
 * @param devices devices to build the zpool from, or empty for an existing zpool
 */
public record ZfsPool(PoolAttrs attrs, String zpool, List<String> devices) implements Pool {
  /** Copies the list. */
  public ZfsPool {
    devices = List.copyOf(devices);
  }

  @Override
  public String type() {
    return "zfs";
  }
}
