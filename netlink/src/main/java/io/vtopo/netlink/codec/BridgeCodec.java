package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/** IFLA_BR_* of kind {@code bridge}. */
public final class BridgeCodec implements LinkKindCodec<BridgeInfo> {
  static final int FORWARD_DELAY = 1;
  static final int HELLO_TIME = 2;
  static final int MAX_AGE = 3;
  static final int AGEING_TIME = 4;
  static final int STP_STATE = 5;
  static final int PRIORITY = 6;
  static final int VLAN_FILTERING = 7;
  static final int VLAN_PROTOCOL = 8;
  static final int MCAST_SNOOPING = 23;
  static final int VLAN_DEFAULT_PVID = 39;

  @Override
  public String kind() {
    return "bridge";
  }

  @Override
  public Class<BridgeInfo> type() {
    return BridgeInfo.class;
  }

  @Override
  public void encode(MessageWriter w, BridgeInfo b) {
    if (b.stpState() != null) {
      w.attrU32(STP_STATE, b.stpState());
    }
    if (b.forwardDelay() != null) {
      w.attrU32(FORWARD_DELAY, b.forwardDelay());
    }
    if (b.helloTime() != null) {
      w.attrU32(HELLO_TIME, b.helloTime());
    }
    if (b.maxAge() != null) {
      w.attrU32(MAX_AGE, b.maxAge());
    }
    if (b.ageingTime() != null) {
      w.attrU32(AGEING_TIME, b.ageingTime());
    }
    if (b.priority() != null) {
      w.attrU16(PRIORITY, b.priority());
    }
    if (b.vlanFiltering() != null) {
      w.attrU8(VLAN_FILTERING, b.vlanFiltering() ? 1 : 0);
    }
    if (b.vlanProtocol() != null) {
      w.attrU16Be(VLAN_PROTOCOL, b.vlanProtocol());
    }
    if (b.vlanDefaultPvid() != null) {
      w.attrU16(VLAN_DEFAULT_PVID, b.vlanDefaultPvid());
    }
    if (b.multicastSnooping() != null) {
      w.attrU8(MCAST_SNOOPING, b.multicastSnooping() ? 1 : 0);
    }
  }

  @Override
  public BridgeInfo decode(AttrTable a) {
    return new BridgeInfo(
        a.u32(STP_STATE),
        a.u32(FORWARD_DELAY),
        a.u32(HELLO_TIME),
        a.u32(MAX_AGE),
        a.u32(AGEING_TIME),
        a.u16(PRIORITY),
        bool(a.u8(VLAN_FILTERING)),
        a.u16Be(VLAN_PROTOCOL),
        a.u16(VLAN_DEFAULT_PVID),
        bool(a.u8(MCAST_SNOOPING)));
  }

  static Boolean bool(Integer v) {
    return v == null ? null : v != 0;
  }
}
