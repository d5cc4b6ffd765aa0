package io.vtopo.core.model;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * A size in bytes, parsed with libvirt's unit rules: {@code K}/{@code KiB}/{@code M}/{@code
 * MiB}/{@code G}/{@code GiB}/ {@code T}/{@code TiB}/{@code P}/{@code E} are powers of 1024; {@code
 * KB}/{@code MB}/{@code GB}/{@code TB}/{@code PB}/ {@code EB} are powers of 1000; {@code B}/{@code
 * bytes} or no unit are bytes.
 *
 * @param bytes the size in bytes, never negative
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {
  /** Rejects negative sizes. */
  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative size " + bytes);
    }
  }

  /**
   * Parses {@code 10G}, {@code 512 MiB}, {@code 1000000}, ...; empty if malformed or above 2^63-1
   * bytes.
   */
  public static Optional<ByteSize> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim();
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 20) {
      return Optional.empty();
    }
    BigInteger n = new BigInteger(s.substring(0, i));
    String unit = s.substring(i).trim();
    BigInteger mul = multiplier(unit);
    if (mul == null) {
      return Optional.empty();
    }
    BigInteger v = n.multiply(mul);
    if (v.bitLength() > 63) {
      return Optional.empty();
    }
    return Optional.of(new ByteSize(v.longValue()));
  }

  private static BigInteger multiplier(String unit) {
    String u = unit.toLowerCase(Locale.ROOT);
    if (u.isEmpty() || u.equals("b") || u.equals("bytes")) {
      return BigInteger.ONE;
    }
    String letters = "kmgtpe";
    int exp = letters.indexOf(u.charAt(0)) + 1;
    if (exp == 0) {
      return null;
    }
    String rest = u.substring(1);
    if (rest.isEmpty() || rest.equals("ib")) {
      return BigInteger.valueOf(1024).pow(exp);
    }
    if (rest.equals("b")) {
      return BigInteger.valueOf(1000).pow(exp);
    }
    return null;
  }

  /** A short human form, exact when possible: {@code 10GiB}, {@code 1536MiB}, {@code 1000B}. */
  public String human() {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    long v = bytes;
    int u = 0;
    while (v != 0 && v % 1024 == 0 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return v + units[u];
  }

  @Override
  public int compareTo(ByteSize o) {
    return Long.compare(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return human();
  }
}
