package io.vtopo.netlink.codec;

import io.vtopo.netlink.wire.Decoding;
import io.vtopo.netlink.wire.Nl;
import io.vtopo.netlink.wire.Replies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every message of a datagram into links, addresses and routes; other message types are
 * skipped. The one decoder of dumps-as-datagrams and of event streams ({@code EventSubscription}),
 * and the one the fuzzer drives.
 */
public final class RtMessages {
  private RtMessages() {}

  /**
   * One decoded message.
   *
   * @param value a {@code Link}, {@code Address} or {@code Route}
   * @param removed true for RTM_DELLINK, RTM_DELADDR and RTM_DELROUTE
   */
  public record Decoded(Object value, boolean removed) {}

  /**
   * Decodes a whole datagram.
   *
   * @return the decoded {@code Link}, {@code Address} and {@code Route} records in order
   * @throws io.vtopo.netlink.wire.MalformedMessageException if anything in it is malformed
   */
  public static List<Object> decode(ByteBuffer b) {
    return decodeAll(b).stream().map(Decoded::value).toList();
  }

  /**
   * Decodes a whole datagram, keeping whether each message announced an addition or a removal.
   *
   * @throws io.vtopo.netlink.wire.MalformedMessageException if anything in it is malformed
   */
  public static List<Decoded> decodeAll(ByteBuffer b) {
    return Decoding.guard(
        "datagram",
        () -> {
          List<Decoded> out = new ArrayList<>();
          int p = b.position();
          while (p < b.limit()) {
            int len = Replies.length(b, p);
            int type = Replies.type(b, p);
            switch (type) {
              case Nl.RTM_NEWLINK:
              case Nl.RTM_DELLINK:
                out.add(new Decoded(LinkCodec.decode(b, p, len), type == Nl.RTM_DELLINK));
                break;
              case Nl.RTM_NEWADDR:
              case Nl.RTM_DELADDR:
                out.add(new Decoded(AddressCodec.decode(b, p, len), type == Nl.RTM_DELADDR));
                break;
              case Nl.RTM_NEWROUTE:
              case Nl.RTM_DELROUTE:
                // Only IPv4/IPv6 routes are modelled; multicast and bridge tables are skipped.
                int family = len > Nl.HDRLEN ? b.get(p + Nl.HDRLEN) & 0xff : 0;
                if (family == Nl.AF_INET || family == Nl.AF_INET6) {
                  out.add(new Decoded(RouteCodec.decode(b, p, len), type == Nl.RTM_DELROUTE));
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
