package io.vtopo.core.model;

import java.util.Locale;

/** Linux bonding modes, with the names {@code ip link ... type bond mode NAME} accepts. */
public enum BondMode {
  BALANCE_RR("balance-rr"),
  ACTIVE_BACKUP("active-backup"),
  BALANCE_XOR("balance-xor"),
  BROADCAST("broadcast"),
  LACP("802.3ad"),
  BALANCE_TLB("balance-tlb"),
  BALANCE_ALB("balance-alb");

  private final String keyword;

  BondMode(String keyword) {
    this.keyword = keyword;
  }

  /** The file and iproute2 keyword. */
  public String keyword() {
    return keyword;
  }

  /** Kernel mode number (IFLA_BOND_MODE). */
  public int kernelValue() {
    return ordinal();
  }

  /** Looks a keyword up, case-insensitively; null if unknown. */
  public static BondMode fromKeyword(String s) {
    for (BondMode m : values()) {
      if (m.keyword.equals(s.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    return null;
  }
}
