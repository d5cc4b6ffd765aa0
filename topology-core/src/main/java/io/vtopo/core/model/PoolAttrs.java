package io.vtopo.core.model;

import java.util.List;

/**
 * Fields every pool type shares.
 *
 * @param name libvirt pool name
 * @param target target path (mount point, directory or device directory), or null where the type
 *     has a default
 * @param permissions ownership and mode of the target, or null
 * @param autostart start with libvirtd, or null
 * @param capacity the capacity the operator expects the pool to offer, used to check volume sizes
 *     offline; or null
 * @param volumes the volumes vtopo manages in this pool
 */
public record PoolAttrs(
    String name,
    String target,
    Permissions permissions,
    Boolean autostart,
    ByteSize capacity,
    List<Volume> volumes) {
  /** Copies the list. */
  public PoolAttrs {
    volumes = List.copyOf(volumes);
  }
}
