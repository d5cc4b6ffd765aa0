package io.vtopo.core.io;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Position;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.io.YNode.YSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Shared state of one file being read: its name, the diagnostics sink and the source map. */
public final class Ctx {
  final String file;
  final Diagnostics diags;
  final SourceMap sources;

  public Ctx(String file, Diagnostics diags, SourceMap sources) {
    this.file = file;
    this.diags = diags;
    this.sources = sources;
  }

  /** The diagnostics sink. */
  public Diagnostics diags() {
    return diags;
  }

  /** The source map. */
  public SourceMap sources() {
    return sources;
  }

  public Position pos(YNode n) {
    return new Position(file, n.line(), n.column());
  }

  public void typeError(YNode n, String path, String expected) {
    diags.error(
        "schema.type",
        pos(n),
        path,
        "expected " + expected + ", found " + n.describe(),
        n instanceof YScalar s && !s.plain() && expected.contains("number")
            ? "remove the quotes"
            : null);
  }

  /**
   * Reads a list of objects; each item's path is {@code path[NAME]} when it has a string {@code
   * name}, else {@code path[INDEX]}.
   */
  public <T> List<T> objects(YNode node, String path, BiFunction<Obj, String, T> reader) {
    List<T> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof YSeq seq)) {
      typeError(node, path, "a list");
      return out;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      YNode item = seq.items().get(i);
      String itemPath =
          item instanceof YMap m
                  && m.get("name") instanceof YScalar s
                  && !s.isNull()
                  && !s.value().isEmpty()
                  && s.value().length() < 256
              ? path + "[" + s.value() + "]"
              : null;
      if (itemPath == null || sources.has(itemPath)) {
        itemPath = path + "[" + i + "]";
      }
      sources.addItem(path, itemPath);
      if (!(item instanceof YMap m)) {
        typeError(item, itemPath, "a mapping");
        continue;
      }
      sources.put(itemPath, pos(item));
      Obj o = new Obj(this, m, itemPath);
      T t = reader.apply(o, itemPath);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }
}
