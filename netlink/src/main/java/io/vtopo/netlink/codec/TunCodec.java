package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.TunInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/**
 * IFLA_TUN_* of kind {@code tun}, decode only: the kernel creates tun/tap devices through ioctls.
 */
public final class TunCodec implements LinkKindCodec<TunInfo> {
  static final int OWNER = 1;
  static final int GROUP = 2;
  static final int TYPE = 3;
  static final int VNET_HDR = 5;
  static final int PERSIST = 6;
  static final int MULTI_QUEUE = 7;
  static final int IFF_TAP = 2;

  @Override
  public String kind() {
    return "tun";
  }

  @Override
  public Class<TunInfo> type() {
    return TunInfo.class;
  }

  @Override
  public void encode(MessageWriter w, TunInfo t) {
    // Nothing: rtnetlink cannot create or configure tun devices; TunTap does it with ioctls.
  }

  @Override
  public TunInfo decode(AttrTable a) {
    Integer type = a.u8(TYPE);
    Integer owner = a.u32(OWNER);
    Integer group = a.u32(GROUP);
    // The kernel reports "no owner" as (uid_t) -1.
    return new TunInfo(
        type != null && type == IFF_TAP,
        owner == null || owner == -1 ? null : owner,
        group == null || group == -1 ? null : group,
        BridgeCodec.bool(a.u8(MULTI_QUEUE)),
        BridgeCodec.bool(a.u8(VNET_HDR)),
        BridgeCodec.bool(a.u8(PERSIST)));
  }
}
