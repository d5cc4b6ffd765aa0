package io.vtopo.core.diag;

/**
 * One problem found in a topology file.
 *
 * @param severity error or warning
 * @param rule stable rule id, e.g. {@code ref.dangling}; documented in docs/validation.md
 * @param position where in the file
 * @param path object path, e.g. {@code links[br0].mtu}
 * @param message what was found and what was expected
 * @param hint how to fix it, or null
 */
public record Diagnostic(
    Severity severity, String rule, Position position, String path, String message, String hint)
    implements Comparable<Diagnostic> {

  /**
   * Escapes control, bidirectional and zero-width characters echoed from a file (see {@link
   * Printable}).
   */
  public Diagnostic {
    path = path == null ? null : Printable.escape(path);
    message = Printable.escape(message);
    hint = hint == null ? null : Printable.escape(hint);
  }

  /**
   * {@code file:line:col: error[rule] path: message} plus an indented hint line when there is one.
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(position).append(": ").append(severity.label()).append('[').append(rule).append("] ");
    if (path != null && !path.isEmpty()) {
      sb.append(path).append(": ");
    }
    sb.append(message);
    if (hint != null) {
      sb.append("\n    hint: ").append(hint);
    }
    return sb.toString();
  }

  @Override
  public int compareTo(Diagnostic o) {
    int c = position.compareTo(o.position);
    if (c != 0) {
      return c;
    }
    c = rule.compareTo(o.rule);
    return c != 0 ? c : message.compareTo(o.message);
  }
}
