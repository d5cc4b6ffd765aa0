package io.vtopo.core.model;

import java.util.List;

/**
 * A storage volume in a pool ({@code virsh vol-create-as POOL NAME CAPACITY --format F
 * [--backing-vol B]}).
 *
 * @param name volume name, unique in its pool
 * @param format image format, or null for the pool's default (raw)
 * @param capacity virtual size
 * @param allocation space to allocate up front, or null
 * @param backing backing volume for a copy-on-write overlay: {@code NAME} in the same pool or
 *     {@code POOL/NAME}, or null
 * @param permissions file ownership and mode, or null
 * @param unmodelled the parts of the volume's libvirt XML vtopo does not model (encryption, qcow2
 *     compat and features, cluster size, nocow...), kept verbatim and written back when vtopo
 *     creates the volume; null when the file does not say
 */
public record Volume(
    String name,
    VolumeFormat format,
    ByteSize capacity,
    ByteSize allocation,
    String backing,
    Permissions permissions,
    List<Unmodelled> unmodelled) {
  /** Copies the list. */
  public Volume {
    unmodelled = unmodelled == null ? null : List.copyOf(unmodelled);
  }

  /** A volume without unmodelled parts declared. */
  public Volume(
      String name,
      VolumeFormat format,
      ByteSize capacity,
      ByteSize allocation,
      String backing,
      Permissions permissions) {
    this(name, format, capacity, allocation, backing, permissions, null);
  }

  /** The same volume with another backing reference. */
  public Volume withBacking(String ref) {
    return new Volume(name, format, capacity, allocation, ref, permissions, unmodelled);
  }

  /** The same volume with other unmodelled parts. */
  public Volume withUnmodelled(List<Unmodelled> parts) {
    return new Volume(name, format, capacity, allocation, backing, permissions, parts);
  }
}
