package io.vtopo.core.model;

import java.util.Locale;

/** macvlan/macvtap modes ({@code mode private|vepa|bridge|passthru|source}). */
public enum MacvlanMode {
  PRIVATE(1),
  VEPA(2),
  BRIDGE(4),
  PASSTHRU(8),
  SOURCE(16);

  private final int kernelValue;

  MacvlanMode(int kernelValue) {
    this.kernelValue = kernelValue;
  }

  /** MACVLAN_MODE_* value. */
  public int kernelValue() {
    return kernelValue;
  }

  /** The file keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
