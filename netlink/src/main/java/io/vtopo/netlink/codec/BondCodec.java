package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BondMode;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/** IFLA_BOND_* of kind {@code bond}. */
public final class BondCodec implements LinkKindCodec<BondInfo> {
  static final int MODE = 1;
  static final int MIIMON = 3;
  static final int UPDELAY = 4;
  static final int DOWNDELAY = 5;
  static final int XMIT_HASH_POLICY = 14;
  static final int AD_LACP_RATE = 21;

  @Override
  public String kind() {
    return "bond";
  }

  @Override
  public Class<BondInfo> type() {
    return BondInfo.class;
  }

  @Override
  public void encode(MessageWriter w, BondInfo b) {
    if (b.mode() != null) {
      w.attrU8(MODE, b.mode().value());
    }
    if (b.miimon() != null) {
      w.attrU32(MIIMON, b.miimon());
    }
    if (b.updelay() != null) {
      w.attrU32(UPDELAY, b.updelay());
    }
    if (b.downdelay() != null) {
      w.attrU32(DOWNDELAY, b.downdelay());
    }
    // iproute2's order: hash policy before LACP rate (byte-exact conformance case bond-lacp).
    if (b.xmitHashPolicy() != null) {
      w.attrU8(XMIT_HASH_POLICY, b.xmitHashPolicy());
    }
    if (b.lacpRate() != null) {
      w.attrU8(AD_LACP_RATE, b.lacpRate());
    }
  }

  @Override
  public BondInfo decode(AttrTable a) {
    return new BondInfo(
        BondMode.of(a.u8(MODE)),
        a.u32(MIIMON),
        a.u32(UPDELAY),
        a.u32(DOWNDELAY),
        a.u8(XMIT_HASH_POLICY),
        a.u8(AD_LACP_RATE));
  }
}
