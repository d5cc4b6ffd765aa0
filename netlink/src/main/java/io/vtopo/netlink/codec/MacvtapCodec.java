package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.MacvlanMode;
import io.vtopo.netlink.model.MacvtapInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/** Kind {@code macvtap}: same attributes as macvlan (IFLA_MACVLAN_MODE). */
public final class MacvtapCodec implements LinkKindCodec<MacvtapInfo> {
  @Override
  public String kind() {
    return "macvtap";
  }

  @Override
  public Class<MacvtapInfo> type() {
    return MacvtapInfo.class;
  }

  @Override
  public void encode(MessageWriter w, MacvtapInfo m) {
    if (m.mode() != null) {
      w.attrU32(MacvlanCodec.MODE, m.mode().value());
    }
  }

  @Override
  public MacvtapInfo decode(AttrTable a) {
    return new MacvtapInfo(MacvlanMode.of(a.u32(MacvlanCodec.MODE)));
  }
}
