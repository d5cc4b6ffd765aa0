package io.vtopo.core.model;

/**
 * A port entry in a bridge's {@code ports} list.
 *
 * @param name the port link's name
 * @param vlan VLAN membership on a VLAN-filtering bridge, or null
 */
public record BridgePort(String name, PortVlan vlan) {}
