package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.Decoding;
import io.vtopo.netlink.wire.MalformedMessageException;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE: rtmsg plus RTA_* attributes. */
public final class RouteCodec {
  /** Size of struct rtmsg. */
  public static final int RTMSG_LEN = 12;

  private RouteCodec() {}

  /**
   * RTM_NEWROUTE as {@code ip route add} sends it: RTA_DST, RTA_GATEWAY, RTA_OIF, RTA_PRIORITY,
   * RTA_TABLE.
   */
  public static void add(MessageWriter w, int seq, Route r) {
    w.begin(
        Nl.RTM_NEWROUTE, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, seq);
    rtmsg(w, r, r.protocol(), r.scope(), r.type());
    attrs(w, r);
    w.end();
  }

  /**
   * RTM_DELROUTE as {@code ip route del} sends it: protocol unspec, scope nowhere and type unspec,
   * so the kernel matches any route with these keys.
   */
  public static void delete(MessageWriter w, int seq, Route r) {
    w.begin(Nl.RTM_DELROUTE, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, seq);
    rtmsg(w, r, Nl.RTPROT_UNSPEC, Nl.RT_SCOPE_NOWHERE, Nl.RTN_UNSPEC);
    attrs(w, r);
    w.end();
  }

  private static void rtmsg(MessageWriter w, Route r, int protocol, int scope, int type) {
    int table = r.table() < 256 ? r.table() : Nl.RT_TABLE_UNSPEC;
    w.u8(r.family())
        .u8(r.prefixLength())
        .u8(0)
        .u8(0)
        .u8(table)
        .u8(protocol)
        .u8(scope)
        .u8(type)
        .u32(0);
  }

  private static void attrs(MessageWriter w, Route r) {
    if (r.destination() != null) {
      w.attrBytes(Nl.RTA_DST, r.destination().getAddress());
    }
    if (r.gateway() != null) {
      w.attrBytes(Nl.RTA_GATEWAY, r.gateway().getAddress());
    }
    if (r.oif() != 0) {
      w.attrU32(Nl.RTA_OIF, r.oif());
    }
    if (r.metric() != null) {
      w.attrU32(Nl.RTA_PRIORITY, r.metric());
    }
    if (r.table() >= 256) {
      w.attrU32(Nl.RTA_TABLE, r.table());
    }
  }

  /** RTM_GETROUTE dump of every family and table. */
  public static void dump(MessageWriter w, int seq) {
    w.begin(Nl.RTM_GETROUTE, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP, seq);
    w.u8(Nl.AF_UNSPEC).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
    w.end();
  }

  /** Decodes one route message. */
  public static Route decode(ByteBuffer b, int start, int len) {
    return Decoding.guard("route message", () -> decode0(b, start, len));
  }

  private static Route decode0(ByteBuffer b, int start, int len) {
    if (len < Nl.HDRLEN + RTMSG_LEN || start + len > b.limit()) {
      throw new MalformedMessageException("route message of " + len + " bytes is too short");
    }
    int p = start + Nl.HDRLEN;
    int family = b.get(p) & 0xff;
    int dstLen = b.get(p + 1) & 0xff;
    int size = family == Nl.AF_INET6 ? 16 : family == Nl.AF_INET ? 4 : -1;
    if (size < 0) {
      throw new MalformedMessageException("route family " + family + " is not IPv4 or IPv6");
    }
    AttrTable a = AttrTable.parse(b, p + RTMSG_LEN, start + len);
    InetAddress dst = AddressCodec.ip(a, Nl.RTA_DST, size);
    InetAddress gw = AddressCodec.ip(a, Nl.RTA_GATEWAY, size);
    int table = a.u32(Nl.RTA_TABLE, b.get(p + 4) & 0xff);
    return new Route(
        family,
        dst,
        dstLen,
        gw,
        a.u32(Nl.RTA_OIF, 0),
        table,
        b.get(p + 5) & 0xff,
        b.get(p + 6) & 0xff,
        b.get(p + 7) & 0xff,
        a.u32(Nl.RTA_PRIORITY));
  }
}
