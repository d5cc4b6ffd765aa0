package io.vtopo.core.backend;

import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import java.util.List;

/**
 * libvirt storage pools and volumes (implemented by the storage module over one libvirt connection). Destructive
 * operations are refused with {@code DESTRUCTIVE_REFUSED} unless explicitly allowed.
 */
public interface StorageBackend {
  /** Every pool with its volumes (a few calls, not one per volume), with vtopo's ownership markers. */
  List<Owned<Pool>> list();

  /** Defines, builds, starts and (if asked) autostarts a pool, marking it as owned by {@code owner}. */
  void createPool(Pool desired, String owner);

  /**
   * Stops and undefines an owned pool. Its data (directory, volume group) is kept unless {@code deleteData}.
   *
   * @throws io.vtopo.core.VtopoException {@code CONFLICT} naming the volumes when the pool is not empty and
   *     {@code deleteData} is set
   */
  void deletePool(Pool current, String owner, boolean deleteData);

  /** Creates a volume (with its backing volume when set), marking it as owned. */
  void createVolume(String pool, Volume desired, String owner);

  /** Grows a volume; shrinking is refused unless {@code allowShrink}. */
  void resizeVolume(String pool, Volume current, Volume desired, String owner, boolean allowShrink);

  /** Deletes an owned volume; refused unless {@code allowDataLoss}. */
  void deleteVolume(String pool, Volume current, String owner, boolean allowDataLoss);
}
