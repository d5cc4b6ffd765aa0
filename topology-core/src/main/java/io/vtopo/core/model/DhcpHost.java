package io.vtopo.core.model;

/**
 * A static DHCP reservation ({@code <host mac= name= ip=>}); can be changed live with net-update.
 *
 * @param mac client MAC (IPv4), or null
 * @param name client host name, or null
 * @param ip reserved address
 */
public record DhcpHost(MacAddress mac, String name, IpAddress ip) {}
