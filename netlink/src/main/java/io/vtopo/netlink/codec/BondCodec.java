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
  }

  @Override
  public BondInfo decode(AttrTable a) {
    return new BondInfo(BondMode.of(a.u8(MODE)), a.u32(MIIMON), a.u32(UPDELAY), a.u32(DOWNDELAY));
  }
}
