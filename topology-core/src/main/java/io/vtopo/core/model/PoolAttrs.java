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
 * @param cow {@code <features><cow state>}: copy-on-write of the target directory's file system
 *     (btrfs) on or off; null leaves libvirt's default
 * @param unmodelled the parts of the pool's libvirt XML vtopo does not model, kept verbatim and
 *     written back on every definition; null when the file does not say
 */
public record PoolAttrs(
    String name,
    String target,
    Permissions permissions,
    Boolean autostart,
    ByteSize capacity,
    List<Volume> volumes,
    Boolean cow,
    List<Unmodelled> unmodelled) {
  /** Copies the lists. */
  public PoolAttrs {
    volumes = List.copyOf(volumes);
    unmodelled = unmodelled == null ? null : List.copyOf(unmodelled);
  }

  /** Attributes without features and unmodelled parts. */
  public PoolAttrs(
      String name,
      String target,
      Permissions permissions,
      Boolean autostart,
      ByteSize capacity,
      List<Volume> volumes) {
    this(name, target, permissions, autostart, capacity, volumes, null, null);
  }

  /** The same attributes with other volumes. */
  public PoolAttrs withVolumes(List<Volume> vols) {
    return new PoolAttrs(name, target, permissions, autostart, capacity, vols, cow, unmodelled);
  }

  /** The same attributes with another autostart flag. */
  public PoolAttrs withAutostart(Boolean on) {
    return new PoolAttrs(name, target, permissions, on, capacity, volumes, cow, unmodelled);
  }

  /** The same attributes with other unmodelled parts. */
  public PoolAttrs withUnmodelled(List<Unmodelled> parts) {
    return new PoolAttrs(name, target, permissions, autostart, capacity, volumes, cow, parts);
  }
}
