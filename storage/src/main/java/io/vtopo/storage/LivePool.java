package io.vtopo.storage;

import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.Pool;
import java.util.List;

/**
 * A pool as read from libvirt, with the state the model does not hold.
 *
 * @param name pool name
 * @param uuid pool UUID
 * @param type libvirt pool type (also for types vtopo does not model)
 * @param pool the model with its volumes and autostart, or null for a type vtopo does not model
 * @param active running
 * @param capacity live capacity, or null
 * @param available free space, or null
 * @param owner topology that created it per the ownership registry, or null when foreign
 * @param builtStorage true if vtopo built the pool's storage (directory, volume group), so deleting
 *     the pool may delete it; false for storage that was there before or an adopted pool
 * @param unmodelled XML paths vtopo does not model (see {@link PoolXml.Parsed#unmodelled()})
 * @param volumes the volumes with their keys and owners
 * @param volumeError why the volumes could not be listed, or null
 */
public record LivePool(
    String name,
    String uuid,
    String type,
    Pool pool,
    boolean active,
    ByteSize capacity,
    ByteSize available,
    String owner,
    boolean builtStorage,
    List<String> unmodelled,
    List<LiveVolume> volumes,
    String volumeError) {
  /** Copies the lists. */
  public LivePool {
    unmodelled = List.copyOf(unmodelled);
    volumes = List.copyOf(volumes);
  }
}
