package io.vtopo.core.backend;

/**
 * A live object with its ownership marker.
 *
 * @param value the object as read from the host
 * @param owner the topology name vtopo recorded when it created the object, or null for a foreign
 *     object
 * @param <T> object type
 */
public record Owned<T>(T value, String owner) {
  /** True if the named topology owns the object. */
  public boolean ownedBy(String topology) {
    return owner != null && owner.equals(topology);
  }

  /** True if any vtopo topology owns it. */
  public boolean isOwned() {
    return owner != null;
  }
}
