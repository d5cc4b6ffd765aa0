package io.vtopo.core.io;

import java.util.List;

/**
 * A YAML node with its source position. vtopo builds this tree itself from parser events so that it
 * controls limits (depth, alias expansion) and keeps the position of every key and value.
 */
public sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {
  /** 1-based line. */
  int line();

  /** 1-based column. */
  int column();

  /**
   * A short description of the node's type for error messages ("a mapping", "a list", "a
   * string"...).
   */
  String describe();

  /**
   * A scalar.
   *
   * @param value the text
   * @param plain true if written without quotes or block style (so it may be a number, boolean or
   *     null)
   * @param line line
   * @param column column
   */
  record YScalar(String value, boolean plain, int line, int column) implements YNode {
    /** True for a plain null ({@code ~}, {@code null}, empty). */
    public boolean isNull() {
      return plain
          && (value.isEmpty()
              || value.equals("~")
              || value.equals("null")
              || value.equals("Null")
              || value.equals("NULL"));
    }

    /** True for a plain YAML 1.2 core-schema boolean. */
    public boolean isBool() {
      return plain
          && (value.equals("true")
              || value.equals("false")
              || value.equals("True")
              || value.equals("False")
              || value.equals("TRUE")
              || value.equals("FALSE"));
    }

    /** True for a plain YAML 1.2 core-schema integer (decimal, 0o octal or 0x hex). */
    public boolean isInt() {
      return plain && Patterns.numeric(value) && Patterns.INT.matcher(value).matches();
    }

    /** True for a plain YAML 1.2 core-schema float. */
    public boolean isFloat() {
      return plain
          && Patterns.numeric(value)
          && !isInt()
          && Patterns.FLOAT.matcher(value).matches();
    }

    @Override
    public String describe() {
      if (isNull()) {
        return "null";
      }
      if (isBool()) {
        return "the boolean " + value;
      }
      if (isInt()) {
        return "the number " + value;
      }
      if (isFloat()) {
        return "the number " + value;
      }
      return "the string '" + value + "'";
    }
  }

  /** Compiled once: these run for every scalar of every file. */
  final class Patterns {
    static final java.util.regex.Pattern INT =
        java.util.regex.Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    static final java.util.regex.Pattern FLOAT =
        java.util.regex.Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private Patterns() {}

    /**
     * False when neither pattern can match: every YAML 1.2 core-schema number starts with a sign, a
     * digit or a dot, and holds only digits, signs, dots, hex digits and the letters of {@code 0o},
     * {@code 0x}, {@code inf} and {@code nan}. Most scalars of a topology are names, addresses and
     * MACs, and skipping the two regular expressions for them is most of the cost of typing every
     * field.
     */
    static boolean numeric(String v) {
      if (v.isEmpty()) {
        return false;
      }
      char c = v.charAt(0);
      if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) {
        return false;
      }
      for (int i = 1; i < v.length(); i++) {
        c = v.charAt(i);
        boolean ok =
            (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')
                || c == '-'
                || c == '+'
                || c == '.'
                || c == 'o'
                || c == 'x'
                || c == 'i'
                || c == 'n'
                || c == 'I'
                || c == 'N';
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  record YMap(List<Entry> entries, int line, int column) implements YNode {
    /** Copies the list. */
    public YMap {
      entries = List.copyOf(entries);
    }

    /** The value under {@code key}, or null. */
    public YNode get(String key) {
      // By index: vtopo's short commands run C1 only, which allocates every iterator.
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        if (e.key().value().equals(key)) {
          return e.value();
        }
      }
      return null;
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /**
   * One key/value pair.
   *
   * @param key the key
   * @param value the value
   */
  record Entry(YScalar key, YNode value) {}

  /**
   * A sequence.
   *
   * @param items items in order
   * @param line line
   * @param column column
   */
  record YSeq(List<YNode> items, int line, int column) implements YNode {
    /** Copies the list. */
    public YSeq {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }
}
