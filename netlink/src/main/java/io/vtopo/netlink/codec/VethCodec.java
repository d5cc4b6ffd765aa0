package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.VethInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;

/** Kind {@code veth}: VETH_INFO_PEER carries a whole ifinfomsg plus the peer's own attributes. */
public final class VethCodec implements LinkKindCodec<VethInfo> {
  static final int VETH_INFO_PEER = 1;

  @Override
  public String kind() {
    return "veth";
  }

  @Override
  public Class<VethInfo> type() {
    return VethInfo.class;
  }

  @Override
  public void encode(MessageWriter w, VethInfo v) {
    if (v.peerName() == null && v.peerNamespace() == null && v.peer() == null) {
      return;
    }
    int peer = w.nestStart(VETH_INFO_PEER);
    LinkCodec.ifinfomsg(w, Nl.AF_UNSPEC, 0, 0, 0);
    // iproute2 parses "peer ..." with the same parser as the link itself: settings first, then the
    // name.
    if (v.peer() != null) {
      LinkCodec.settings(w, v.peer().withNamespace(null));
    }
    if (v.peerNamespace() != null) {
      w.attrU32(Nl.IFLA_NET_NS_FD, v.peerNamespace().fd());
    }
    if (v.peerName() != null) {
      w.attrString(Nl.IFLA_IFNAME, v.peerName());
    }
    w.nestEnd(peer);
  }

  @Override
  public VethInfo decode(AttrTable a) {
    return new VethInfo(null, null);
  }
}
