package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.GenericInfo;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.LinkInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.MacAddress;
import io.vtopo.netlink.model.OperState;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.Decoding;
import io.vtopo.netlink.wire.MalformedMessageException;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import java.nio.ByteBuffer;

/** RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK: ifinfomsg plus IFLA_* attributes. */
public final class LinkCodec {
  /** Size of struct ifinfomsg. */
  public static final int IFINFOMSG_LEN = 16;

  private LinkCodec() {}

  /** Writes a struct ifinfomsg. */
  public static void ifinfomsg(MessageWriter w, int family, int index, int flags, int change) {
    w.u8(family).u8(0).u16(0).u32(index).u32(flags).u32(change);
  }

  /**
   * RTM_NEWLINK creating ({@code ip link add}) or changing ({@code ip link set}) a link. Attribute
   * order follows iproute2, which writes the settings in command-line order and the lower link, the
   * name and the kind last: {@code ip link add address A mtu M master B alias X group G netns NS
   * link P name N type ...} becomes IFLA_ADDRESS, IFLA_MTU, IFLA_MASTER, IFLA_IFALIAS, IFLA_GROUP,
   * IFLA_NET_NS_FD, IFLA_LINK, IFLA_IFNAME, IFLA_LINKINFO. A change of an existing link addresses
   * it by index in the header, as {@code ip link set dev NAME} does; the name is sent only when the
   * index is unknown (0) or on create.
   */
  public static void newLink(MessageWriter w, int seq, LinkSpec s, boolean create) {
    int flags = Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | (create ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0);
    w.begin(Nl.RTM_NEWLINK, flags, seq);
    int ifFlags = s.up() != null && s.up() ? Nl.IFF_UP : 0;
    int change = s.up() != null ? Nl.IFF_UP : 0;
    ifinfomsg(w, Nl.AF_UNSPEC, s.index(), ifFlags, change);
    settings(w, s);
    if (s.parent() != null) {
      w.attrU32(Nl.IFLA_LINK, s.parent());
    }
    if (s.name() != null) {
      w.attrString(Nl.IFLA_IFNAME, s.name());
    }
    if (s.info() != null) {
      LinkKindCodecs.encode(w, s.info());
    }
    w.end();
  }

  /** The settings of a link in iproute2's order; also written into a veth peer's own ifinfomsg. */
  static void settings(MessageWriter w, LinkSpec s) {
    if (s.mac() != null) {
      w.attrBytes(Nl.IFLA_ADDRESS, s.mac().toBytes());
    }
    if (s.mtu() != null) {
      w.attrU32(Nl.IFLA_MTU, s.mtu());
    }
    if (s.master() != null) {
      w.attrU32(Nl.IFLA_MASTER, s.master());
    }
    if (s.alias() != null) {
      w.attrStringNoNul(Nl.IFLA_IFALIAS, s.alias());
    }
    if (s.group() != null) {
      w.attrU32(Nl.IFLA_GROUP, s.group());
    }
    if (s.namespace() != null) {
      w.attrU32(Nl.IFLA_NET_NS_FD, s.namespace().fd());
    }
  }

  /** RTM_DELLINK by index, or by name when {@code index} is 0 ({@code ip link del dev NAME}). */
  public static void delLink(MessageWriter w, int seq, int index, String name) {
    w.begin(Nl.RTM_DELLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, seq);
    ifinfomsg(w, Nl.AF_UNSPEC, index, 0, 0);
    if (index == 0) {
      w.attrString(Nl.IFLA_IFNAME, name);
    }
    w.end();
  }

  /**
   * RTM_DELLINK of every link in a group ({@code ip link del group N}): one request, one kernel
   * batch.
   */
  public static void delGroup(MessageWriter w, int seq, int group) {
    w.begin(Nl.RTM_DELLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, seq);
    ifinfomsg(w, Nl.AF_UNSPEC, 0, 0, 0);
    w.attrU32(Nl.IFLA_GROUP, group);
    w.end();
  }

  /** RTM_GETLINK dump of all links, without statistics (the kernel then sends much less). */
  public static void dump(MessageWriter w, int seq) {
    w.begin(Nl.RTM_GETLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP, seq);
    ifinfomsg(w, Nl.AF_UNSPEC, 0, 0, 0);
    w.attrU32(Nl.IFLA_EXT_MASK, Nl.RTEXT_FILTER_SKIP_STATS);
    w.end();
  }

  /** RTM_GETLINK of one link by name ({@code ip link show dev NAME}). */
  public static void get(MessageWriter w, int seq, String name) {
    w.begin(Nl.RTM_GETLINK, Nl.NLM_F_REQUEST, seq);
    ifinfomsg(w, Nl.AF_UNSPEC, 0, 0, 0);
    w.attrU32(Nl.IFLA_EXT_MASK, Nl.RTEXT_FILTER_VF | Nl.RTEXT_FILTER_SKIP_STATS);
    w.attrString(Nl.IFLA_IFNAME, name);
    w.end();
  }

  /**
   * RTM_GETLINK of one link by index, acknowledged ({@code ip link show dev NAME}, which iproute2
   * sends before each {@code ip link set} to look the name up). Inside a batch it is sent for its
   * side effect: the kernel answers a single-link query only after carrying out that link's pending
   * carrier events (linkwatch, see {@code Batch#syncLinkState}); the answer itself is skipped.
   */
  public static void getByIndex(MessageWriter w, int seq, int index) {
    w.begin(Nl.RTM_GETLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, seq);
    ifinfomsg(w, Nl.AF_UNSPEC, index, 0, 0);
    w.attrU32(Nl.IFLA_EXT_MASK, Nl.RTEXT_FILTER_SKIP_STATS);
    w.end();
  }

  /**
   * Decodes one RTM_NEWLINK/RTM_DELLINK message starting at {@code start} with total length {@code
   * len}.
   *
   * @throws MalformedMessageException on any inconsistency
   */
  public static Link decode(ByteBuffer b, int start, int len) {
    return Decoding.guard("link message", () -> decode0(b, start, len));
  }

  private static Link decode0(ByteBuffer b, int start, int len) {
    if (len < Nl.HDRLEN + IFINFOMSG_LEN || start + len > b.limit()) {
      throw new MalformedMessageException("link message of " + len + " bytes is too short");
    }
    int p = start + Nl.HDRLEN;
    int index = b.getInt(p + 4);
    int flags = b.getInt(p + 8);
    AttrTable a = AttrTable.parse(b, p + IFINFOMSG_LEN, start + len);
    String name = a.string(Nl.IFLA_IFNAME);
    if (name == null) {
      throw new MalformedMessageException("link " + index + " without IFLA_IFNAME");
    }
    AttrTable linkinfo = a.nested(Nl.IFLA_LINKINFO);
    String kind = linkinfo.string(Nl.IFLA_INFO_KIND);
    LinkInfo info =
        kind == null ? new GenericInfo("", null) : LinkKindCodecs.decode(kind, linkinfo);
    return new Link(
        index,
        name,
        info,
        flags,
        a.u32(Nl.IFLA_MTU, 0),
        a.u32(Nl.IFLA_MASTER, 0),
        a.u32(Nl.IFLA_LINK, 0),
        MacAddress.ofBytes(a.bytes(Nl.IFLA_ADDRESS)),
        OperState.of(a.u8(Nl.IFLA_OPERSTATE)),
        a.string(Nl.IFLA_IFALIAS),
        a.u32(Nl.IFLA_GROUP, 0),
        a.u32(Nl.IFLA_LINK_NETNSID),
        linkinfo.string(Nl.IFLA_INFO_SLAVE_KIND));
  }
}
