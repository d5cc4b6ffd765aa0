package io.vtopo.core.reach;

/**
 * What the host lets through between a segment and the host's other subnets. libvirt installs
 * firewall rules for its nat, route and isolated networks; an open network and plain host bridges
 * get none (vtopo assumes no other host firewall and {@code net.ipv4.ip_forward=1}).
 */
public enum Policy {
  /** A host bridge or link: the host forwards both ways when it has an address on the segment. */
  HOST("host-routed both ways"),
  /** libvirt nat: guests connect out (masqueraded); nothing connects in without a port forward. */
  NAT("libvirt nat: outbound only, no inbound"),
  /** libvirt route: forwarded both ways (only through forward-dev when it is set). */
  ROUTE("libvirt route: routed both ways"),
  /** libvirt open: routed both ways, libvirt adds no firewall rules. */
  OPEN("libvirt open: routed both ways, no firewall rules"),
  /** libvirt isolated: guests and the host only; nothing is forwarded. */
  ISOLATED("libvirt isolated: guests and host only, nothing forwarded");

  private final String text;

  Policy(String text) {
    this.text = text;
  }

  /** Human description. */
  public String text() {
    return text;
  }
}
