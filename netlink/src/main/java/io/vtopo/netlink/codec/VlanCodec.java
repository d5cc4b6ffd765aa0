package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.VlanInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/** IFLA_VLAN_* of kind {@code vlan}; the protocol is a big-endian ethertype. */
public final class VlanCodec implements LinkKindCodec<VlanInfo> {
  static final int ID = 1;
  static final int PROTOCOL = 5;

  @Override
  public String kind() {
    return "vlan";
  }

  @Override
  public Class<VlanInfo> type() {
    return VlanInfo.class;
  }

  @Override
  public void encode(MessageWriter w, VlanInfo v) {
    if (v.protocol() != null) {
      w.attrU16Be(PROTOCOL, v.protocol());
    }
    w.attrU16(ID, v.id());
  }

  @Override
  public VlanInfo decode(AttrTable a) {
    Integer id = a.u16(ID);
    return new VlanInfo(id == null ? 0 : id, a.u16Be(PROTOCOL));
  }
}
