package io.vtopo.netlink.model;

/**
 * A bond ({@code ip link add NAME type bond mode MODE miimon MS}).
 *
 * @param mode bonding mode, or null
 * @param miimon MII link monitoring interval in ms, or null
 * @param updelay IFLA_BOND_UPDELAY in ms, or null
 * @param downdelay IFLA_BOND_DOWNDELAY in ms, or null
 * @param xmitHashPolicy IFLA_BOND_XMIT_HASH_POLICY (0 layer2, 1 layer3+4, 2 layer2+3, 3 encap2+3, 4
 *     encap3+4, 5 vlan+srcmac), or null
 * @param lacpRate IFLA_BOND_AD_LACP_RATE (0 slow, 1 fast), or null
 */
public record BondInfo(
    BondMode mode,
    Integer miimon,
    Integer updelay,
    Integer downdelay,
    Integer xmitHashPolicy,
    Integer lacpRate)
    implements LinkInfo {
  /** The keywords of {@link #xmitHashPolicy} values, by value. */
  public static final java.util.List<String> HASH_POLICIES =
      java.util.List.of("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac");

  /** A bond without hash policy and LACP rate. */
  public BondInfo(BondMode mode, Integer miimon, Integer updelay, Integer downdelay) {
    this(mode, miimon, updelay, downdelay, null, null);
  }

  /** A copy with IFLA_BOND_MIIMON. */
  public BondInfo withMiimon(Integer v) {
    return new BondInfo(mode, v, updelay, downdelay, xmitHashPolicy, lacpRate);
  }

  /** A copy with IFLA_BOND_XMIT_HASH_POLICY. */
  public BondInfo withXmitHashPolicy(Integer v) {
    return new BondInfo(mode, miimon, updelay, downdelay, v, lacpRate);
  }

  @Override
  public String kind() {
    return "bond";
  }
}
