package io.vtopo.core.diag;

import java.util.Locale;

/** How bad a diagnostic is. Warnings fail validation only under {@code --strict}. */
public enum Severity {
  ERROR,
  WARNING;

  /** Lower-case label used in output. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
