package io.vtopo.core.model;

import java.util.List;

/**
 * A Linux bridge ({@code ip link add NAME type bridge [stp_state 1] [forward_delay N]
 * [vlan_filtering 1]}).
 *
 * @param attrs shared link attributes
 * @param stp spanning tree on/off, or null
 * @param forwardDelay STP forward delay in seconds, or null
 * @param vlanFiltering 802.1Q VLAN filtering on/off, or null
 * @param ports ports declared on the bridge (ports may also name the bridge as their {@code
 *     master})
 */
public record Bridge(
    LinkAttrs attrs,
    Boolean stp,
    Integer forwardDelay,
    Boolean vlanFiltering,
    List<BridgePort> ports)
    implements Link {
  /** Copies the list. */
  public Bridge {
    ports = List.copyOf(ports);
  }

  @Override
  public String kind() {
    return "bridge";
  }
}
