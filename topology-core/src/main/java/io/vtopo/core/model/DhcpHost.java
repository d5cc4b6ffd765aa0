package io.vtopo.core.model;

/**
 * A static DHCP reservation ({@code <host mac= id= name= ip=><lease/></host>}); can be changed live
 * with net-update. A host is identified by its MAC (IPv4), its DUID (IPv6) or its name.
 *
 * @param mac client MAC (IPv4), or null
 * @param name client host name, or null
 * @param ip reserved address
 * @param lease lease time for this host such as {@code 1h}, or null for the range's or libvirt's
 *     default
 * @param id DHCPv6 client DUID such as {@code 0:3:0:1:0:16:3e:11:22:33}, or null
 */
public record DhcpHost(MacAddress mac, String name, IpAddress ip, String lease, String id) {
  /** A reservation by MAC or name. */
  public DhcpHost(MacAddress mac, String name, IpAddress ip, String lease) {
    this(mac, name, ip, lease, null);
  }

  /** A reservation without its own lease time. */
  public DhcpHost(MacAddress mac, String name, IpAddress ip) {
    this(mac, name, ip, null);
  }
}
