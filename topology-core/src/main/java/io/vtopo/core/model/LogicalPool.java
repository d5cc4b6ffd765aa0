package io.vtopo.core.model;

import java.util.List;

/**
 * An LVM volume group ({@code pool-define-as NAME logical --source-dev PV --source-name VG});
 * volumes are LVs.
 *
 * @param attrs shared pool attributes; {@code target} defaults to {@code /dev/VG}
 * @param vgName volume group name, or null for the pool name
 * @param devices physical volumes to build the group from
 */
public record LogicalPool(PoolAttrs attrs, String vgName, List<String> devices) implements Pool {
  /** Copies the list. */
  public LogicalPool {
    devices = List.copyOf(devices);
  }

  @Override
  public String type() {
    return "logical";
  }
}
