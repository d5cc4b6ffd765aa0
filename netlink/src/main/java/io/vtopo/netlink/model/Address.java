package io.vtopo.netlink.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IP address on a link ({@code ip addr add ADDRESS/PREFIX dev LINK}).
 *
 * @param index ifindex of the link
 * @param address the local address (IFA_LOCAL, or IFA_ADDRESS when there is no IFA_LOCAL)
 * @param prefixLength prefix length
 * @param peer IFA_ADDRESS when it differs from the local address (point-to-point), else null
 * @param scope ifa_scope (0 global, 253 link, 254 host)
 * @param flags ifa_flags, or IFA_FLAGS when present
 * @param label IFA_LABEL, or null
 */
public record Address(
    int index,
    InetAddress address,
    int prefixLength,
    InetAddress peer,
    int scope,
    int flags,
    String label) {
  /** An address to add: global scope, no peer, no flags. */
  public static Address of(int index, InetAddress address, int prefixLength) {
    return new Address(index, address, prefixLength, null, 0, 0, null);
  }

  /** AF_INET or AF_INET6. */
  public int family() {
    return address instanceof Inet6Address ? 10 : 2;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength + " dev#" + index;
  }
}
