package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.VxlanInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MalformedMessageException;
import io.vtopo.netlink.wire.MessageWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IFLA_VXLAN_* of kind {@code vxlan}; the UDP port is big-endian on the wire. */
public final class VxlanCodec implements LinkKindCodec<VxlanInfo> {
  static final int ID = 1;
  static final int GROUP = 2;
  static final int LINK = 3;
  static final int LOCAL = 4;
  static final int TTL = 5;
  static final int LEARNING = 7;
  static final int PORT = 15;
  static final int GROUP6 = 16;
  static final int LOCAL6 = 17;

  @Override
  public String kind() {
    return "vxlan";
  }

  @Override
  public Class<VxlanInfo> type() {
    return VxlanInfo.class;
  }

  @Override
  public void encode(MessageWriter w, VxlanInfo v) {
    if (v.device() != null) {
      w.attrU32(LINK, v.device());
    }
    w.attrU32(ID, v.id());
    if (v.local() != null) {
      w.attrBytes(v.local() instanceof Inet6Address ? LOCAL6 : LOCAL, v.local().getAddress());
    }
    if (v.remote() != null) {
      w.attrBytes(v.remote() instanceof Inet6Address ? GROUP6 : GROUP, v.remote().getAddress());
    }
    if (v.ttl() != null) {
      w.attrU8(TTL, v.ttl());
    }
    if (v.learning() != null) {
      w.attrU8(LEARNING, v.learning() ? 1 : 0);
    }
    if (v.port() != null) {
      w.attrU16Be(PORT, v.port());
    }
  }

  @Override
  public VxlanInfo decode(AttrTable a) {
    InetAddress local = addr(a, LOCAL6, 16);
    if (local == null) {
      local = addr(a, LOCAL, 4);
    }
    InetAddress remote = addr(a, GROUP6, 16);
    if (remote == null) {
      remote = addr(a, GROUP, 4);
    }
    Integer link = a.u32(LINK);
    return new VxlanInfo(
        a.u32(ID, 0),
        local,
        remote,
        link == null || link == 0 ? null : link,
        a.u8(TTL),
        BridgeCodec.bool(a.u8(LEARNING)),
        a.u16Be(PORT));
  }

  static InetAddress addr(AttrTable a, int type, int size) {
    byte[] b = a.bytes(type);
    if (b == null) {
      return null;
    }
    if (b.length != size) {
      throw new MalformedMessageException(
          "address attribute " + type + " has " + b.length + " bytes");
    }
    try {
      InetAddress ia = InetAddress.getByAddress(b);
      return ia.isAnyLocalAddress() ? null : ia;
    } catch (UnknownHostException e) {
      throw new MalformedMessageException("bad address attribute " + type, e);
    }
  }
}
