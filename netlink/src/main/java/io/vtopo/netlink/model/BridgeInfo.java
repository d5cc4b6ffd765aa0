package io.vtopo.netlink.model;

/**
 * A Linux bridge ({@code ip link add NAME type bridge ...}). Times are in centiseconds as the
 * kernel takes them ({@code forward_delay 400} is 4 s).
 *
 * @param stpState 0 off, 1 kernel STP
 * @param forwardDelay IFLA_BR_FORWARD_DELAY, centiseconds
 * @param helloTime IFLA_BR_HELLO_TIME, centiseconds
 * @param maxAge IFLA_BR_MAX_AGE, centiseconds
 * @param ageingTime IFLA_BR_AGEING_TIME, centiseconds
 * @param priority IFLA_BR_PRIORITY
 * @param vlanFiltering IFLA_BR_VLAN_FILTERING
 * @param vlanProtocol IFLA_BR_VLAN_PROTOCOL ethertype, 0x8100 or 0x88a8
 * @param vlanDefaultPvid IFLA_BR_VLAN_DEFAULT_PVID
 * @param multicastSnooping IFLA_BR_MCAST_SNOOPING
 */
public record BridgeInfo(
    Integer stpState,
    Integer forwardDelay,
    Integer helloTime,
    Integer maxAge,
    Integer ageingTime,
    Integer priority,
    Boolean vlanFiltering,
    Integer vlanProtocol,
    Integer vlanDefaultPvid,
    Boolean multicastSnooping)
    implements LinkInfo {
  /** A bridge with every setting left to the kernel. */
  public static BridgeInfo defaults() {
    return new BridgeInfo(null, null, null, null, null, null, null, null, null, null);
  }

  /** A copy with IFLA_BR_STP_STATE. */
  public BridgeInfo withStp(Integer v) {
    return new BridgeInfo(
        v,
        forwardDelay,
        helloTime,
        maxAge,
        ageingTime,
        priority,
        vlanFiltering,
        vlanProtocol,
        vlanDefaultPvid,
        multicastSnooping);
  }

  /** A copy with IFLA_BR_FORWARD_DELAY (centiseconds). */
  public BridgeInfo withForwardDelay(Integer v) {
    return new BridgeInfo(
        stpState,
        v,
        helloTime,
        maxAge,
        ageingTime,
        priority,
        vlanFiltering,
        vlanProtocol,
        vlanDefaultPvid,
        multicastSnooping);
  }

  /** A copy with IFLA_BR_VLAN_FILTERING. */
  public BridgeInfo withVlanFiltering(Boolean v) {
    return new BridgeInfo(
        stpState,
        forwardDelay,
        helloTime,
        maxAge,
        ageingTime,
        priority,
        v,
        vlanProtocol,
        vlanDefaultPvid,
        multicastSnooping);
  }

  @Override
  public String kind() {
    return "bridge";
  }
}
