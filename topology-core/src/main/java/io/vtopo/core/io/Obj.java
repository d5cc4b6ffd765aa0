package io.vtopo.core.io;

import io.vtopo.core.diag.Position;
import io.vtopo.core.diag.Printable;
import io.vtopo.core.io.YNode.Entry;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.io.YNode.YSeq;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.MacAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed access to one YAML mapping. Every accessor records the key as known and the value's
 * position, reports a type error as a diagnostic and returns null; {@link #finish} then reports
 * every key nobody asked for.
 */
public final class Obj {
  private final Ctx ctx;
  private final YMap map;
  private final String path;

  /**
   * Keys asked for, repeats and all: a list, not a hash set, as there is one Obj per object of the
   * file (40,000 for a large fleet) and it is searched only for the few keys of its mapping.
   */
  private final List<String> known = new ArrayList<>();

  private boolean failed;

  public Obj(Ctx ctx, YMap map, String path) {
    this.ctx = ctx;
    this.map = map;
    this.path = path;
    ctx.sources.putFields(path, map, ctx.file);
  }

  public String path() {
    return path;
  }

  public Ctx ctx() {
    return ctx;
  }

  /** True if any accessor on this object reported an error. */
  public boolean failed() {
    return failed;
  }

  public void fail() {
    failed = true;
  }

  /** The raw node under {@code key}, marking it known; null if absent. */
  public YNode raw(String key) {
    known.add(key);
    YNode n = map.get(key);
    return n instanceof YScalar s && s.isNull() ? null : n;
  }

  /** True if {@code key} is present with a non-null value ({@code key: ~} counts as absent). */
  public boolean has(String key) {
    YNode n = map.get(key);
    return n != null && !(n instanceof YScalar s && s.isNull());
  }

  public Position pos(String key) {
    YNode n = map.get(key);
    return n == null ? ctx.pos(map) : ctx.pos(n);
  }

  public Position objPos() {
    return ctx.pos(map);
  }

  public String fieldPath(String key) {
    return path + "." + key;
  }

  private YScalar scalar(String key, String expected) {
    YNode n = raw(key);
    if (n == null) {
      return null;
    }
    if (!(n instanceof YScalar s)) {
      ctx.typeError(n, fieldPath(key), expected);
      failed = true;
      return null;
    }
    return s;
  }

  public void missing(String key, String expected) {
    ctx.diags.error(
        "schema.required",
        ctx.pos(map),
        path,
        "required key '" + key + "' is missing (" + expected + ")");
    failed = true;
  }

  public void invalid(String key, String message, String hint) {
    ctx.diags.error("schema.value", pos(key), fieldPath(key), message, hint);
    failed = true;
  }

  /** A string; numbers, booleans and null are type errors (quote them to make them strings). */
  public String str(String key) {
    YScalar s = scalar(key, "a string");
    if (s == null) {
      return null;
    }
    if (s.plain() && (s.isBool() || s.isInt() || s.isFloat())) {
      ctx.diags.error(
          "schema.type",
          ctx.pos(s),
          fieldPath(key),
          "expected a string, found " + s.describe(),
          "quote it: '" + s.value() + "'");
      failed = true;
      return null;
    }
    return s.value();
  }

  public String reqStr(String key) {
    if (!has(key)) {
      known.add(key);
      missing(key, "a string");
      return null;
    }
    return str(key);
  }

  /**
   * The required {@code name} of a declared object ({@code what}: "link", "network"...). A name is
   * shown in every diagnostic, plan and drawing, so it may not hold invisible characters: controls,
   * bidirectional overrides, zero-width spaces and joiners (Unicode categories Cc, Cf, Zl, Zp).
   * Empty names are refused unless {@code emptyAllowed} (links: the validator's interface-name rule
   * reports those).
   */
  String name(String what, boolean emptyAllowed) {
    String name = reqStr("name");
    if (name == null) {
      return null;
    }
    int bad = Printable.firstUnsafe(name);
    if (bad >= 0) {
      ctx.diags.error(
          "name.invisible",
          pos("name"),
          fieldPath("name"),
          what
              + " name '"
              + Printable.escape(name)
              + "' contains "
              + Printable.describe(name.codePointAt(bad))
              + ", an invisible or control character",
          "names are shown on terminals and in drawings: use visible characters only, so that two names that look"
              + " alike are alike");
      failed = true;
      return null;
    }
    if (name.isEmpty() && !emptyAllowed) {
      ctx.diags.error("name.empty", pos("name"), fieldPath("name"), what + " name is empty", null);
      failed = true;
      return null;
    }
    return name;
  }

  /** An integer in [min, max]. */
  public Integer integer(String key, long min, long max) {
    YScalar s = scalar(key, "a whole number");
    if (s == null) {
      return null;
    }
    if (!s.isInt()) {
      ctx.typeError(s, fieldPath(key), "a whole number");
      failed = true;
      return null;
    }
    long v = parseInt(s.value());
    long hi = Math.min(max, Integer.MAX_VALUE);
    if (v < min || v > hi) {
      invalid(key, "value " + s.value() + " is out of range; expected " + min + ".." + hi, null);
      return null;
    }
    return (int) v;
  }

  /**
   * The value of a YAML 1.2 integer literal (decimal, 0x, 0o); {@link Long#MAX_VALUE} or {@link
   * Long#MIN_VALUE} when it does not fit, so that range checks report it.
   */
  static long parseInt(String t) {
    try {
      return t.startsWith("0x")
          ? Long.parseLong(t.substring(2), 16)
          : t.startsWith("0o")
              ? Long.parseLong(t.substring(2), 8)
              : Long.parseLong(t.replace("+", ""));
    } catch (NumberFormatException e) {
      return t.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  public Integer reqInt(String key, long min, long max) {
    if (!has(key)) {
      known.add(key);
      missing(key, "a whole number " + min + ".." + max);
      return null;
    }
    return integer(key, min, max);
  }

  /** A boolean (YAML 1.2: true/false only; yes/no/on/off are rejected with a hint). */
  public Boolean bool(String key) {
    YScalar s = scalar(key, "true or false");
    if (s == null) {
      return null;
    }
    if (!s.isBool()) {
      String v = s.value().toLowerCase(java.util.Locale.ROOT);
      String hint =
          Set.of("yes", "on", "y").contains(v)
              ? "write true"
              : Set.of("no", "off", "n").contains(v) ? "write false" : null;
      if (hint == null && !s.plain() && (v.equals("true") || v.equals("false"))) {
        hint = "remove the quotes";
      }
      ctx.diags.error(
          "schema.type",
          ctx.pos(s),
          fieldPath(key),
          "expected true or false, found " + s.describe(),
          hint);
      failed = true;
      return null;
    }
    return Boolean.valueOf(s.value().toLowerCase(java.util.Locale.ROOT));
  }

  /** One of a fixed set of keywords. */
  public <E> E keyword(String key, Map<String, E> allowed) {
    YNode n = map.get(key);
    YScalar s = scalar(key, n instanceof YScalar ? "" : "one of " + allowed.keySet());
    if (s == null) {
      return null;
    }
    E e = allowed.get(s.value());
    if (e == null) {
      String hint =
          Names.didYouMean(s.value(), allowed.keySet())
              .map(m -> "did you mean '" + m + "'?")
              .orElse(null);
      ctx.diags.error(
          "schema.enum",
          ctx.pos(s),
          fieldPath(key),
          "'" + s.value() + "' is not one of " + String.join(", ", allowed.keySet()),
          hint);
      failed = true;
    }
    return e;
  }

  /** A value parsed from a string by {@code parser} (empty result = malformed). */
  public <T> T parsed(String key, String expected, Function<String, java.util.Optional<T>> parser) {
    YScalar s = scalar(key, expected);
    if (s == null) {
      return null;
    }
    java.util.Optional<T> v = parser.apply(s.value());
    if (v.isEmpty()) {
      ctx.diags.error(
          "schema.format",
          ctx.pos(s),
          fieldPath(key),
          "'" + s.value() + "' is not " + expected,
          null);
      failed = true;
      return null;
    }
    return v.get();
  }

  public IpAddress ip(String key) {
    return parsed(key, "an IP address (e.g. 192.0.2.1 or fd00::1)", IpAddress::parse);
  }

  /** A list of IP addresses under {@code key} (empty when absent). */
  public List<IpAddress> ips(String key) {
    return list(
        key,
        (n, p) -> {
          if (n instanceof YScalar s && !s.isNull()) {
            var v = IpAddress.parse(s.value());
            if (v.isPresent()) {
              return v.get();
            }
            ctx.diags.error(
                "schema.format",
                ctx.pos(s),
                p,
                "'" + s.value() + "' is not an IP address (e.g. 192.0.2.1 or fd00::1)",
                null);
            return null;
          }
          ctx.typeError(n, p, "an IP address");
          return null;
        });
  }

  public IpPrefix cidr(String key) {
    return parsed(key, "an address with prefix length (e.g. 192.0.2.1/24)", IpPrefix::parse);
  }

  public MacAddress mac(String key) {
    return parsed(key, "a MAC address (e.g. 52:54:00:12:34:56)", MacAddress::parse);
  }

  ByteSize size(String key) {
    return parsed(key, "a size (e.g. 20G, 512MiB, 1000000)", ByteSize::parse);
  }

  /**
   * A list of mappings under {@code key} (a VM's {@code nics}, {@code disks}), each read by {@code
   * item} as an object at {@code key[INDEX]}; an item that is not a mapping is a type error that
   * names what it should be ({@code expected}, e.g. "a mapping with tap, bridge or network").
   */
  public <T> List<T> objects(String key, String expected, Function<Obj, T> item) {
    return list(
        key,
        (n, p) -> {
          if (!(n instanceof YMap m)) {
            ctx.typeError(n, p, expected);
            return null;
          }
          return item.apply(new Obj(ctx, m, p));
        });
  }

  /**
   * The required {@code name} of a whole file: 1-63 letters, digits, '.', '_' and '-', starting
   * with a letter or digit, as it names what vtopo owns on a host. An invalid name is reported (a
   * {@code what} name '...' must be...) with {@code why} as the hint, and still returned.
   */
  public String fileName(String what, String why) {
    String name = reqStr("name");
    if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      invalid(
          "name",
          what
              + " name '"
              + name
              + "' must be 1-63 characters of letters, digits, '.', '_', '-'"
              + " starting with a letter or digit",
          why);
    }
    return name;
  }

  /**
   * A list under {@code key}; each item read by {@code item(node, itemPath)}; null items are
   * dropped.
   */
  public <T> List<T> list(String key, ItemReader<T> item) {
    YNode n = raw(key);
    List<T> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!(n instanceof YSeq seq)) {
      ctx.typeError(n, fieldPath(key), "a list");
      failed = true;
      return out;
    }
    String listPath = fieldPath(key);
    for (int i = 0; i < seq.items().size(); i++) {
      YNode it = seq.items().get(i);
      String p = listPath + "[" + i + "]";
      ctx.sources.put(p, ctx.pos(it));
      T t = item.read(it, p);
      if (t == null) {
        failed = true;
      } else {
        out.add(t);
      }
    }
    return out;
  }

  /** A nested mapping under {@code key}, or null. */
  public Obj obj(String key) {
    YNode n = raw(key);
    if (n == null) {
      return null;
    }
    if (!(n instanceof YMap m)) {
      ctx.typeError(n, fieldPath(key), "a mapping");
      failed = true;
      return null;
    }
    return new Obj(ctx, m, fieldPath(key));
  }

  /** Reads one list item. */
  @FunctionalInterface
  public interface ItemReader<T> {
    T read(YNode node, String path);
  }

  /** A list of strings. */
  public List<String> strings(String key) {
    return list(
        key,
        (n, p) -> {
          if (n instanceof YScalar s
              && !s.isNull()
              && !(s.plain() && (s.isBool() || s.isInt() || s.isFloat()))) {
            return s.value();
          }
          ctx.typeError(n, p, "a string");
          return null;
        });
  }

  /**
   * Reports every key that was not read, with a did-you-mean, or naming the kinds it belongs to.
   *
   * @param what what this mapping is, for messages ("a bridge link")
   * @param elsewhere for each key valid in other variants, which variants accept it
   */
  void finish(String what, Map<String, Collection<String>> elsewhere) {
    List<Entry> entries = map.entries();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      String k = e.key().value();
      if (known.contains(k)) {
        continue;
      }
      failed = true;
      Collection<String> other = elsewhere.get(k);
      String hint;
      if (other != null && !other.isEmpty()) {
        hint = "'" + k + "' is valid for " + String.join(", ", new TreeSet<>(other)) + ", not here";
      } else {
        hint =
            Names.didYouMean(k, known)
                .map(m -> "did you mean '" + m + "'?")
                .orElse("valid keys: " + String.join(", ", new TreeSet<>(known)));
      }
      ctx.diags.error(
          "schema.unknown-key", ctx.pos(e.key()), path, "unknown key '" + k + "' in " + what, hint);
    }
  }

  public void finish(String what) {
    finish(what, Map.of());
  }

  /** The mapping itself (readers that embed host sections read it again with their own context). */
  public YMap node() {
    return map;
  }

  /**
   * The mapping's keys in file order (for mappings keyed by names, such as a fleet segment's
   * addresses).
   */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (Entry e : map.entries()) {
      out.add(e.key().value());
    }
    return out;
  }

  /** Keys read so far, in a stable order. */
  Set<String> knownKeys() {
    return new LinkedHashSet<>(known);
  }
}
