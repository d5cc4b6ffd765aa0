package io.vtopo.netlink.model;

import java.util.List;

/**
 * The VLANs of one bridge port as an AF_BRIDGE link dump reports them ({@code bridge vlan show}).
 *
 * @param index ifindex of the port
 * @param name port name
 * @param master ifindex of its bridge, 0 if none
 * @param vlans VLANs and ranges, in the kernel's order
 */
public record PortVlans(int index, String name, int master, List<BridgeVlan> vlans) {
  /** Copies the list. */
  public PortVlans {
    vlans = List.copyOf(vlans);
  }
}
