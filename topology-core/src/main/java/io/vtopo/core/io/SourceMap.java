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

  /**
   * The fields of each object read, by the object's path: {@code links[br0].mtu} is field {@code
   * mtu} of {@code links[br0]}. One small record per object instead of a path string and a position
   * per field: the source map lives as long as the model, and for a fleet of 20,000 VMs the
   * per-field entries were most of what the garbage collector had to copy.
   */
  private final Map<String, Fields> fields = new HashMap<>();

  /**
   * The keys of one mapping and where their values start.
   *
   * @param file the file the mapping is in
   * @param keys the keys, in file order
   * @param lines each value's line
   * @param columns each value's column
   */
  private record Fields(String file, String[] keys, int[] lines, int[] columns) {
    Position at(String key) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return new Position(file, lines[i], columns[i]);
        }
      }
      return null;
    }
  }

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
    if (!positions.containsKey(path) && field(path) == null) {
      positions.put(path, pos);
    }
  }

  /**
   * Records the position of every value of {@code map}, an object at {@code objectPath}: {@code
   * objectPath + "." + key} for each key (first write wins).
   */
  void putFields(String objectPath, YNode.YMap map, String inFile) {
    List<YNode.Entry> entries = map.entries();
    int n = entries.size();
    String[] keys = new String[n];
    int[] lines = new int[n];
    int[] columns = new int[n];
    for (int i = 0; i < n; i++) {
      YNode.Entry e = entries.get(i);
      keys[i] = e.key().value();
      lines[i] = e.value().line();
      columns[i] = e.value().column();
    }
    putFields(objectPath, new Fields(inFile, keys, lines, columns));
  }

  private void putFields(String objectPath, Fields f) {
    if (fields.putIfAbsent(objectPath, f) != null) {
      // Another mapping at the same path (not from one file's reader): per field, first write wins.
      for (int i = 0; i < f.keys().length; i++) {
        put(objectPath + "." + f.keys()[i], new Position(f.file(), f.lines()[i], f.columns()[i]));
      }
    }
  }

  /** The position of {@code path} as a field of a recorded object, or null. */
  private Position field(String path) {
    if (fields.isEmpty()) {
      return null;
    }
    // Keys may hold dots themselves (a host name under a segment's addresses): try every split.
    for (int dot = path.lastIndexOf('.'); dot >= 0; dot = path.lastIndexOf('.', dot - 1)) {
      Fields f = fields.get(path.substring(0, dot));
      if (f != null) {
        Position p = f.at(path.substring(dot + 1));
        if (p != null) {
          return p;
        }
      }
      if (dot == 0) {
        break;
      }
    }
    return null;
  }

  private Position exact(String path) {
    Position pos = positions.get(path);
    return pos != null ? pos : field(path);
  }

  /**
   * The position of {@code path}, or of its nearest recorded ancestor ({@code links[br0].mtu} falls
   * back to {@code links[br0]}), or an unknown position in the file.
   */
  public Position at(String path) {
    String p = path;
    while (p != null && !p.isEmpty()) {
      Position pos = exact(p);
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
    other.positions.forEach(this::put);
    other.fields.forEach(this::putFields);
    other.items.forEach((k, v) -> items.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
  }

  /** True if the exact path was recorded. */
  public boolean has(String path) {
    return positions.containsKey(path) || field(path) != null;
  }
}
