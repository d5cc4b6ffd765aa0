package io.vtopo.netlink.model;

/** RFC 2863 operational state (IFLA_OPERSTATE). */
public enum OperState {
  UNKNOWN,
  NOTPRESENT,
  DOWN,
  LOWERLAYERDOWN,
  TESTING,
  DORMANT,
  UP;

  /** The state with this kernel value; UNKNOWN for anything else. */
  public static OperState of(Integer v) {
    return v == null || v < 0 || v >= values().length ? UNKNOWN : values()[v];
  }
}
