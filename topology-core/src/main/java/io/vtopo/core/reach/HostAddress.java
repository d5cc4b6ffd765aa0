package io.vtopo.core.reach;

import io.vtopo.core.model.IpPrefix;

/**
 * An address the host itself has on a segment: a link's {@code addresses} or a libvirt network's
 * {@code ips}.
 *
 * @param iface the host interface (link name, or the libvirt network's bridge)
 * @param address the address with its prefix
 */
public record HostAddress(String iface, IpPrefix address) {
  @Override
  public String toString() {
    return address + " on " + iface;
  }
}
