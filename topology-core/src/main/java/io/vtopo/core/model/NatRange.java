package io.vtopo.core.model;

/**
 * NAT source address and port ranges ({@code <nat><address start= end=/><port start=
 * end=/></nat>}).
 *
 * @param addressStart first public address, or null
 * @param addressEnd last public address, or null
 * @param portStart first source port, or null
 * @param portEnd last source port, or null
 */
public record NatRange(
    IpAddress addressStart, IpAddress addressEnd, Integer portStart, Integer portEnd) {}
