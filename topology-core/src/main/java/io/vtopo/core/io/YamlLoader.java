package io.vtopo.core.io;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Position;
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
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Turns bytes into a {@link YNode} tree with positions, within fixed limits, reporting every failure as a diagnostic
 * (never an exception): non-UTF-8 input, files over {@link #MAX_BYTES}, syntax errors, duplicate keys, complex keys,
 * nesting deeper than {@link #MAX_DEPTH}, alias expansion beyond {@link #MAX_EXPANDED_NODES} nodes ("billion laughs"),
 * several documents in one file.
 */
public final class YamlLoader {
  /** Largest file accepted; a topology of 100,000 objects is about 10 MB. */
  public static final int MAX_BYTES = 32 * 1024 * 1024;

  /** Deepest nesting accepted; real topologies nest about 6 levels. */
  public static final int MAX_DEPTH = 64;

  /** Most nodes a document may stand for once aliases are expanded. */
  public static final long MAX_EXPANDED_NODES = 16_000_000;

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
    if (bytes.length > MAX_BYTES) {
      diags.error("yaml.too-large", Position.unknown(file), "",
          "file is " + bytes.length + " bytes; the limit is " + MAX_BYTES + " bytes",
          "split the topology, or check that this is the intended file");
      return Optional.empty();
    }
    String text;
    try {
      text = decodeUtf8(bytes);
    } catch (MalformedInputException e) {
      diags.error("yaml.encoding", positionOfByte(file, bytes, firstBadByte(bytes)), "",
          "file is not valid UTF-8 (a malformed byte sequence of length " + e.getInputLength() + ")",
          "save the file as UTF-8");
      return Optional.empty();
    } catch (CharacterCodingException e) {
      diags.error("yaml.encoding", Position.unknown(file), "", "file is not valid UTF-8", "save the file as UTF-8");
      return Optional.empty();
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    LoadSettings settings = LoadSettings.builder()
        .setLabel(file)
        .setUseMarks(true)
        .setCodePointLimit(MAX_BYTES)
        .setMaxAliasesForCollections(1000)
        .setAllowRecursiveKeys(false)
        .build();
    try {
      return new Builder(file, diags).build(new Parse(settings).parseString(text));
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
      Position pos = m.map(mk -> new Position(file, mk.getLine() + 1, mk.getColumn() + 1))
          .orElse(Position.unknown(file));
      String ctx = e.getContext() == null ? "" : e.getContext() + ": ";
      diags.error("yaml.syntax", pos, "", "YAML syntax error: " + ctx + e.getProblem(), null);
    } catch (YamlEngineException e) {
      diags.error("yaml.syntax", Position.unknown(file), "", "YAML error: " + oneLine(e.getMessage()), null);
    }
    return Optional.empty();
  }

  private static String oneLine(String s) {
    return s == null ? "unknown" : s.replaceAll("\\s+", " ").trim();
  }

  private static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes));
    return cb.toString();
  }

  private static int firstBadByte(byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
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
    // Column in characters of the valid prefix of the line (bytes before the bad one are valid UTF-8).
    String prefix = new String(bytes, lineStart, Math.max(0, offset - lineStart), StandardCharsets.UTF_8);
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

    private Builder(String file, Diagnostics diags) {
      this.file = file;
      this.diags = diags;
    }

    /** A collection being built. */
    private static final class Frame {
      final boolean map;
      final int line;
      final int column;
      final String anchor;
      final List<YNode> items = new ArrayList<>();
      final List<Entry> entries = new ArrayList<>();
      final Set<String> keys = new HashSet<>();
      YScalar pendingKey;
      long weight = 1;

      Frame(boolean map, int line, int column, String anchor) {
        this.map = map;
        this.line = line;
        this.column = column;
        this.anchor = anchor;
      }
    }

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
              diags.error("yaml.multi-document", pos(ev), "",
                  "file holds more than one YAML document; vtopo reads exactly one",
                  "remove the '---' separator and merge the documents, or split them into files");
              return Optional.empty();
            }
          }
          case MappingStart, SequenceStart -> {
            if (stack.size() >= MAX_DEPTH) {
              diags.error("yaml.too-deep", pos(ev), "",
                  "nesting is deeper than " + MAX_DEPTH + " levels", "a topology file nests only a few levels");
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
            Frame f = new Frame(ev.getEventId() == Event.ID.MappingStart, p.line(), p.column(), anchor);
            if (!stack.isEmpty() && stack.peek().map && stack.peek().pendingKey == null) {
              diags.error("yaml.complex-key", p, "", "a mapping key must be a plain string, not a collection", null);
              return Optional.empty();
            }
            expanded++;
            stack.push(f);
          }
          case MappingEnd, SequenceEnd -> {
            Frame f = stack.pop();
            YNode n = f.map ? new YMap(f.entries, f.line, f.column) : new YSeq(f.items, f.line, f.column);
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
            Position p = pos(ev);
            if (!acceptTag(se.getTag(), p)) {
              failed = true;
            }
            YScalar s = new YScalar(se.getValue(), se.isPlain() && se.getTag().isEmpty(), p.line(), p.column());
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
              diags.error("yaml.recursive-alias", p, "", "alias *" + name + " refers to a node that contains it", null);
              return Optional.empty();
            }
            YNode target = anchors.get(name);
            if (target == null) {
              diags.error("yaml.syntax", p, "", "alias *" + name + " names no anchor", null);
              return Optional.empty();
            }
            if (!addNode(stack, target, weight.getOrDefault(target, 1L), true)) {
              return Optional.empty();
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

    private boolean acceptTag(Optional<String> tag, Position p) {
      if (tag.isEmpty() || tag.get().equals("!")) {
        return true;
      }
      String t = tag.get();
      if (t.equals("tag:yaml.org,2002:str") || t.equals("tag:yaml.org,2002:map") || t.equals("tag:yaml.org,2002:seq")) {
        return true;
      }
      diags.error("yaml.tag", p, "", "explicit tag " + t + " is not supported",
          "vtopo files use plain YAML; remove the tag (quoting a value makes it a string)");
      return false;
    }

    /**
     * Attaches {@code n} to the collection being built. {@code w} is the number of nodes {@code n} stands for; only
     * new nodes ({@code fresh}: a scalar, or an alias expanding a whole subtree) count towards the expansion limit,
     * a finished collection was counted node by node already.
     */
    private boolean addNode(Deque<Frame> stack, YNode n, long w, boolean fresh) {
      if (fresh) {
        expanded += w;
      }
      if (expanded > MAX_EXPANDED_NODES) {
        diags.error("yaml.alias-bomb", new Position(file, n.line(), n.column()), "",
            "aliases expand this document to more than " + MAX_EXPANDED_NODES + " nodes",
            "anchors and aliases are fine for sharing a few blocks, not for multiplying them");
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
          diags.error("yaml.complex-key", new Position(file, n.line(), n.column()), "",
              "a mapping key must be a plain string, not " + n.describe(), null);
          return false;
        }
        if (!top.keys.add(key.value())) {
          diags.error("yaml.duplicate-key", new Position(file, key.line(), key.column()), "",
              "key '" + key.value() + "' appears twice in the same mapping", "remove or rename one of them");
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
