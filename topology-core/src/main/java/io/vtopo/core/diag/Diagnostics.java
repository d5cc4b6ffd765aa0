package io.vtopo.core.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects diagnostics so that every problem is reported at once, sorted by position. At most
 * {@link #MAX_KEPT} are kept; the rest are only counted ({@link #omitted()}), so that a hostile
 * file repeating one mistake 100,000 times costs neither the memory nor the minutes of printing all
 * of them.
 */
public final class Diagnostics {
  /** Most diagnostics kept for one file; more are counted, not stored. */
  public static final int MAX_KEPT = 1000;

  private final List<Diagnostic> items = new ArrayList<>();
  private long omittedErrors;
  private long omittedWarnings;

  private void add(Diagnostic d) {
    if (items.size() < MAX_KEPT) {
      items.add(d);
    } else if (d.severity() == Severity.ERROR) {
      omittedErrors++;
    } else {
      omittedWarnings++;
    }
  }

  /** Adds an error. */
  public void error(String rule, Position pos, String path, String message, String hint) {
    add(new Diagnostic(Severity.ERROR, rule, pos, path, message, hint));
  }

  /** Adds an error without a hint. */
  public void error(String rule, Position pos, String path, String message) {
    error(rule, pos, path, message, null);
  }

  /** Adds a warning. */
  public void warning(String rule, Position pos, String path, String message, String hint) {
    add(new Diagnostic(Severity.WARNING, rule, pos, path, message, hint));
  }

  /** Adds all of {@code other}'s diagnostics. */
  public void addAll(Diagnostics other) {
    other.items.forEach(this::add);
    omittedErrors += other.omittedErrors;
    omittedWarnings += other.omittedWarnings;
  }

  /** True if any error was recorded. */
  public boolean hasErrors() {
    return omittedErrors > 0 || items.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  /** Number of diagnostics of a severity, the omitted ones included. */
  public long count(Severity s) {
    return items.stream().filter(d -> d.severity() == s).count()
        + (s == Severity.ERROR ? omittedErrors : omittedWarnings);
  }

  /** Diagnostics counted but not kept (beyond {@link #MAX_KEPT}). */
  public long omitted() {
    return omittedErrors + omittedWarnings;
  }

  /** All diagnostics, sorted by position then rule, without duplicates. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> out = new ArrayList<>(items.stream().distinct().toList());
    Collections.sort(out);
    return Collections.unmodifiableList(out);
  }
}
