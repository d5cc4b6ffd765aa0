package io.vtopo.core.io;

import io.vtopo.core.diag.Position;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each object and field of a topology was written. Paths look like {@code links[br0]},
 * {@code links[br0].mtu}, {@code networks[lab].ips[0].dhcp.ranges[1]}. The model stays free of positions so that
 * live state and file state compare directly; validation looks positions up here.
 */
public final class SourceMap {
  private final String file;
  private final Map<String, Position> positions = new HashMap<>();

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
   * The position of {@code path}, or of its nearest recorded ancestor ({@code links[br0].mtu} falls back to
   * {@code links[br0]}), or an unknown position in the file.
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

  /** True if the exact path was recorded. */
  public boolean has(String path) {
    return positions.containsKey(path);
  }
}
