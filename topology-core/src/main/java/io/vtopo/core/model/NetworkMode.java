package io.vtopo.core.model;

import java.util.Locale;

/** libvirt virtual network forward modes; {@link #ISOLATED} is a network with no {@code <forward>} element. */
public enum NetworkMode {
  /** NAT to the outside through the host's routing table; inbound needs an explicit forward. */
  NAT,
  /** Routed: the host routes the network's subnet without NAT. */
  ROUTE,
  /** Like route, but libvirt installs no firewall rules. */
  OPEN,
  /** Guests reach each other and the host only. */
  ISOLATED,
  /** Guests attach to an existing host bridge; libvirt does not manage addresses. */
  BRIDGE;

  /** The file keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
