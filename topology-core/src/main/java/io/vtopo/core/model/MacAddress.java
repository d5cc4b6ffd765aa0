package io.vtopo.core.model;

import java.util.Optional;

/**
 * A 48-bit Ethernet MAC address, normalised to lower case with colons.
 *
 * @param value the address in the low 48 bits
 */
public record MacAddress(long value) implements Comparable<MacAddress> {
  /** Parses {@code aa:bb:cc:dd:ee:ff} (also with '-' separators, any case); empty if malformed. */
  public static Optional<MacAddress> parse(String text) {
    if (text == null || text.length() != 17) {
      return Optional.empty();
    }
    long v = 0;
    for (int i = 0; i < 17; i++) {
      char c = text.charAt(i);
      if (i % 3 == 2) {
        if (c != ':' && c != '-') {
          return Optional.empty();
        }
        continue;
      }
      int d = Character.digit(c, 16);
      if (d < 0) {
        return Optional.empty();
      }
      v = (v << 4) | d;
    }
    return Optional.of(new MacAddress(v));
  }

  /** Builds an address from 6 bytes. */
  public static MacAddress of(byte[] b) {
    long v = 0;
    for (int i = 0; i < 6; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return new MacAddress(v);
  }

  /** The six bytes in wire order. */
  public byte[] bytes() {
    byte[] b = new byte[6];
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (value >>> (40 - 8 * i));
    }
    return b;
  }

  /**
   * True if the group bit (least significant bit of the first octet) is set: not usable on an
   * interface.
   */
  public boolean isMulticast() {
    return ((value >>> 40) & 1) == 1;
  }

  /** True for the all-zero address. */
  public boolean isZero() {
    return value == 0;
  }

  // equals and hashCode by hand, as a record's would be: the generated ones link an invokedynamic
  // (ObjectMethods) on their first call, about a tenth of a short `vtopo validate`'s CPU time, and
  // validate's duplicate-MAC rule hashes one in every run.
  @Override
  public boolean equals(Object o) {
    return o instanceof MacAddress m && m.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public int compareTo(MacAddress o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(17);
    byte[] b = bytes();
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(b[i] & 0xf, 16));
    }
    return sb.toString();
  }
}
