package io.vtopo.netlink.model;

import java.util.Locale;

/**
 * A 48-bit Ethernet address; parsed from and printed as {@code aa:bb:cc:dd:ee:ff} in lower case.
 */
public record MacAddress(long value) {
  /** Validates the range. */
  public MacAddress {
    if ((value & ~0xffff_ffff_ffffL) != 0) {
      throw new IllegalArgumentException("not a 48-bit MAC: " + Long.toHexString(value));
    }
  }

  /** Parses {@code aa:bb:cc:dd:ee:ff} (case-insensitive, ':' or '-' separated). */
  public static MacAddress parse(String text) {
    String[] parts = text.trim().split("[:-]");
    if (parts.length != 6) {
      throw new IllegalArgumentException("not a MAC address: " + text);
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 2) {
        throw new IllegalArgumentException("not a MAC address: " + text);
      }
      v = (v << 8) | Integer.parseInt(p, 16);
    }
    return new MacAddress(v);
  }

  /**
   * Decodes six bytes; null if the kernel sent an address of another length (e.g. a tun without
   * L2).
   */
  public static MacAddress ofBytes(byte[] b) {
    if (b == null || b.length != 6) {
      return null;
    }
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return new MacAddress(v);
  }

  /** The six bytes, most significant first. */
  public byte[] toBytes() {
    byte[] b = new byte[6];
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (value >>> (40 - 8 * i));
    }
    return b;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(17);
    for (byte x : toBytes()) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(String.format(Locale.ROOT, "%02x", x & 0xff));
    }
    return sb.toString();
  }
}
