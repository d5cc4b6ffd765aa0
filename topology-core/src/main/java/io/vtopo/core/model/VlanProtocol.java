package io.vtopo.core.model;

/** VLAN tag protocol. */
public enum VlanProtocol {
  /** 802.1Q, ethertype 0x8100. */
  DOT1Q("802.1q", 0x8100),
  /** 802.1ad (QinQ service tag), ethertype 0x88a8. */
  DOT1AD("802.1ad", 0x88a8);

  private final String keyword;
  private final int ethertype;

  VlanProtocol(String keyword, int ethertype) {
    this.keyword = keyword;
    this.ethertype = ethertype;
  }

  /** The file keyword. */
  public String keyword() {
    return keyword;
  }

  /** The ethertype (sent big-endian in IFLA_VLAN_PROTOCOL). */
  public int ethertype() {
    return ethertype;
  }
}
