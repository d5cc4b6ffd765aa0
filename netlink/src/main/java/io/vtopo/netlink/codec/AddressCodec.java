package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.Decoding;
import io.vtopo.netlink.wire.MalformedMessageException;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR: ifaddrmsg plus IFA_* attributes. */
public final class AddressCodec {
  /** Size of struct ifaddrmsg. */
  public static final int IFADDRMSG_LEN = 8;

  private AddressCodec() {}

  /**
   * RTM_NEWADDR ({@code ip addr add}) or RTM_DELADDR ({@code ip addr del}); IFA_LOCAL before
   * IFA_ADDRESS.
   */
  public static void encode(MessageWriter w, int seq, Address a, boolean add) {
    int flags = Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | (add ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0);
    w.begin(add ? Nl.RTM_NEWADDR : Nl.RTM_DELADDR, flags, seq);
    w.u8(a.family()).u8(a.prefixLength()).u8(a.flags() & 0xff).u8(a.scope()).u32(a.index());
    w.attrBytes(Nl.IFA_LOCAL, a.address().getAddress());
    w.attrBytes(Nl.IFA_ADDRESS, (a.peer() != null ? a.peer() : a.address()).getAddress());
    if (a.label() != null) {
      w.attrString(Nl.IFA_LABEL, a.label());
    }
    w.end();
  }

  /** RTM_GETADDR dump of every family. */
  public static void dump(MessageWriter w, int seq) {
    w.begin(Nl.RTM_GETADDR, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP, seq);
    w.u8(Nl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
    w.end();
  }

  /** Decodes one address message. */
  public static Address decode(ByteBuffer b, int start, int len) {
    return Decoding.guard("address message", () -> decode0(b, start, len));
  }

  private static Address decode0(ByteBuffer b, int start, int len) {
    if (len < Nl.HDRLEN + IFADDRMSG_LEN || start + len > b.limit()) {
      throw new MalformedMessageException("address message of " + len + " bytes is too short");
    }
    int p = start + Nl.HDRLEN;
    int family = b.get(p) & 0xff;
    int prefix = b.get(p + 1) & 0xff;
    int flags = b.get(p + 2) & 0xff;
    int scope = b.get(p + 3) & 0xff;
    int index = b.getInt(p + 4);
    int size = family == Nl.AF_INET6 ? 16 : family == Nl.AF_INET ? 4 : -1;
    if (size < 0) {
      throw new MalformedMessageException("address family " + family + " is not IPv4 or IPv6");
    }
    AttrTable a = AttrTable.parse(b, p + IFADDRMSG_LEN, start + len);
    InetAddress local = ip(a, Nl.IFA_LOCAL, size);
    InetAddress address = ip(a, Nl.IFA_ADDRESS, size);
    if (local == null && address == null) {
      throw new MalformedMessageException("address message without IFA_LOCAL or IFA_ADDRESS");
    }
    InetAddress mine = local != null ? local : address;
    InetAddress peer = local != null && address != null && !address.equals(local) ? address : null;
    return new Address(
        index, mine, prefix, peer, scope, a.u32(Nl.IFA_FLAGS, flags), a.string(Nl.IFA_LABEL));
  }

  static InetAddress ip(AttrTable a, int type, int size) {
    byte[] raw = a.bytes(type);
    if (raw == null) {
      return null;
    }
    if (raw.length != size) {
      throw new MalformedMessageException(
          "address attribute " + type + " has " + raw.length + " bytes");
    }
    try {
      return InetAddress.getByAddress(raw);
    } catch (java.net.UnknownHostException e) {
      throw new MalformedMessageException("bad address attribute " + type, e);
    }
  }
}
