package io.vtopo.core.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects diagnostics so that every problem is reported at once, sorted by position. */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  /** Adds an error. */
  public void error(String rule, Position pos, String path, String message, String hint) {
    items.add(new Diagnostic(Severity.ERROR, rule, pos, path, message, hint));
  }

  /** Adds an error without a hint. */
  public void error(String rule, Position pos, String path, String message) {
    error(rule, pos, path, message, null);
  }

  /** Adds a warning. */
  public void warning(String rule, Position pos, String path, String message, String hint) {
    items.add(new Diagnostic(Severity.WARNING, rule, pos, path, message, hint));
  }

  /** Adds all of {@code other}'s diagnostics. */
  public void addAll(Diagnostics other) {
    items.addAll(other.items);
  }

  /** True if any error was recorded. */
  public boolean hasErrors() {
    return items.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  /** Number of diagnostics of a severity. */
  public long count(Severity s) {
    return items.stream().filter(d -> d.severity() == s).count();
  }

  /** All diagnostics, sorted by position then rule, without duplicates. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> out = new ArrayList<>(items.stream().distinct().toList());
    Collections.sort(out);
    return Collections.unmodifiableList(out);
  }
}
