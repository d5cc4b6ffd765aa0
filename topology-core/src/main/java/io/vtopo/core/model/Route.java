package io.vtopo.core.model;

/**
 * A route through the link that declares it ({@code ip route add TO [via VIA] dev LINK [metric
 * M]}).
 *
 * @param to destination prefix ({@code 0.0.0.0/0} for a default route)
 * @param via gateway, or null for an on-link route
 * @param metric route metric (priority), or null when not set
 */
public record Route(IpPrefix to, IpAddress via, Integer metric) {}
