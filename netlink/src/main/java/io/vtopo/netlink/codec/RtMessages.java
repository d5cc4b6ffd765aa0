package io.vtopo.netlink.codec;

import io.vtopo.netlink.wire.Decoding;
import io.vtopo.netlink.wire.Nl;
import io.vtopo.netlink.wire.Replies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Decodes every message of a datagram into links, addresses and routes; other message types are skipped. */
public final class RtMessages {
  private RtMessages() {}

  /**
   * Decodes a whole datagram.
   *
   * @return the decoded {@code Link}, {@code Address} and {@code Route} records in order
   * @throws io.vtopo.netlink.wire.MalformedMessageException if anything in it is malformed
   */
  public static List<Object> decode(ByteBuffer b) {
    return Decoding.guard("datagram", () -> {
      List<Object> out = new ArrayList<>();
      int p = b.position();
      while (p < b.limit()) {
        int len = Replies.length(b, p);
        int type = Replies.type(b, p);
        switch (type) {
          case Nl.RTM_NEWLINK:
          case Nl.RTM_DELLINK:
            out.add(LinkCodec.decode(b, p, len));
            break;
          case Nl.RTM_NEWADDR:
          case Nl.RTM_DELADDR:
            out.add(AddressCodec.decode(b, p, len));
            break;
          case Nl.RTM_NEWROUTE:
          case Nl.RTM_DELROUTE:
            // Only IPv4/IPv6 routes are modelled; multicast and bridge tables are skipped.
            int family = len > Nl.HDRLEN ? b.get(p + Nl.HDRLEN) & 0xff : 0;
            if (family == Nl.AF_INET || family == Nl.AF_INET6) {
              out.add(RouteCodec.decode(b, p, len));
            }
            break;
          case Nl.NLMSG_ERROR:
            Replies.errno(b, p, len);
            Replies.extAck(b, p, len);
            break;
          default:
            break;
        }
        p += Nl.align(len);
      }
      return out;
    });
  }
}
