package io.vtopo.core.diag;

/**
 * Text from a file made safe to print on a terminal. A topology file is often someone else's: a
 * name holding ESC sequences could retitle or clear the terminal that shows its diagnostics, a
 * bidirectional override could make a line read differently from what it says, and a zero-width
 * character could make two different names look alike.
 */
public final class Printable {
  private Printable() {}

  /**
   * True for a code point that must not reach a terminal as itself: C0 and C1 controls (tab and
   * newline included), DEL, format characters (bidirectional overrides and isolates, zero-width
   * spaces and joiners, the byte-order mark, soft hyphen...), line and paragraph separators, and
   * lone surrogates.
   */
  public static boolean unsafe(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  /** The index of the first {@link #unsafe} code point of {@code s}, or -1. */
  public static int firstUnsafe(String s) {
    if (s == null) {
      return -1;
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (unsafe(cp)) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  /**
   * {@code s} with every {@link #unsafe} code point written as an escape: {@code \x1b} below
   * U+0100, {@code \u200b} in the basic plane, {@code \U000e0001} above. Returns {@code s} itself
   * when nothing needs escaping.
   */
  public static String escape(String s) {
    int first = firstUnsafe(s);
    if (first < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, first);
    for (int i = first; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (unsafe(cp)) {
        sb.append(codePoint(cp));
      } else {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /** One code point as an escape, e.g. {@code \x1b}, {@code \u202e}. */
  public static String codePoint(int cp) {
    if (cp < 0x100) {
      return String.format("\\x%02x", cp);
    }
    return cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp);
  }

  /** A code point for a message: {@code U+202E (RIGHT-TO-LEFT OVERRIDE)}. */
  public static String describe(int cp) {
    String name = Character.getName(cp);
    return String.format("U+%04X", cp) + (name == null ? "" : " (" + name + ")");
  }
}
