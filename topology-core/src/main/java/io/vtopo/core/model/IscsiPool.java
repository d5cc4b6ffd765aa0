package io.vtopo.core.model;

/**
 * LUNs of an iSCSI target through the kernel initiator (open-iscsi); volumes are the target's LUNs.
 *
 * @param attrs shared pool attributes; {@code target} defaults to {@code /dev/disk/by-path}
 * @param source the target
 */
public record IscsiPool(PoolAttrs attrs, IscsiSource source) implements Pool {
  @Override
  public String type() {
    return "iscsi";
  }
}
