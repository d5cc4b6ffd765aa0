package io.vtopo.netlink.model;

/**
 * One link as the kernel reports it ({@code ip -d link show}).
 *
 * @param index ifindex
 * @param name IFLA_IFNAME
 * @param info kind-specific data; {@link GenericInfo} for unknown kinds and plain devices
 * @param flags ifi_flags (IFF_UP etc.)
 * @param mtu IFLA_MTU
 * @param master ifindex of the master (bridge/bond), 0 if none
 * @param parent IFLA_LINK: the lower device (vlan, macvlan) or the veth peer; 0 if none
 * @param mac IFLA_ADDRESS when it is an Ethernet address, else null
 * @param operState IFLA_OPERSTATE
 * @param alias IFLA_IFALIAS, or null
 * @param group IFLA_GROUP
 * @param linkNetnsId IFLA_LINK_NETNSID: namespace id of the parent/peer when it lives elsewhere, or
 *     null
 * @param slaveKind IFLA_INFO_SLAVE_KIND (e.g. {@code bridge} for a bridge port), or null
 */
public record Link(
    int index,
    String name,
    LinkInfo info,
    int flags,
    int mtu,
    int master,
    int parent,
    MacAddress mac,
    OperState operState,
    String alias,
    int group,
    Integer linkNetnsId,
    String slaveKind) {
  /**
   * The kind string ({@code bridge}, {@code veth}, ...); empty for plain devices such as {@code
   * lo}.
   */
  public String kind() {
    return info.kind();
  }

  /** Whether the administrative state is up (IFF_UP). */
  public boolean up() {
    return (flags & 0x1) != 0;
  }
}
