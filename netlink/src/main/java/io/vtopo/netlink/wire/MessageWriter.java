package io.vtopo.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Appends netlink messages and attributes to one growable buffer in native byte order.
 *
 * <p>Several messages may be written back to back (a batch sent with one {@code sendmsg}).
 * Attribute lengths and nest lengths are patched in place when a message or nest ends, as
 * iproute2's {@code addattr_nest_end} does; all lengths exclude the trailing alignment padding
 * while the padding itself is written as zero bytes.
 */
public final class MessageWriter {
  /**
   * Attribute type bits that are flags, not part of the type (NLA_F_NESTED, NLA_F_NET_BYTEORDER).
   */
  public static final int NLA_TYPE_MASK = 0x3fff;

  private ByteBuffer buf;
  private int msgStart = -1;
  private int messages;

  /** Creates a writer with a small initial buffer that grows as needed. */
  public MessageWriter() {
    this(4096);
  }

  /** Creates a writer with {@code capacity} initial bytes. */
  public MessageWriter(int capacity) {
    buf = ByteBuffer.allocate(Math.max(64, capacity)).order(ByteOrder.nativeOrder());
  }

  private void ensure(int more) {
    if (buf.remaining() >= more) {
      return;
    }
    int need = buf.position() + more;
    ByteBuffer bigger =
        ByteBuffer.allocate(Math.max(need, buf.capacity() * 2)).order(ByteOrder.nativeOrder());
    buf.flip();
    bigger.put(buf);
    buf = bigger;
  }

  /** Starts a request with the given header fields; the port id is 0 (the kernel fills in ours). */
  public MessageWriter begin(int type, int flags, int seq) {
    return begin(type, flags, seq, 0);
  }

  /**
   * Starts a message with an explicit port id, as the kernel's replies carry (used to build test
   * replies).
   */
  public MessageWriter begin(int type, int flags, int seq, int pid) {
    if (msgStart >= 0) {
      throw new IllegalStateException("previous message not ended");
    }
    pad();
    ensure(Nl.HDRLEN);
    msgStart = buf.position();
    buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
    return this;
  }

  /** Ends the current message, patching its length. */
  public MessageWriter end() {
    if (msgStart < 0) {
      throw new IllegalStateException("no message begun");
    }
    buf.putInt(msgStart, buf.position() - msgStart);
    msgStart = -1;
    messages++;
    pad();
    return this;
  }

  /** Number of messages ended so far. */
  public int messageCount() {
    return messages;
  }

  private void pad() {
    int p = Nl.align(buf.position()) - buf.position();
    ensure(p);
    for (int i = 0; i < p; i++) {
      buf.put((byte) 0);
    }
  }

  /** Writes a raw byte (for fixed family headers). */
  public MessageWriter u8(int v) {
    ensure(1);
    buf.put((byte) v);
    return this;
  }

  /** Writes a raw native-order 16-bit value. */
  public MessageWriter u16(int v) {
    ensure(2);
    buf.putShort((short) v);
    return this;
  }

  /** Writes a raw native-order 32-bit value. */
  public MessageWriter u32(int v) {
    ensure(4);
    buf.putInt(v);
    return this;
  }

  /** Writes raw bytes. */
  public MessageWriter bytes(byte[] v) {
    ensure(v.length);
    buf.put(v);
    return this;
  }

  private void attrHeader(int type, int payload) {
    pad();
    ensure(4 + payload + 3);
    buf.putShort((short) (4 + payload)).putShort((short) type);
  }

  /** Appends an attribute holding one byte. */
  public MessageWriter attrU8(int type, int v) {
    attrHeader(type, 1);
    buf.put((byte) v);
    pad();
    return this;
  }

  /** Appends an attribute holding a native-order 16-bit value. */
  public MessageWriter attrU16(int type, int v) {
    attrHeader(type, 2);
    buf.putShort((short) v);
    pad();
    return this;
  }

  /** Appends an attribute holding a big-endian 16-bit value (ports, ethertypes). */
  public MessageWriter attrU16Be(int type, int v) {
    attrHeader(type, 2);
    buf.put((byte) (v >>> 8)).put((byte) v);
    pad();
    return this;
  }

  /** Appends an attribute holding a native-order 32-bit value. */
  public MessageWriter attrU32(int type, int v) {
    attrHeader(type, 4);
    buf.putInt(v);
    pad();
    return this;
  }

  /** Appends an attribute holding raw bytes. */
  public MessageWriter attrBytes(int type, byte[] v) {
    attrHeader(type, v.length);
    buf.put(v);
    pad();
    return this;
  }

  /** Appends a NUL-terminated string attribute (IFLA_IFNAME and most others). */
  public MessageWriter attrString(int type, String v) {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    attrHeader(type, b.length + 1);
    buf.put(b).put((byte) 0);
    pad();
    return this;
  }

  /**
   * Appends a string attribute without a terminator, as iproute2 sends IFLA_INFO_KIND and
   * IFLA_IFALIAS.
   */
  public MessageWriter attrStringNoNul(int type, String v) {
    return attrBytes(type, v.getBytes(StandardCharsets.UTF_8));
  }

  /** Opens a nested attribute; returns the token to pass to {@link #nestEnd}. */
  public int nestStart(int type) {
    attrHeader(type, 0);
    return buf.position() - 4;
  }

  /** Closes a nested attribute, patching its length. */
  public MessageWriter nestEnd(int token) {
    buf.putShort(token, (short) (buf.position() - token));
    return this;
  }

  /** Closes a nested attribute, or removes it entirely if nothing was written inside. */
  public MessageWriter nestEndOrDrop(int token) {
    if (buf.position() == token + 4) {
      buf.position(token);
      return this;
    }
    return nestEnd(token);
  }

  /** Bytes written so far. */
  public int size() {
    return buf.position();
  }

  /** A read-only view of the bytes written so far (position 0, limit at the end). */
  public ByteBuffer view() {
    ByteBuffer d = buf.duplicate().order(ByteOrder.nativeOrder());
    d.flip();
    return d;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    byte[] out = new byte[buf.position()];
    System.arraycopy(buf.array(), buf.arrayOffset(), out, 0, out.length);
    return out;
  }

  /** Forgets everything written, keeping the buffer for reuse. */
  public void reset() {
    buf.clear();
    msgStart = -1;
    messages = 0;
  }
}
