package io.vtopo.netlink.model;

/**
 * A bond ({@code ip link add NAME type bond mode MODE miimon MS}).
 *
 * @param mode bonding mode, or null
 * @param miimon MII link monitoring interval in ms, or null
 * @param updelay IFLA_BOND_UPDELAY in ms, or null
 * @param downdelay IFLA_BOND_DOWNDELAY in ms, or null
 */
public record BondInfo(BondMode mode, Integer miimon, Integer updelay, Integer downdelay) implements LinkInfo {
  @Override
  public String kind() {
    return "bond";
  }
}
