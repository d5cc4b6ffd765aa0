package io.vtopo.core.plan;

import io.vtopo.core.model.ObjectId;
import java.util.List;

/**
 * An object the file declares that exists on the host but that this topology does not own: made by
 * another tool (virsh, virt-manager, by hand) or by another topology. Plan and apply leave it
 * alone; {@code vtopo adopt FILE --all} takes over the ones made by another tool that match the
 * file.
 *
 * @param id the object
 * @param owner the topology that owns it, or null when vtopo did not create it
 * @param differences the fields the file would change ({@code mtu: 1500 -> 9000}), empty when the
 *     object matches the file
 */
public record Foreign(ObjectId id, String owner, List<String> differences) {
  /** Copies the list. */
  public Foreign {
    differences = List.copyOf(differences);
  }

  /** Made by another tool and exactly as the file declares it: {@code adopt --all} takes it. */
  public boolean adoptable() {
    return owner == null && differences.isEmpty();
  }
}
