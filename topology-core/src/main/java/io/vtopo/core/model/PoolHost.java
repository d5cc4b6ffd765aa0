package io.vtopo.core.model;

/**
 * A source host of a network pool ({@code <source><host name=... port=.../>}).
 *
 * @param name host name or address
 * @param port port, or null for the protocol's default
 */
public record PoolHost(String name, Integer port) {}
