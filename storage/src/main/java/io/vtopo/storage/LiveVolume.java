package io.vtopo.storage;

import io.vtopo.core.model.Volume;
import java.util.List;

/**
 * A volume as read from libvirt.
 *
 * @param volume the model; {@code backing} is {@code NAME} for a volume of the same pool, {@code
 *     POOL/NAME} for another pool's volume, or the plain path when the backing file is in no pool
 * @param key libvirt volume key (stable identity, the path for file volumes)
 * @param path target path, or null
 * @param type libvirt volume type, or null
 * @param owner topology that created it per the ownership registry, or null when foreign
 * @param unmodelled XML paths vtopo does not model
 */
public record LiveVolume(
    Volume volume, String key, String path, String type, String owner, List<String> unmodelled) {
  /** Copies the list. */
  public LiveVolume {
    unmodelled = List.copyOf(unmodelled);
  }

  /** The volume name. */
  public String name() {
    return volume.name();
  }
}
