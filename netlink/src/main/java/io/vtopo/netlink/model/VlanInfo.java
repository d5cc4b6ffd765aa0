package io.vtopo.netlink.model;

/**
 * An 802.1Q or 802.1ad VLAN on a parent link ({@code ip link add link P name N type vlan [protocol
 * 802.1ad] id ID}).
 *
 * @param id the VLAN id
 * @param protocol ethertype 0x8100 (802.1Q) or 0x88a8 (802.1ad), or null for the kernel default
 *     (802.1Q)
 */
public record VlanInfo(int id, Integer protocol) implements LinkInfo {
  /** Ethertype of 802.1Q. */
  public static final int P_8021Q = 0x8100;

  /** Ethertype of 802.1ad. */
  public static final int P_8021AD = 0x88a8;

  @Override
  public String kind() {
    return "vlan";
  }
}
