package io.vtopo.core.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address, parsed from its literal form only (never resolves host names).
 *
 * <p>Equality and ordering are by family then numeric value; {@link #toString()} gives the
 * canonical text (dotted quad, or RFC 5952 compressed lower-case IPv6), so that values read from a
 * file and from the kernel compare equal.
 */
public final class IpAddress implements Comparable<IpAddress> {
  private final byte[] bytes;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Builds an address from 4 or 16 network-order bytes. */
  public static IpAddress of(byte[] bytes) {
    if (bytes.length != 4 && bytes.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }
    return new IpAddress(bytes.clone());
  }

  /** Parses a literal, or returns empty if {@code text} is not an IPv4 or IPv6 literal. */
  public static Optional<IpAddress> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    byte[] b = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    return Optional.ofNullable(b).map(IpAddress::new);
  }

  private static byte[] parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseV6(String text) {
    byte[] out = new byte[16];
    String s = text;
    int tailV4 = -1;
    int lastColon = s.lastIndexOf(':');
    if (s.indexOf('.', lastColon) >= 0) {
      byte[] v4 = parseV4(s.substring(lastColon + 1));
      if (v4 == null) {
        return null;
      }
      System.arraycopy(v4, 0, out, 12, 4);
      s = s.substring(0, lastColon + 1) + "0:0";
      tailV4 = 12;
    }
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return null;
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    int[] h = groups(head);
    int[] t = groups(tail);
    if (h == null || t == null) {
      return null;
    }
    if (dbl < 0 ? h.length != 8 : h.length + t.length > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(t, 0, all, 8 - t.length, t.length);
    for (int i = 0; i < 8; i++) {
      if (tailV4 >= 0 && i >= 6) {
        continue;
      }
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  private static int[] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = Character.digit(p.charAt(j), 16);
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out[i] = v;
    }
    return out;
  }

  /** True for an IPv6 address. */
  public boolean isV6() {
    return bytes.length == 16;
  }

  /** Address length in bits (32 or 128). */
  public int bits() {
    return bytes.length * 8;
  }

  /** The network-order bytes (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** True for multicast addresses (224.0.0.0/4, ff00::/8). */
  public boolean isMulticast() {
    return isV6() ? (bytes[0] & 0xff) == 0xff : (bytes[0] & 0xf0) == 0xe0;
  }

  /** This address with all bits after {@code prefix} cleared. */
  public IpAddress mask(int prefix) {
    byte[] b = bytes.clone();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] &= (byte) (0xff << (8 - keep));
    }
    return new IpAddress(b);
  }

  /**
   * This address with all bits after {@code prefix} set (the IPv4 broadcast address of the prefix).
   */
  public IpAddress lastInPrefix(int prefix) {
    byte[] b = bytes.clone();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] |= (byte) ~(0xff << (8 - keep));
    }
    return new IpAddress(b);
  }

  @Override
  public int compareTo(IpAddress o) {
    if (bytes.length != o.bytes.length) {
      return Integer.compare(bytes.length, o.bytes.length);
    }
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (!isV6()) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // RFC 5952: compress the longest run (first on ties) of two or more zero groups.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
