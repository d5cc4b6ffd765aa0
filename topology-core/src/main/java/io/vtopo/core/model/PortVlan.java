package io.vtopo.core.model;

import java.util.List;

/**
 * VLAN membership of a bridge port ({@code bridge vlan add dev PORT vid V [pvid untagged]}).
 *
 * @param pvid the port VLAN id for untagged ingress, or null when not set
 * @param vids tagged VLAN ids the port carries (sorted, unique)
 */
public record PortVlan(Integer pvid, List<Integer> vids) {
  /** Copies the list. */
  public PortVlan {
    vids = List.copyOf(vids);
  }
}
