package io.vtopo.core.io;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Position;
import io.vtopo.core.diag.Printable;
import io.vtopo.core.io.YNode.Entry;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.io.YNode.YSeq;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Turns bytes into a {@link YNode} tree with positions, within fixed limits, reporting every
 * failure as a diagnostic (never an exception): non-UTF-8 input, files over {@link #MAX_BYTES},
 * characters YAML does not allow (NUL...), control and bidirectional-override characters in
 * strings, syntax errors, duplicate keys, complex keys, merge keys, nesting deeper than {@link
 * #MAX_DEPTH}, documents of more than {@link #MAX_NODES} nodes once aliases are expanded ("billion
 * laughs", and what bounds the memory of everything read afterwards), several documents in one
 * file.
 */
public final class YamlLoader {
  /** Largest file accepted; a topology of 100,000 objects is about 10 MB. */
  public static final int MAX_BYTES = 32 * 1024 * 1024;

  /** Deepest nesting accepted; real topologies nest about 6 levels. */
  public static final int MAX_DEPTH = 64;

  /**
   * Most nodes (keys, values, collections) a document may stand for once aliases are expanded.
   * Everything read from the document afterwards (model, source map, diagnostics) grows with this
   * number, so it is what keeps reading a hostile file within a small heap: a file of 1,900,000
   * nodes peaked at 483 MB of a 512 MB heap, so this limit keeps about a quarter in reserve. A
   * topology of 100,000 TAPs with five fields each is about 1,100,000 nodes.
   */
  public static final long MAX_NODES = 1_500_000;

  /** Former name of {@link #MAX_NODES}. */
  public static final long MAX_EXPANDED_NODES = MAX_NODES;

  /**
   * How many nodes in total are copied so that an alias carries its own position (errors in an
   * aliased object point at the alias, not at the anchor); beyond it, aliases share the anchor's
   * nodes.
   */
  static final long MAX_ALIAS_COPY = 200_000;

  /**
   * Re-parses allowed for tabs after a colon, counted in characters parsed, so that a hostile file
   * stays cheap.
   */
  private static final long TAB_REPAIR_BUDGET = 64L * 1024 * 1024;

  private YamlLoader() {}

  /**
   * Loads one YAML document.
   *
   * @param file name used in positions
   * @param bytes file content
   * @param diags where problems go
   * @return the root node, or empty when the file could not be read (diagnostics say why)
   */
  public static Optional<YNode> load(String file, byte[] bytes, Diagnostics diags) {
    return load(file, bytes, bytes.length, diags);
  }

  /**
   * Loads one YAML document whose real size is {@code size} bytes ({@code bytes} may hold only the
   * first {@link #MAX_BYTES} + 1 of them).
   */
  public static Optional<YNode> load(String file, byte[] bytes, long size, Diagnostics diags) {
    return load(file, bytes, size, diags, MAX_NODES);
  }

  /**
   * {@link #load(String, byte[], long, Diagnostics)} with another node limit (tests reach it
   * quickly).
   */
  static Optional<YNode> load(
      String file, byte[] bytes, long size, Diagnostics diags, long maxNodes) {
    return load(file, bytes, size, diags, maxNodes, true);
  }

  /**
   * {@code subset}: try {@link YamlSubset} first (false: snakeyaml-engine only, for the test that
   * compares the two).
   */
  static Optional<YNode> load(
      String file, byte[] bytes, long size, Diagnostics diags, long maxNodes, boolean subset) {
    if (size > MAX_BYTES || bytes.length > MAX_BYTES) {
      diags.error(
          "yaml.too-large",
          Position.unknown(file),
          "",
          "file is "
              + Math.max(size, bytes.length)
              + " bytes; the limit is "
              + MAX_BYTES
              + " bytes",
          "split the topology, or check that this is the intended file");
      return Optional.empty();
    }
    String text;
    try {
      text = decodeUtf8(bytes);
    } catch (MalformedInputException e) {
      diags.error(
          "yaml.encoding",
          positionOfByte(file, bytes, firstBadByte(bytes)),
          "",
          "file is not valid UTF-8 (a malformed byte sequence of length "
              + e.getInputLength()
              + ")",
          "save the file as UTF-8");
      return Optional.empty();
    } catch (CharacterCodingException e) {
      diags.error(
          "yaml.encoding",
          Position.unknown(file),
          "",
          "file is not valid UTF-8",
          "save the file as UTF-8");
      return Optional.empty();
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    int bad = firstNonPrintable(text);
    if (bad >= 0) {
      int cp = text.codePointAt(bad);
      diags.error(
          "yaml.character",
          positionOfChar(file, text, bad),
          "",
          "the file contains " + Printable.describe(cp) + ", which YAML does not allow in a file",
          cp == 0
              ? "a NUL byte usually means a binary or UTF-16 file: save the topology as UTF-8 text"
              : "remove it; inside double quotes it can be written as an escape such as \\x"
                  + String.format("%02x", cp));
      return Optional.empty();
    }
    if (subset) {
      // Plain files (nearly all) are read without the engine; the rest, and every error, go to it.
      YNode fast = YamlSubset.parse(text, maxNodes);
      if (fast != null) {
        return Optional.of(fast);
      }
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setUseMarks(true)
            .setCodePointLimit(MAX_BYTES)
            .setMaxAliasesForCollections(1000)
            .setAllowRecursiveKeys(false)
            .build();
    long budget = TAB_REPAIR_BUDGET;
    while (true) {
      Diagnostics attempt = new Diagnostics();
      try {
        Optional<YNode> root =
            new Builder(file, attempt, maxNodes).build(new Parse(settings).parseString(text));
        diags.addAll(attempt);
        return root;
      } catch (MarkedYamlEngineException e) {
        Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
        // YAML 1.2 allows a tab as the white space after a mapping colon ("name:<TAB>br0"); the
        // parser refuses it
        // as indentation. The tab it stopped at lies between tokens, so writing it as a space
        // changes no value.
        String cur = text;
        int at = m.map(mk -> indexOf(cur, mk.getLine(), mk.getColumn())).orElse(-1);
        budget -= text.length();
        if (at > 0 && at < text.length() && tabAfterColon(text, at) && budget > 0) {
          StringBuilder sb = new StringBuilder(text);
          for (int i = at; i < sb.length() && sb.charAt(i) == '\t'; i++) {
            sb.setCharAt(i, ' ');
          }
          text = sb.toString();
          continue;
        }
        diags.addAll(attempt);
        Position pos =
            m.map(mk -> new Position(file, mk.getLine() + 1, mk.getColumn() + 1))
                .orElse(Position.unknown(file));
        String ctx = e.getContext() == null ? "" : e.getContext() + ": ";
        diags.error("yaml.syntax", pos, "", "YAML syntax error: " + ctx + e.getProblem(), null);
      } catch (YamlEngineException e) {
        diags.addAll(attempt);
        diags.error(
            "yaml.syntax",
            Position.unknown(file),
            "",
            "YAML error: " + oneLine(e.getMessage()),
            null);
      }
      return Optional.empty();
    }
  }

  /** The char index of 0-based {@code line} and code-point {@code column}, or -1. */
  private static int indexOf(String text, int line, int column) {
    int i = 0;
    for (int l = 0; l < line; l++) {
      i = text.indexOf('\n', i);
      if (i < 0) {
        return -1;
      }
      i++;
    }
    try {
      return text.offsetByCodePoints(i, column);
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
  }

  /**
   * True if the tab at {@code at} follows a colon and blanks on its line (separation, not
   * indentation).
   */
  private static boolean tabAfterColon(String text, int at) {
    if (text.charAt(at) != '\t') {
      return false;
    }
    int i = at - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i--;
    }
    return i >= 0 && text.charAt(i) == ':';
  }

  /**
   * The index of the first character YAML 1.2 does not allow in a stream (c-printable: tab, line
   * breaks, printable ASCII, NEL and the rest of Unicode but surrogates, U+FFFE and U+FFFF), or -1.
   */
  static int firstNonPrintable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0x7E)
              || c == 0x85
              || (c >= 0xA0 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD);
      if (!ok
          && Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        ok = true;
      }
      if (!ok) {
        return i;
      }
    }
    return -1;
  }

  private static Position positionOfChar(String file, String text, int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(file, line, text.codePointCount(lineStart, index) + 1);
  }

  private static String oneLine(String s) {
    return s == null ? "unknown" : s.replaceAll("\\s+", " ").trim();
  }

  private static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
    int i = 0;
    while (i < bytes.length && bytes[i] >= 0) {
      i++;
    }
    if (i == bytes.length) {
      // ASCII (nearly every topology): valid UTF-8 as it is, one copy instead of a decoder's two.
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes));
    return cb.toString();
  }

  private static int firstBadByte(byte[] bytes) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    dec.decode(in, out, true);
    return in.position();
  }

  private static Position positionOfByte(String file, byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    // Column in characters of the valid prefix of the line (bytes before the bad one are valid
    // UTF-8).
    String prefix =
        new String(bytes, lineStart, Math.max(0, offset - lineStart), StandardCharsets.UTF_8);
    return new Position(file, line, prefix.codePointCount(0, prefix.length()) + 1);
  }

  /** Iterative tree builder: no recursion, so deep input cannot overflow the stack. */
  private static final class Builder {
    private final String file;
    private final Diagnostics diags;
    private final Map<String, YNode> anchors = new HashMap<>();
    private final Map<YNode, Long> weight = new IdentityHashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private long expanded;
    private long copied;
    private boolean aliasesSeen;
    private final long maxNodes;

    private Builder(String file, Diagnostics diags, long maxNodes) {
      this.file = file;
      this.diags = diags;
      this.maxNodes = maxNodes;
    }

    /** A collection being built. */
    private static final class Frame {
      final boolean map;
      final int line;
      final int column;
      final String anchor;
      // Only what the kind needs: a large file is hundreds of thousands of small collections.
      final List<YNode> items;
      final List<Entry> entries;
      Set<String> keys;
      YScalar pendingKey;
      long weight = 1;

      Frame(boolean map, int line, int column, String anchor) {
        this.map = map;
        this.line = line;
        this.column = column;
        this.anchor = anchor;
        this.items = map ? null : new ArrayList<>();
        this.entries = map ? new ArrayList<>() : null;
      }

      /**
       * Records a key; false if the mapping has it already. Small mappings (almost all) are
       * scanned; a hash set is built once a mapping grows past a few keys.
       */
      boolean addKey(String key) {
        if (keys == null) {
          if (entries.size() < SCAN_KEYS) {
            for (Entry e : entries) {
              if (e.key().value().equals(key)) {
                return false;
              }
            }
            return true;
          }
          keys = new HashSet<>();
          for (Entry e : entries) {
            keys.add(e.key().value());
          }
        }
        return keys.add(key);
      }
    }

    /** Mappings with fewer keys than this find duplicates by scanning. */
    private static final int SCAN_KEYS = 16;

    Optional<YNode> build(Iterable<Event> events) {
      Deque<Frame> stack = new ArrayDeque<>();
      YNode root = null;
      int documents = 0;
      boolean failed = false;
      for (Event ev : events) {
        switch (ev.getEventId()) {
          case DocumentStart -> {
            documents++;
            if (documents > 1) {
              diags.error(
                  "yaml.multi-document",
                  pos(ev),
                  "",
                  "file holds more than one YAML document; vtopo reads exactly one",
                  "remove the '---' separator and merge the documents, or split them into files");
              return Optional.empty();
            }
          }
          case MappingStart, SequenceStart -> {
            if (stack.size() >= MAX_DEPTH) {
              diags.error(
                  "yaml.too-deep",
                  pos(ev),
                  "",
                  "nesting is deeper than " + MAX_DEPTH + " levels",
                  "a topology file nests only a few levels");
              return Optional.empty();
            }
            CollectionStartEvent cs = (CollectionStartEvent) ev;
            Position p = pos(ev);
            if (!acceptTag(cs.getTag(), p)) {
              failed = true;
            }
            String anchor = cs.getAnchor().map(Object::toString).orElse(null);
            if (anchor != null) {
              openAnchors.add(anchor);
            }
            Frame f =
                new Frame(ev.getEventId() == Event.ID.MappingStart, p.line(), p.column(), anchor);
            if (!stack.isEmpty() && stack.peek().map && stack.peek().pendingKey == null) {
              diags.error(
                  "yaml.complex-key",
                  p,
                  "",
                  "a mapping key must be a plain string, not a collection",
                  null);
              return Optional.empty();
            }
            expanded++;
            stack.push(f);
          }
          case MappingEnd, SequenceEnd -> {
            Frame f = stack.pop();
            YNode n =
                f.map ? new YMap(f.entries, f.line, f.column) : new YSeq(f.items, f.line, f.column);
            if (f.anchor != null) {
              weight.put(n, f.weight);
              openAnchors.remove(f.anchor);
              anchors.put(f.anchor, n);
            }
            if (!addNode(stack, n, f.weight, false)) {
              return Optional.empty();
            }
            if (stack.isEmpty()) {
              root = n;
            }
          }
          case Scalar -> {
            ScalarEvent se = (ScalarEvent) ev;
            // The most frequent event: its position is made only for a diagnostic.
            Mark mark = se.getStartMark().orElse(null);
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            if (se.getTag().isPresent() && !acceptTag(se.getTag(), pos(ev))) {
              failed = true;
            }
            YScalar s =
                new YScalar(se.getValue(), se.isPlain() && se.getTag().isEmpty(), line, column);
            if (!safe(s, line, column)) {
              failed = true;
            }
            se.getAnchor().ifPresent(a -> anchors.put(a.toString(), s));
            if (!addNode(stack, s, 1, true)) {
              return Optional.empty();
            }
            if (stack.isEmpty()) {
              root = s;
            }
          }
          case Alias -> {
            AliasEvent ae = (AliasEvent) ev;
            String name = ae.getAlias().toString();
            Position p = pos(ev);
            if (openAnchors.contains(name)) {
              diags.error(
                  "yaml.recursive-alias",
                  p,
                  "",
                  "alias *" + name + " refers to a node that contains it",
                  null);
              return Optional.empty();
            }
            YNode target = anchors.get(name);
            if (target == null) {
              diags.error("yaml.syntax", p, "", "alias *" + name + " names no anchor", null);
              return Optional.empty();
            }
            aliasesSeen = true;
            long w = weight.getOrDefault(target, 1L);
            YNode node = target;
            if (copied + w <= MAX_ALIAS_COPY) {
              // A copy placed at the alias: an error inside an aliased object points at the alias
              // that put it there.
              copied += w;
              node = relocate(target, p.line(), p.column());
            }
            if (!addNode(stack, node, w, true)) {
              return Optional.empty();
            }
            if (stack.isEmpty()) {
              root = node;
            }
          }
          default -> {
            // StreamStart/End, DocumentEnd, Comment: nothing to build.
          }
        }
      }
      if (failed) {
        return Optional.empty();
      }
      if (root == null) {
        root = new YScalar("", true, 1, 1);
      }
      return Optional.of(root);
    }

    /**
     * Refuses control and bidirectional-formatting characters in a string (written as escapes
     * inside double quotes: YAML itself refuses them raw): diagnostics echo strings, and such
     * characters could rewrite the terminal showing them. Tabs and line breaks stay allowed (a
     * block-scalar description).
     */
    private boolean safe(YScalar s, int line, int column) {
      String v = s.value();
      for (int i = 0; i < v.length(); ) {
        int cp = v.codePointAt(i);
        if (cp >= 0x20 && cp < 0x7F) {
          // Printable ASCII, nearly every character of a topology: neither control nor bidi.
          i++;
          continue;
        }
        boolean bidi =
            cp == 0x061C
                || cp == 0x200E
                || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
        if ((Character.getType(cp) == Character.CONTROL && cp != '\t' && cp != '\n' && cp != '\r')
            || bidi) {
          diags.error(
              "yaml.unsafe-character",
              new Position(file, line, column),
              "",
              "the string '"
                  + Printable.escape(v)
                  + "' contains "
                  + Printable.describe(cp)
                  + (bidi ? ", a bidirectional-formatting character" : ", a control character"),
              "vtopo refuses control and bidirectional-override characters in a topology file: they can change"
                  + " how a terminal shows it; remove the escape");
          return false;
        }
        i += Character.charCount(cp);
      }
      return true;
    }

    /**
     * {@code n} as a tree whose nodes all sit at the alias's position (the subtree is small: see
     * the caller).
     */
    private static YNode relocate(YNode n, int line, int column) {
      if (n instanceof YScalar s) {
        return new YScalar(s.value(), s.plain(), line, column);
      }
      if (n instanceof YSeq q) {
        List<YNode> items = new ArrayList<>(q.items().size());
        for (YNode i : q.items()) {
          items.add(relocate(i, line, column));
        }
        return new YSeq(items, line, column);
      }
      YMap m = (YMap) n;
      List<Entry> entries = new ArrayList<>(m.entries().size());
      for (Entry e : m.entries()) {
        entries.add(
            new Entry(
                (YScalar) relocate(e.key(), line, column), relocate(e.value(), line, column)));
      }
      return new YMap(entries, line, column);
    }

    private boolean acceptTag(Optional<String> tag, Position p) {
      if (tag.isEmpty() || tag.get().equals("!")) {
        return true;
      }
      String t = tag.get();
      if (t.equals("tag:yaml.org,2002:str")
          || t.equals("tag:yaml.org,2002:map")
          || t.equals("tag:yaml.org,2002:seq")) {
        return true;
      }
      diags.error(
          "yaml.tag",
          p,
          "",
          "explicit tag " + t + " is not supported",
          "vtopo files use plain YAML; remove the tag (quoting a value makes it a string)");
      return false;
    }

    /**
     * Attaches {@code n} to the collection being built. {@code w} is the number of nodes {@code n}
     * stands for; only new nodes ({@code fresh}: a scalar, or an alias expanding a whole subtree)
     * count towards the expansion limit, a finished collection was counted node by node already.
     */
    private boolean addNode(Deque<Frame> stack, YNode n, long w, boolean fresh) {
      if (fresh) {
        expanded += w;
      }
      if (expanded > maxNodes) {
        if (aliasesSeen) {
          diags.error(
              "yaml.alias-bomb",
              new Position(file, n.line(), n.column()),
              "",
              "aliases expand this document to more than " + maxNodes + " nodes",
              "anchors and aliases are fine for sharing a few blocks, not for multiplying them");
        } else {
          diags.error(
              "yaml.too-many-nodes",
              new Position(file, n.line(), n.column()),
              "",
              "the document has more than "
                  + maxNodes
                  + " nodes (keys, values and lists); vtopo reads at most that"
                  + " many",
              "split the topology: 100,000 TAPs with a few fields each are about 1,100,000 nodes");
        }
        return false;
      }
      if (stack.isEmpty()) {
        return true;
      }
      Frame top = stack.peek();
      top.weight += w;
      if (!top.map) {
        top.items.add(n);
        return true;
      }
      if (top.pendingKey == null) {
        if (!(n instanceof YScalar key)) {
          diags.error(
              "yaml.complex-key",
              new Position(file, n.line(), n.column()),
              "",
              "a mapping key must be a plain string, not " + n.describe(),
              null);
          return false;
        }
        if (key.plain() && key.value().equals("<<")) {
          diags.error(
              "yaml.merge-key",
              new Position(file, key.line(), key.column()),
              "",
              "merge keys ('<<') are not supported: YAML 1.2 has no merge keys, and a merged object would hide"
                  + " where each of its fields comes from",
              "write the keys out, or repeat a whole object with an alias (*name)");
          return false;
        }
        if (!top.addKey(key.value())) {
          diags.error(
              "yaml.duplicate-key",
              new Position(file, key.line(), key.column()),
              "",
              "key '" + key.value() + "' appears twice in the same mapping",
              "remove or rename one of them");
          return false;
        }
        top.pendingKey = key;
        return true;
      }
      top.entries.add(new Entry(top.pendingKey, n));
      top.pendingKey = null;
      return true;
    }

    private Position pos(Event ev) {
      return ev.getStartMark()
          .map(m -> new Position(file, m.getLine() + 1, m.getColumn() + 1))
          .orElse(Position.unknown(file));
    }
  }
}
