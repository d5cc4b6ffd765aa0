package io.vtopo.core.model;

/**
 * A static DHCP reservation ({@code <host mac= name= ip=><lease/></host>}); can be changed live with net-update.
 *
 * @param mac client MAC (IPv4), or null
 * @param name client host name, or null
 * @param ip reserved address
 * @param lease lease time for this host such as {@code 1h}, or null for the range's or libvirt's default
 */
public record DhcpHost(MacAddress mac, String name, IpAddress ip, String lease) {
  /** A reservation without its own lease time. */
  public DhcpHost(MacAddress mac, String name, IpAddress ip) {
    this(mac, name, ip, null);
  }
}
