package io.vtopo.core.model;

import java.util.Locale;

/**
 * libvirt virtual network forward modes; {@link #ISOLATED} is a network with no {@code <forward>}
 * element.
 */
public enum NetworkMode {
  /** NAT to the outside through the host's routing table; inbound needs an explicit forward. */
  NAT,
  /** Routed: the host routes the network's subnet without NAT. */
  ROUTE,
  /** Like route, but libvirt installs no firewall rules. */
  OPEN,
  /** Guests reach each other and the host only. */
  ISOLATED,
  /**
   * Guests attach to an existing host bridge (Linux or Open vSwitch); libvirt does not manage
   * addresses.
   */
  BRIDGE,
  /**
   * macvtap in private mode on a host device from the {@code <forward>} pool: guests cannot talk to
   * each other.
   */
  PRIVATE,
  /**
   * macvtap in VEPA mode: guest traffic goes out to the external switch, which may reflect it back.
   */
  VEPA,
  /** macvtap passthrough: each guest gets one host device of the pool to itself. */
  PASSTHROUGH,
  /**
   * SR-IOV virtual functions handed to guests as PCI devices ({@code <pf>} or an {@code <address>}
   * list).
   */
  HOSTDEV;

  /**
   * True for the modes in which libvirt creates a bridge and may manage addresses, DHCP and DNS.
   */
  public boolean libvirtBridge() {
    return this == NAT || this == ROUTE || this == OPEN || this == ISOLATED;
  }

  /** The file keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
