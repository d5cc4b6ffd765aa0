package io.vtopo.core.io;

import io.vtopo.core.io.YNode.Entry;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.io.YNode.YSeq;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A reader for the plain YAML that topology and fleet files are written in, building the same
 * {@link YNode} tree (values, plain flags, lines and columns) as {@link YamlLoader}'s
 * snakeyaml-engine path, in a fraction of its time and garbage: a 2.5 MB fleet file is 300,000
 * nodes, and snakeyaml-engine's tokens, events and marks for them were most of a {@code vtopo fleet
 * check}'s allocation.
 *
 * <p>It reads printable ASCII only: block mappings with plain keys, block sequences (indented or
 * not, with compact mappings as items), flow mappings and sequences on one line, plain scalars on
 * one line, quoted scalars without escapes or line breaks, comments. Anything else (tabs, CR,
 * non-ASCII, anchors, aliases, tags, block scalars, multi-line scalars or flow collections,
 * directives, document markers, explicit or quoted keys, empty items, duplicate keys, deep nesting,
 * too many nodes, anything that looks like an error) makes it give up by returning null, and the
 * caller reads the file with snakeyaml-engine, which then also words every refusal and error. The
 * differential test {@code YamlSubsetTest} holds it to the engine's tree on every file of the
 * repository and on mutations of them.
 */
final class YamlSubset {
  /** Thrown to give up; carries no stack trace, as giving up is an ordinary answer. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  /** snakeyaml-engine refuses simple keys longer than 1024 characters; stay well below. */
  private static final int MAX_KEY = 1000;

  private final String s;
  private final int n;
  private final long maxNodes;
  private int pos;
  private int line = 1;
  private int lineStart;

  /** Column (0-based) of the content line {@link #pos} is on, or -1 at the end of the text. */
  private int indent;

  private int depth;
  private long nodes;

  /**
   * Keys repeat in every object of a file: one string per distinct key (found without making a
   * substring first) keeps the tree smaller and saves two allocations per key. Open addressing;
   * past {@link #MAX_SHARED_KEYS} distinct keys, further ones are not shared.
   */
  private final String[] keyTable = new String[2 * MAX_SHARED_KEYS];

  private int sharedKeys;
  private static final int MAX_SHARED_KEYS = 1024;

  private YamlSubset(String s, long maxNodes) {
    this.s = s;
    this.n = s.length();
    this.maxNodes = maxNodes;
  }

