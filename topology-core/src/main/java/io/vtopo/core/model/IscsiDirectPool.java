package io.vtopo.core.model;

/**
 * LUNs of an iSCSI target through libiscsi in userspace (no kernel initiator); needs an initiator
 * IQN.
 *
 * @param attrs shared pool attributes (no target path)
 * @param source the target
 */
public record IscsiDirectPool(PoolAttrs attrs, IscsiSource source) implements Pool {
  @Override
  public String type() {
    return "iscsi-direct";
  }
}
