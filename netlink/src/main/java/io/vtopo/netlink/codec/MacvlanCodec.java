package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.MacvlanInfo;
import io.vtopo.netlink.model.MacvlanMode;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/** IFLA_MACVLAN_MODE of kind {@code macvlan}. */
public final class MacvlanCodec implements LinkKindCodec<MacvlanInfo> {
  static final int MODE = 1;

  @Override
  public String kind() {
    return "macvlan";
  }

  @Override
  public Class<MacvlanInfo> type() {
    return MacvlanInfo.class;
  }

  @Override
  public void encode(MessageWriter w, MacvlanInfo m) {
    if (m.mode() != null) {
      w.attrU32(MODE, m.mode().value());
    }
  }

  @Override
  public MacvlanInfo decode(AttrTable a) {
    return new MacvlanInfo(MacvlanMode.of(a.u32(MODE)));
  }
}
