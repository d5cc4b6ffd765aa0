package io.vtopo.netlink.wire;

import java.nio.ByteBuffer;

/** Reading netlink headers and NLMSG_ERROR / NLMSG_DONE payloads with bounds checks. */
public final class Replies {
  private Replies() {}

  /** Length of the message at {@code p}, validated against the buffer. */
  public static int length(ByteBuffer b, int p) {
    if (b.limit() - p < Nl.HDRLEN) {
      throw new MalformedMessageException("truncated netlink header at offset " + p);
    }
    int len = b.getInt(p);
    if (len < Nl.HDRLEN || len > b.limit() - p) {
      throw new MalformedMessageException(
          "netlink message at offset "
              + p
              + " claims "
              + len
              + " bytes, "
              + (b.limit() - p)
              + " left");
    }
    return len;
  }

  /** nlmsg_type. */
  public static int type(ByteBuffer b, int p) {
    return b.getShort(p + 4) & 0xffff;
  }

  /** nlmsg_flags. */
  public static int flags(ByteBuffer b, int p) {
    return b.getShort(p + 6) & 0xffff;
  }

  /** nlmsg_seq. */
  public static int seq(ByteBuffer b, int p) {
    return b.getInt(p + 8);
  }

  /** nlmsg_pid. */
  public static int pid(ByteBuffer b, int p) {
    return b.getInt(p + 12);
  }

  /**
   * The (positive) errno of an NLMSG_ERROR or NLMSG_DONE message; 0 for a plain ACK or end of dump.
   */
  public static int errno(ByteBuffer b, int p, int len) {
    if (len < Nl.HDRLEN + 4) {
      if (type(b, p) == Nl.NLMSG_DONE) {
        return 0;
      }
      throw new MalformedMessageException("NLMSG_ERROR of " + len + " bytes");
    }
    return -b.getInt(p + Nl.HDRLEN);
  }

  /** The NLMSGERR_ATTR_MSG text of an NLMSG_ERROR or NLMSG_DONE, or null. */
  public static String extAck(ByteBuffer b, int p, int len) {
    int flags = flags(b, p);
    if ((flags & Nl.NLM_F_ACK_TLVS) == 0) {
      return null;
    }
    int tlv;
    if (type(b, p) == Nl.NLMSG_DONE) {
      tlv = p + Nl.HDRLEN + 4;
    } else {
      int inner = p + Nl.HDRLEN + 4;
      if (inner + Nl.HDRLEN > p + len) {
        return null;
      }
      int innerLen = (flags & Nl.NLM_F_CAPPED) != 0 ? Nl.HDRLEN : Nl.align(b.getInt(inner));
      tlv = inner + innerLen;
    }
    if (tlv < p || tlv > p + len) {
      return null;
    }
    return AttrTable.parse(b, tlv, p + len).string(Nl.NLMSGERR_ATTR_MSG);
  }
}
