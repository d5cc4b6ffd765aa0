package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.BridgeVlan;
import io.vtopo.netlink.model.PortVlans;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.Decoding;
import io.vtopo.netlink.wire.MalformedMessageException;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Bridge port VLANs through AF_BRIDGE link messages, as iproute2's {@code bridge vlan} sends them:
 * RTM_SETLINK (add) or RTM_DELLINK (del) with family AF_BRIDGE, the port's index, and IFLA_AF_SPEC
 * holding one IFLA_BRIDGE_VLAN_INFO ({@code struct bridge_vlan_info {u16 flags; u16 vid;}}) per
 * VLAN, or two for a range (RANGE_BEGIN, RANGE_END). Read back with an AF_BRIDGE RTM_GETLINK dump
 * filtered by RTEXT_FILTER_BRVLAN.
 */
public final class BridgeVlanCodec {
  private static final int MAX_ENTRIES = 4096;

  private BridgeVlanCodec() {}

  /**
   * {@code bridge vlan add|del dev PORT vid V[-E] [pvid] [untagged]}: one request for every entry
   * of {@code vlans} (the kernel handles each IFLA_BRIDGE_VLAN_INFO of the nest in order).
   */
  public static void set(MessageWriter w, int seq, int port, List<BridgeVlan> vlans, boolean add) {
    w.begin(add ? Nl.RTM_SETLINK : Nl.RTM_DELLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, seq);
    LinkCodec.ifinfomsg(w, Nl.AF_BRIDGE, port, 0, 0);
    int spec = w.nestStart(Nl.IFLA_AF_SPEC);
    for (BridgeVlan v : vlans) {
      int flags =
          (v.pvid() ? Nl.BRIDGE_VLAN_INFO_PVID : 0)
              | (v.untagged() ? Nl.BRIDGE_VLAN_INFO_UNTAGGED : 0);
      if (v.vid() == v.vidEnd()) {
        info(w, flags, v.vid());
      } else {
        info(w, flags | Nl.BRIDGE_VLAN_INFO_RANGE_BEGIN, v.vid());
        info(w, flags | Nl.BRIDGE_VLAN_INFO_RANGE_END, v.vidEnd());
      }
    }
    w.nestEnd(spec);
    w.end();
  }

  private static void info(MessageWriter w, int flags, int vid) {
    int a = w.nestStart(Nl.IFLA_BRIDGE_VLAN_INFO);
    w.u16(flags).u16(vid);
    w.nestEnd(a);
  }

  /** {@code bridge vlan show}: the AF_BRIDGE link dump with the per-VLAN filter. */
  public static void dump(MessageWriter w, int seq) {
    w.begin(Nl.RTM_GETLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP, seq);
    LinkCodec.ifinfomsg(w, Nl.AF_BRIDGE, 0, 0, 0);
    w.attrU32(Nl.IFLA_EXT_MASK, Nl.RTEXT_FILTER_BRVLAN);
    w.end();
  }

  /**
   * Decodes one AF_BRIDGE RTM_NEWLINK of the dump: the port and its VLANs (ranges reported
   * compressed are kept as ranges). The bridge device itself comes as a message of its own, which
   * the caller tells apart by index.
   *
   * @throws MalformedMessageException on any inconsistency
   */
  public static PortVlans decode(ByteBuffer b, int start, int len) {
    return Decoding.guard("bridge vlan message", () -> decode0(b, start, len));
  }

  private static PortVlans decode0(ByteBuffer b, int start, int len) {
    if (len < Nl.HDRLEN + LinkCodec.IFINFOMSG_LEN || start + len > b.limit()) {
      throw new MalformedMessageException("bridge vlan message of " + len + " bytes is too short");
    }
    ByteBuffer n =
        b.order() == ByteOrder.nativeOrder() ? b : b.duplicate().order(ByteOrder.nativeOrder());
    int p = start + Nl.HDRLEN;
    int index = n.getInt(p + 4);
    AttrTable a = AttrTable.parse(n, p + LinkCodec.IFINFOMSG_LEN, start + len);
    String name = a.string(Nl.IFLA_IFNAME);
    List<BridgeVlan> vlans = new ArrayList<>();
    if (a.has(Nl.IFLA_AF_SPEC)) {
      int q = a.offset(Nl.IFLA_AF_SPEC);
      int end = q + a.length(Nl.IFLA_AF_SPEC);
      int rangeStart = -1;
      while (end - q >= 4) {
        int l = n.getShort(q) & 0xffff;
        int type = n.getShort(q + 2) & MessageWriter.NLA_TYPE_MASK;
        if (l < 4 || l > end - q) {
          throw new MalformedMessageException(
              "IFLA_AF_SPEC entry of length " + l + " with " + (end - q) + " left");
        }
        if (type == Nl.IFLA_BRIDGE_VLAN_INFO) {
          if (l < 8) {
            throw new MalformedMessageException("IFLA_BRIDGE_VLAN_INFO of " + (l - 4) + " bytes");
          }
          int flags = n.getShort(q + 4) & 0xffff;
          int vid = n.getShort(q + 6) & 0xffff;
          if (vid < 1 || vid > 4094) {
            throw new MalformedMessageException("VLAN id " + vid + " outside 1..4094");
          }
          if (vlans.size() == MAX_ENTRIES) {
            throw new MalformedMessageException("more than " + MAX_ENTRIES + " VLAN entries");
          }
          boolean pvid = (flags & Nl.BRIDGE_VLAN_INFO_PVID) != 0;
          boolean untagged = (flags & Nl.BRIDGE_VLAN_INFO_UNTAGGED) != 0;
          if ((flags & Nl.BRIDGE_VLAN_INFO_RANGE_BEGIN) != 0) {
            rangeStart = vid;
          } else if ((flags & Nl.BRIDGE_VLAN_INFO_RANGE_END) != 0) {
            if (rangeStart < 0 || rangeStart > vid) {
              throw new MalformedMessageException(
                  "VLAN range end " + vid + " without a matching begin");
            }
            vlans.add(new BridgeVlan(rangeStart, vid, false, untagged));
            rangeStart = -1;
          } else {
            vlans.add(BridgeVlan.of(vid, pvid, untagged));
          }
        }
        q += Nl.align(l);
      }
    }
    return new PortVlans(index, name, a.u32(Nl.IFLA_MASTER, 0), vlans);
  }
}
