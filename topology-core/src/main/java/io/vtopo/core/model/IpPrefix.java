package io.vtopo.core.model;

import java.util.Optional;

/**
 * An interface address with its prefix length, as written in CIDR form ({@code 192.0.2.1/24}); host
 * bits may be set.
 *
 * @param address the address as written
 * @param length the prefix length, 0..32 or 0..128
 */
public record IpPrefix(IpAddress address, int length) implements Comparable<IpPrefix> {
  /** Checks the length against the family. */
  public IpPrefix {
    if (length < 0 || length > address.bits()) {
      throw new IllegalArgumentException(
          "prefix length " + length + " out of range for " + address);
    }
  }

  /** Parses {@code addr/len}; empty if malformed. A bare address is not accepted. */
  public static Optional<IpPrefix> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<IpAddress> a = IpAddress.parse(text.substring(0, slash));
    String len = text.substring(slash + 1);
    if (a.isEmpty()
        || len.isEmpty()
        || len.length() > 3
        || !len.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int n = Integer.parseInt(len);
    if (n > a.get().bits()) {
      return Optional.empty();
    }
    return Optional.of(new IpPrefix(a.get(), n));
  }

  /** The network address (host bits cleared). */
  public IpAddress network() {
    return address.mask(length);
  }

  /** The last address of the prefix. */
  public IpAddress last() {
    return address.lastInPrefix(length);
  }

  /** True if {@code a} lies inside this prefix. */
  public boolean contains(IpAddress a) {
    return a.isV6() == address.isV6() && a.mask(length).equals(network());
  }

  /** True if the two prefixes share at least one address. */
  public boolean overlaps(IpPrefix o) {
    if (o.address.isV6() != address.isV6()) {
      return false;
    }
    int shorter = Math.min(length, o.length);
    return address.mask(shorter).equals(o.address.mask(shorter));
  }

  @Override
  public int compareTo(IpPrefix o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  @Override
  public String toString() {
    return address + "/" + length;
  }
}
