package io.vtopo.core.model;

/**
 * A DHCP pool ({@code <range start= end=>}).
 *
 * @param start first address handed out
 * @param end last address handed out
 * @param lease lease time such as {@code 1h} or {@code 30m}, or null for libvirt's default
 */
public record DhcpRange(IpAddress start, IpAddress end, String lease) {}
