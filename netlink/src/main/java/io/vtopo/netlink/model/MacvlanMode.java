package io.vtopo.netlink.model;

/** MACVLAN_MODE_* values shared by macvlan and macvtap. */
public enum MacvlanMode {
  PRIVATE(1),
  VEPA(2),
  BRIDGE(4),
  PASSTHRU(8),
  SOURCE(16);

  private final int value;

  MacvlanMode(int value) {
    this.value = value;
  }

  /** The kernel's value. */
  public int value() {
    return value;
  }

  /** The mode with this kernel value, or null. */
  public static MacvlanMode of(Integer value) {
    if (value == null) {
      return null;
    }
    for (MacvlanMode m : values()) {
      if (m.value == value) {
        return m;
      }
    }
    return null;
  }
}
