package io.vtopo.libvirt;

import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.MacAddress;
import java.time.Instant;

/**
 * A DHCP lease handed out by a libvirt network's dnsmasq ({@code virsh net-dhcp-leases}).
 *
 * @param iface the network's bridge
 * @param expiry when the lease expires
 * @param ip the leased address
 * @param prefix the address's prefix length
 * @param mac client MAC, or null (IPv6 clients identify by DUID)
 * @param hostname host name the client sent, or null
 * @param clientId client identifier (IPv4) or DUID (IPv6), or null
 */
public record DhcpLease(
    String iface,
    Instant expiry,
    IpAddress ip,
    int prefix,
    MacAddress mac,
    String hostname,
    String clientId) {}
