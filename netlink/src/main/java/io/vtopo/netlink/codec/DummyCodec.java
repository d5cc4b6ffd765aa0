package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.DummyInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/** Kind {@code dummy}, which has no IFLA_INFO_DATA. */
public final class DummyCodec implements LinkKindCodec<DummyInfo> {
  @Override
  public String kind() {
    return "dummy";
  }

  @Override
  public Class<DummyInfo> type() {
    return DummyInfo.class;
  }

  @Override
  public void encode(MessageWriter w, DummyInfo d) {
    // no attributes
  }

  @Override
  public DummyInfo decode(AttrTable a) {
    return new DummyInfo();
  }
}
