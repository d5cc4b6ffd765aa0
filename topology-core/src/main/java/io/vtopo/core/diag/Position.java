package io.vtopo.core.diag;

/**
 * A place in a source file, 1-based.
 *
 * @param file file name as given by the user
 * @param line line, from 1
 * @param column column, from 1
 */
public record Position(String file, int line, int column) implements Comparable<Position> {
  /** An unknown position inside {@code file} (line 0). */
  public static Position unknown(String file) {
    return new Position(file, 0, 0);
  }

  @Override
  public int compareTo(Position o) {
    int c = file.compareTo(o.file);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }

  @Override
  public String toString() {
    String f = Printable.escape(file);
    return line == 0 ? f : f + ":" + line + ":" + column;
  }
}