  /**
   * The tree of {@code text}, or null when it is not in the subset (or is in error) and
   * snakeyaml-engine must read it.
   */
  static YNode parse(String text, long maxNodes) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\n') || c > 0x7E) {
        return null;
      }
    }
    try {
      return new YamlSubset(text, maxNodes).document();
    } catch (GiveUp e) {
      return null;
    }
  }

  private static GiveUp giveUp() {
    return GIVE_UP;
  }

  private YNode document() {
    nextContent();
    if (indent < 0) {
      throw giveUp();
    }
    YNode root;
    if (dash(pos)) {
      root = seq(indent);
    } else if (keyAhead(pos)) {
      root = map(indent);
    } else {
      throw giveUp();
    }
    if (indent >= 0) {
      throw giveUp();
    }
    return root;
  }

  // ---- lines ----

  /**
   * From the start of a line, skips blank and comment-only lines; leaves {@link #pos} at the first
   * character of the next content line and sets {@link #indent} (-1 at the end).
   */
  private void nextContent() {
    while (pos < n) {
      int i = pos;
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      if (i == n) {
        pos = n;
        break;
      }
      char c = s.charAt(i);
      if (c == '\n') {
        newline(i);
        continue;
      }
      if (c == '#') {
        int e = s.indexOf('\n', i);
        if (e < 0) {
          pos = n;
          break;
        }
        newline(e);
        continue;
      }
      if (i == lineStart && (s.startsWith("---", i) || s.startsWith("...", i) || c == '%')) {
        throw giveUp(); // document markers and directives
      }
      pos = i;
      indent = i - lineStart;
      return;
    }
    indent = -1;
  }

  /** Moves past the line break at {@code at}. */
  private void newline(int at) {
    pos = at + 1;
    line++;
    lineStart = pos;
  }

  /**
   * After a value that ends its line: only blanks and a comment may follow. Then moves to the next
   * content line, which must not be indented deeper than {@code blockIndent} (the enclosing block's
   * column): that would be a plain scalar continued on the next line, or an error.
   */
  private void endOfLine(int blockIndent) {
    int start = pos;
    spaces();
    restOfLine(start);
    nextContent();
    if (indent > blockIndent) {
      throw giveUp();
    }
  }

  /**
   * At the end of a line's content: a comment (after a blank: {@code start} is where the blanks
   * began) and the line break; anything else gives up.
   */
  private void restOfLine(int start) {
    if (pos < n && s.charAt(pos) == '#') {
      if (pos == start) {
        throw giveUp();
      }
      int e = s.indexOf('\n', pos);
      pos = e < 0 ? n : e;
    }
    if (pos < n) {
      if (s.charAt(pos) != '\n') {
        throw giveUp();
      }
      newline(pos);
    }
  }

  private int column(int at) {
    return at - lineStart + 1;
  }

  private boolean dash(int at) {
    return s.charAt(at) == '-'
        && (at + 1 == n || s.charAt(at + 1) == ' ' || s.charAt(at + 1) == '\n');
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\n';
  }

  private boolean blankAt(int at) {
    return at >= n || blank(s.charAt(at));
  }

  private static boolean flowIndicator(char c) {
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
  }

  private void count() {
    if (++nodes > maxNodes) {
      throw giveUp();
    }
  }

  private void enter() {
    if (++depth >= YamlLoader.MAX_DEPTH - 1) {
      throw giveUp();
    }
  }

  // ---- keys ----

  private static boolean keyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.'
        || c == '/';
  }

  private static boolean keyStart(char c) {
    return keyChar(c) && c != '-';
  }

  /** True if a plain key followed by {@code ':'} and a blank starts at {@code at}. */
  private boolean keyAhead(int at) {
    if (at >= n || !keyStart(s.charAt(at))) {
      return false;
    }
    int i = at + 1;
    while (i < n && keyChar(s.charAt(i))) {
      i++;
    }
    return i < n && s.charAt(i) == ':' && blankAt(i + 1);
  }

  /** The plain key at {@link #pos}, leaving {@link #pos} after its colon. */
  private YScalar key() {
    int start = pos;
    if (!keyStart(s.charAt(pos))) {
      throw giveUp();
    }
    while (pos < n && keyChar(s.charAt(pos))) {
      pos++;
    }
    if (pos == n || s.charAt(pos) != ':' || pos - start > MAX_KEY) {
      throw giveUp();
    }
    String k = sharedKey(start, pos);
    pos++;
    count();
    return new YScalar(k, true, line, column(start));
  }

  private String sharedKey(int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + s.charAt(i);
    }
    int mask = keyTable.length - 1;
    int at = (h ^ (h >>> 16)) & mask;
    int len = end - start;
    for (String k = keyTable[at]; k != null; k = keyTable[at]) {
      if (k.length() == len && s.regionMatches(start, k, 0, len)) {
        return k;
      }
      at = (at + 1) & mask;
    }
    String k = s.substring(start, end);
    if (sharedKeys < MAX_SHARED_KEYS) {
      keyTable[at] = k;
      sharedKeys++;
    }
    return k;
  }

  /**
   * The entries of a mapping being read. A repeated key gives up: the engine path reports it with
   * its position. Small mappings (nearly all) are scanned; a set is made once one grows.
   */
  private static final class Entries {
    final List<Entry> list = new ArrayList<>();
    private Set<String> seen;

    void add(YScalar key, YNode value) {
      String k = key.value();
      if (seen == null && list.size() >= 16) {
        seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
          seen.add(list.get(i).key().value());
        }
      }
      boolean repeated;
      if (seen != null) {
        repeated = !seen.add(k);
      } else {
        repeated = false;
        for (int i = 0; i < list.size() && !repeated; i++) {
          repeated = list.get(i).key().value().equals(k);
        }
      }
      if (repeated) {
        throw giveUp();
      }
      list.add(new Entry(key, value));
    }
  }

  // ---- block collections ----

  /**
   * A block mapping whose keys are at column {@code k} (0-based); {@link #pos} is at its first key.
   */
  private YMap map(int k) {
    enter();
    count();
    int mLine = line;
    int mColumn = column(pos);
    Entries entries = new Entries();
    while (true) {
      YScalar key = key();
      int colonEnd = pos;
      int colonLine = line;
      int colonLineStart = lineStart;
      spaces();
      YNode value;
      if (pos < n && s.charAt(pos) != '\n' && s.charAt(pos) != '#') {
        value = inline(false);
        endOfLine(k);
      } else {
        restOfLine(colonEnd);
        nextContent();
        if (indent > k) {
          value = dash(pos) ? seq(indent) : keyAhead(pos) ? map(indent) : null;
          if (value == null) {
            throw giveUp();
          }
        } else if (indent == k && dash(pos)) {
          value = seq(k);
        } else {
          // Nothing after the colon: the engine's empty scalar sits just after it.
          count();
          value = new YScalar("", true, colonLine, colonEnd - colonLineStart + 1);
        }
      }
      entries.add(key, value);
      if (indent < k) {
        break;
      }
      if (indent > k || !keyAhead(pos)) {
        throw giveUp();
      }
    }
    depth--;
    return new YMap(entries.list, mLine, mColumn);
  }

  /** A block sequence whose dashes are at column {@code d}; {@link #pos} is at its first dash. */
  private YSeq seq(int d) {
    enter();
    count();
    int sLine = line;
    int sColumn = column(pos);
    List<YNode> items = new ArrayList<>();
    while (true) {
      pos++;
      if (pos == n || s.charAt(pos) == '\n') {
        throw giveUp();
      }
      while (pos < n && s.charAt(pos) == ' ') {
        pos++;
      }
      if (pos == n || s.charAt(pos) == '\n' || s.charAt(pos) == '#' || dash(pos)) {
        throw giveUp();
      }
      YNode item;
      if (keyAhead(pos)) {
        item = map(pos - lineStart);
      } else {
        item = inline(false);
        endOfLine(d);
      }
      items.add(item);
      if (indent < d) {
        break;
      }
      if (indent > d) {
        throw giveUp();
      }
      if (!dash(pos)) {
        break; // a key after an indentless sequence: the enclosing mapping goes on
      }
    }
    depth--;
    return new YSeq(items, sLine, sColumn);
  }

  // ---- values on one line ----

  private YNode inline(boolean flow) {
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> flowMap();
      case '[' -> flowSeq();
      case '"', '\'' -> quoted(c);
      default -> plain(flow);
    };
  }

  private static boolean plainStart(char c) {
    return keyStart(c) || c == '~' || c == '+' || c == '(';
  }

  /**
   * A plain scalar on one line, ended as snakeyaml-engine ends it: at a blank, at {@code ':'}
   * before a blank, in flow context also at {@code ':'} before a flow indicator and at a flow
   * indicator; words separated by spaces belong to it unless a comment or the end follows.
   */
  private YScalar plain(boolean flow) {
    int start = pos;
    char first = s.charAt(pos);
    if (!plainStart(first)) {
      if (first != '-' || pos + 1 >= n) {
        throw giveUp();
      }
      char next = s.charAt(pos + 1);
      if (!((next >= '0' && next <= '9')
          || (next >= 'a' && next <= 'z')
          || (next >= 'A' && next <= 'Z')
          || next == '.')) {
        throw giveUp();
      }
    }
    int end = pos;
    while (true) {
      int i = pos;
      while (i < n) {
        char c = s.charAt(i);
        if (blank(c)
            || (c == ':'
                && (i + 1 == n
                    || blank(s.charAt(i + 1))
                    || (flow && flowIndicator(s.charAt(i + 1)))))
            || (flow && flowIndicator(c))) {
          break;
        }
        i++;
      }
      if (i == pos) {
        break;
      }
      end = i;
      pos = i;
      int j = i;
      while (j < n && s.charAt(j) == ' ') {
        j++;
      }
      if (j == i || j == n || s.charAt(j) == '#' || s.charAt(j) == '\n') {
        break;
      }
      pos = j;
    }
    pos = end;
    count();
    return new YScalar(s.substring(start, end), true, line, column(start));
  }

  /** A quoted scalar without escapes or line breaks. */
  private YScalar quoted(char q) {
    int start = pos;
    int i = start + 1;
    while (i < n) {
      char c = s.charAt(i);
      if (c == q) {
        break;
      }
      if (c == '\n' || c == '\\') {
        throw giveUp();
      }
      i++;
    }
    if (i == n || (q == '\'' && i + 1 < n && s.charAt(i + 1) == '\'')) {
      throw giveUp(); // unterminated, or a '' escape
    }
    pos = i + 1;
    count();
    return new YScalar(s.substring(start + 1, i), false, line, column(start));
  }

  private void spaces() {
    while (pos < n && s.charAt(pos) == ' ') {
      pos++;
    }
  }

  /**
   * Opens the flow collection at {@link #pos} (its position taken by the caller); true when it is
   * empty, closed by {@code close} already.
   */
  private boolean openFlow(char close) {
    enter();
    count();
    pos++;
    spaces();
    if (pos < n && s.charAt(pos) == close) {
      pos++;
      return true;
    }
    return false;
  }

  private YMap flowMap() {
    int mLine = line;
    int mColumn = column(pos);
    Entries entries = new Entries();
    if (!openFlow('}')) {
      do {
        if (!keyAhead(pos)) {
          throw giveUp();
        }
        YScalar key = key();
        spaces();
        entries.add(key, flowValue());
        spaces();
      } while (flowNext('}'));
    }
    depth--;
    return new YMap(entries.list, mLine, mColumn);
  }

  private YSeq flowSeq() {
    int sLine = line;
    int sColumn = column(pos);
    List<YNode> items = new ArrayList<>();
    if (!openFlow(']')) {
      do {
        items.add(flowValue());
        spaces();
      } while (flowNext(']'));
    }
    depth--;
    return new YSeq(items, sLine, sColumn);
  }

  /** A value inside a flow collection: not empty, not a comment, not on the next line. */
  private YNode flowValue() {
    if (pos >= n) {
      throw giveUp();
    }
    char c = s.charAt(pos);
    if (c == ',' || c == ']' || c == '}' || c == '\n' || c == '#') {
      throw giveUp();
    }
    return inline(true);
  }

  /**
   * After a flow entry: true at a comma followed by another entry, false at the closing bracket
   * (consumed); gives up on anything else (a trailing comma, a line break, a comment).
   */
  private boolean flowNext(char close) {
    if (pos < n && s.charAt(pos) == ',') {
      pos++;
      spaces();
      if (pos >= n || s.charAt(pos) == close || s.charAt(pos) == ',') {
        throw giveUp();
      }
      return true;
    }
    if (pos < n && s.charAt(pos) == close) {
      pos++;
      return false;
    }
    throw giveUp();
  }
}
