package io.vtopo.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The attributes of one region of a message, indexed by type.
 *
 * <p>Parsing validates every attribute header against the region, so later reads only need to check
 * the attribute's own length. Types above {@link #MAX_TYPE} are skipped; for a repeated type the
 * last one wins, as in the kernel's {@code nla_parse}. Allocation is fixed per table, whatever the
 * input claims.
 */
public final class AttrTable {
  /** Highest attribute type kept. */
  public static final int MAX_TYPE = 63;

  private final ByteBuffer buf;
  // Payload offset + 1, so the zero-initialised array means "absent" without a fill per table.
  private final int[] off = new int[MAX_TYPE + 1];
  private final int[] len = new int[MAX_TYPE + 1];

  private AttrTable(ByteBuffer buf) {
    this.buf = buf;
  }

  /** An empty table (an absent nest). */
  public static AttrTable empty() {
    return new AttrTable(ByteBuffer.allocate(0));
  }

  /**
   * Parses attributes from {@code start} to {@code end} of {@code buf}.
   *
   * @throws MalformedMessageException when an attribute header is short or runs past {@code end}
   */
  public static AttrTable parse(ByteBuffer buf, int start, int end) {
    if (start < 0 || end > buf.limit() || start > end) {
      throw new MalformedMessageException(
          "attribute region " + start + ".." + end + " outside buffer of " + buf.limit());
    }
    AttrTable t =
        new AttrTable(
            buf.order() == ByteOrder.nativeOrder()
                ? buf
                : buf.duplicate().order(ByteOrder.nativeOrder()));
    int p = start;
    while (end - p >= 4) {
      int l = t.buf.getShort(p) & 0xffff;
      int type = t.buf.getShort(p + 2) & MessageWriter.NLA_TYPE_MASK;
      if (l < 4 || l > end - p) {
        throw new MalformedMessageException(
            "attribute type "
                + type
                + " at offset "
                + p
                + " has length "
                + l
                + " with "
                + (end - p)
                + " bytes left");
      }
      if (type <= MAX_TYPE) {
        t.off[type] = p + 5;
        t.len[type] = l - 4;
      }
      p += Nl.align(l);
    }
    return t;
  }

  /** Whether the attribute is present. */
  public boolean has(int type) {
    return type >= 0 && type <= MAX_TYPE && off[type] > 0;
  }

  /** Payload length of a present attribute. */
  public int length(int type) {
    return has(type) ? len[type] : -1;
  }

  private int need(int type, int bytes) {
    int o = off[type] - 1;
    if (len[type] < bytes) {
      throw new MalformedMessageException(
          "attribute type " + type + " has " + len[type] + " bytes, needs " + bytes);
    }
    return o;
  }

  /** A one-byte attribute, or null. */
  public Integer u8(int type) {
    return has(type) ? buf.get(need(type, 1)) & 0xff : null;
  }

  /** A native-order 16-bit attribute, or null. */
  public Integer u16(int type) {
    return has(type) ? buf.getShort(need(type, 2)) & 0xffff : null;
  }

  /** A big-endian 16-bit attribute, or null. */
  public Integer u16Be(int type) {
    if (!has(type)) {
      return null;
    }
    int o = need(type, 2);
    return ((buf.get(o) & 0xff) << 8) | (buf.get(o + 1) & 0xff);
  }

  /** A native-order 32-bit attribute, or null. */
  public Integer u32(int type) {
    return has(type) ? buf.getInt(need(type, 4)) : null;
  }

  /** A native-order 32-bit attribute, or {@code dflt}. */
  public int u32(int type, int dflt) {
    return has(type) ? buf.getInt(need(type, 4)) : dflt;
  }

  /** A copy of an attribute's payload, or null. */
  public byte[] bytes(int type) {
    if (!has(type)) {
      return null;
    }
    byte[] b = new byte[len[type]];
    buf.get(off[type] - 1, b);
    return b;
  }

  /** A string attribute without its trailing NULs, or null. */
  public String string(int type) {
    if (!has(type)) {
      return null;
    }
    int o = off[type] - 1;
    int l = len[type];
    while (l > 0 && buf.get(o + l - 1) == 0) {
      l--;
    }
    byte[] b = new byte[l];
    buf.get(o, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The attributes nested in an attribute; an empty table if absent. */
  public AttrTable nested(int type) {
    if (!has(type)) {
      return empty();
    }
    return parse(buf, off[type] - 1, off[type] - 1 + len[type]);
  }

  /** Offset of an attribute's payload in the underlying buffer, or -1. */
  public int offset(int type) {
    return has(type) ? off[type] - 1 : -1;
  }

  /** The buffer the table reads from. */
  public ByteBuffer buffer() {
    return buf;
  }
}
