package io.vtopo.core.io;

import io.vtopo.core.diag.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each object and field of a topology was written. Paths look like {@code links[br0]}, {@code
 * links[br0].mtu}, {@code networks[lab].ips[0].dhcp.ranges[1]}. The model stays free of positions
 * so that live state and file state compare directly; validation looks positions up here.
 */
public final class SourceMap {
  private final String file;
  private final Map<String, Position> positions = new HashMap<>();
  private final Map<String, List<String>> items = new HashMap<>();

  /** An empty map for {@code file}. */
  public SourceMap(String file) {
    this.file = file;
  }

  /** The file name. */
  public String file() {
    return file;
  }

  /** Records the position of a path (first write wins). */
  public void put(String path, Position pos) {
    positions.putIfAbsent(path, pos);
  }

  /**
   * The position of {@code path}, or of its nearest recorded ancestor ({@code links[br0].mtu} falls
   * back to {@code links[br0]}), or an unknown position in the file.
   */
  public Position at(String path) {
    String p = path;
    while (p != null && !p.isEmpty()) {
      Position pos = positions.get(p);
      if (pos != null) {
        return pos;
      }
      int dot = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = dot > 0 ? p.substring(0, dot) : null;
    }
    return Position.unknown(file);
  }

  /** Records that the next item of the list at {@code listPath} has the path {@code itemPath}. */
  public void addItem(String listPath, String itemPath) {
    items.computeIfAbsent(listPath, k -> new ArrayList<>()).add(itemPath);
  }

  /**
   * The path of item {@code index} of the list at {@code listPath} ({@code links}, {@code
   * pools[p].volumes}): its name in brackets, or its index when the name is missing or repeats an
   * earlier item's.
   */
  public String item(String listPath, int index) {
    List<String> l = items.get(listPath);
    return l != null && index < l.size() ? l.get(index) : listPath + "[" + index + "]";
  }

  /**
   * Adds every position and list item of {@code other} (first write wins), so a topology assembled
   * from several files (a fleet host: its own file, inline objects, rendered objects) reports each
   * object where it was written.
   */
  public void putAll(SourceMap other) {
    other.positions.forEach(positions::putIfAbsent);
    other.items.forEach((k, v) -> items.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
  }

  /** True if the exact path was recorded. */
  public boolean has(String path) {
    return positions.containsKey(path);
  }
}
