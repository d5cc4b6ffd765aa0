package io.vtopo.core.backend;

import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import java.util.List;

/**
 * libvirt storage pools and volumes (implemented by the storage module over one libvirt
 * connection). Destructive operations are refused with {@code DESTRUCTIVE_REFUSED} unless
 * explicitly allowed.
 */
public interface StorageBackend {
  /**
   * Every pool with its volumes (a few calls, not one per volume), with vtopo's ownership markers.
   */
  List<Owned<Pool>> list();

  /**
   * Defines, builds, starts and (if asked) autostarts a pool, marking it as owned by {@code owner}.
   */
  void createPool(Pool desired, String owner);

  /**
   * Stops and undefines an owned pool. Its data (directory, volume group) is kept unless {@code
   * deleteData}.
   *
   * @throws io.vtopo.core.VtopoException {@code CONFLICT} naming the volumes when the pool is not
   *     empty and {@code deleteData} is set
   */
  void deletePool(Pool current, String owner, boolean deleteData);

  /**
   * Changes an owned pool in place: autostart, target permissions, and (only with {@code
   * allowSourceChange}) its source, which restarts the pool on the new source.
   *
   * @throws io.vtopo.core.VtopoException {@code DESTRUCTIVE_REFUSED} when the source changes
   *     without {@code allowSourceChange}
   */
  void updatePool(Pool current, Pool desired, String owner, boolean allowSourceChange);

  /** Creates a volume (with its backing volume when set), marking it as owned. */
  void createVolume(String pool, Volume desired, String owner);

  /**
   * Creates {@code desired} as a full copy of another volume ({@code sourceVolume} is {@code NAME}
   * in the same pool or {@code POOL/NAME}), marking the copy as owned. The source is only read.
   */
  void cloneVolume(String pool, Volume desired, String sourceVolume, String owner);

  /** Grows a volume; shrinking is refused unless {@code allowShrink}. */
  void resizeVolume(String pool, Volume current, Volume desired, String owner, boolean allowShrink);

  /** Deletes an owned volume; refused unless {@code allowDataLoss}. */
  void deleteVolume(String pool, Volume current, String owner, boolean allowDataLoss);

  /**
   * Records an existing foreign pool as owned by {@code owner} ({@code vtopo adopt}). vtopo never
   * deletes the storage of an adopted pool it did not build, even with the data-loss flag.
   */
  default void adoptPool(String name, String owner) {
    throw new io.vtopo.core.VtopoException(
        io.vtopo.core.VtopoException.Kind.UNSUPPORTED,
        io.vtopo.core.model.ObjectId.pool(name).toString(),
        "this storage backend cannot adopt pools");
  }

  /** Records an existing foreign volume as owned by {@code owner}. */
  default void adoptVolume(String pool, String name, String owner) {
    throw new io.vtopo.core.VtopoException(
        io.vtopo.core.VtopoException.Kind.UNSUPPORTED,
        io.vtopo.core.model.ObjectId.volume(pool, name).toString(),
        "this storage backend cannot adopt volumes");
  }
}
