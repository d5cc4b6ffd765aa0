package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.FloodEntry;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.Decoding;
import io.vtopo.netlink.wire.MalformedMessageException;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * VXLAN head-end replication entries as AF_BRIDGE neighbour messages, byte for byte as iproute2's
 * {@code bridge fdb append|del 00:00:00:00:00:00 dev LINK dst IP} sends them: {@code struct ndmsg}
 * (family AF_BRIDGE, the link's index, state NUD_NOARP|NUD_PERMANENT, flags NTF_SELF), then
 * NDA_LLADDR (six zero bytes) and NDA_DST. Read back with one AF_BRIDGE RTM_GETNEIGH dump ({@code
 * bridge fdb show}).
 */
public final class FdbCodec {
  private static final byte[] ZERO_MAC = new byte[6];

  private FdbCodec() {}

  /**
   * {@code bridge fdb append 00:00:00:00:00:00 dev #INDEX dst DST} ({@code add}: RTM_NEWNEIGH with
   * CREATE|APPEND, since several all-zeros entries share one MAC) or {@code bridge fdb del ...}.
   */
  public static void flood(MessageWriter w, int seq, int index, InetAddress dst, boolean add) {
    w.begin(
        add ? Nl.RTM_NEWNEIGH : Nl.RTM_DELNEIGH,
        Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | (add ? Nl.NLM_F_CREATE | Nl.NLM_F_APPEND : 0),
        seq);
    ndmsg(w, index, Nl.NUD_NOARP | Nl.NUD_PERMANENT, Nl.NTF_SELF);
    w.attrBytes(Nl.NDA_LLADDR, ZERO_MAC);
    w.attrBytes(Nl.NDA_DST, dst.getAddress());
    w.end();
  }

  /** {@code bridge fdb show}: every AF_BRIDGE neighbour entry of the namespace. */
  public static void dump(MessageWriter w, int seq) {
    w.begin(Nl.RTM_GETNEIGH, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP, seq);
    ndmsg(w, 0, 0, 0);
    w.end();
  }

  private static void ndmsg(MessageWriter w, int index, int state, int flags) {
    w.u8(Nl.AF_BRIDGE).u8(0).u16(0).u32(index).u16(state).u8(flags).u8(0);
  }

  /**
   * The head-end replication entry in one RTM_NEWNEIGH of the dump, or null when the message is
   * another kind of entry (a learnt or static MAC, an entry without a remote destination).
   *
   * @throws MalformedMessageException on any inconsistency
   */
  public static FloodEntry decode(ByteBuffer b, int start, int len) {
    return Decoding.guard("fdb message", () -> decode0(b, start, len));
  }

  private static FloodEntry decode0(ByteBuffer b, int start, int len) {
    if (len < Nl.HDRLEN + Nl.NDMSG_LEN || start + len > b.limit()) {
      throw new MalformedMessageException("fdb message of " + len + " bytes is too short");
    }
    ByteBuffer n =
        b.order() == ByteOrder.nativeOrder() ? b : b.duplicate().order(ByteOrder.nativeOrder());
    int p = start + Nl.HDRLEN;
    if ((n.get(p) & 0xff) != Nl.AF_BRIDGE) {
      return null;
    }
    int index = n.getInt(p + 4);
    AttrTable a = AttrTable.parse(n, p + Nl.NDMSG_LEN, start + len);
    if (!a.has(Nl.NDA_LLADDR) || !a.has(Nl.NDA_DST) || a.length(Nl.NDA_LLADDR) != 6) {
      return null;
    }
    int mac = a.offset(Nl.NDA_LLADDR);
    for (int i = 0; i < 6; i++) {
      if (n.get(mac + i) != 0) {
        return null;
      }
    }
    int dl = a.length(Nl.NDA_DST);
    if (dl != 4 && dl != 16) {
      throw new MalformedMessageException("NDA_DST of " + dl + " bytes");
    }
    byte[] dst = new byte[dl];
    n.get(a.offset(Nl.NDA_DST), dst);
    try {
      return new FloodEntry(index, InetAddress.getByAddress(dst));
    } catch (UnknownHostException e) {
      throw new MalformedMessageException("NDA_DST: " + e.getMessage());
    }
  }
}
