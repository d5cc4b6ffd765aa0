package io.vtopo.netlink.model;

/** Bonding modes (IFLA_BOND_MODE values). */
public enum BondMode {
  BALANCE_RR,
  ACTIVE_BACKUP,
  BALANCE_XOR,
  BROADCAST,
  LACP_802_3AD,
  BALANCE_TLB,
  BALANCE_ALB;

  /** The kernel's value. */
  public int value() {
    return ordinal();
  }

  /** The mode with this kernel value, or null. */
  public static BondMode of(Integer value) {
    return value == null || value < 0 || value >= values().length ? null : values()[value];
  }
}
