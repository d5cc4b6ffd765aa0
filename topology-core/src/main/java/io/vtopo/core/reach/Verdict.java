package io.vtopo.core.reach;

import java.util.List;

/**
 * The answer to "does {@code from} reach {@code to}?", with the path that shows it or the place it
 * breaks.
 *
 * @param from the source VM (or {@code vm/nic})
 * @param to the destination VM (or {@code vm/nic})
 * @param reachable whether {@code from} can open a connection to {@code to}
 * @param hops the hops of the path found, or of the path up to where it breaks (may be empty)
 * @param explanation why: {@code same L2 segment, subnet 192.0.2.0/24} or {@code breaks at eno1:
 *     ...}
 * @param warnings things that may still break the path (MTU mismatch on the path)
 */
public record Verdict(
    String from,
    String to,
    boolean reachable,
    List<String> hops,
    String explanation,
    List<String> warnings) {
  /** Copies the lists. */
  public Verdict {
    hops = List.copyOf(hops);
    warnings = List.copyOf(warnings);
  }

  /** {@code a -> b -> c: reachable (why)} or {@code a -> b: not reachable: breaks at ...}. */
  public String text() {
    String path = hops.isEmpty() ? from + " -> " + to : String.join(" -> ", hops);
    return path
        + (reachable ? ": reachable (" + explanation + ")" : ": not reachable: " + explanation);
  }
}
