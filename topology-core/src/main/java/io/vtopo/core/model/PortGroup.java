package io.vtopo.core.model;

/**
 * A libvirt port group: a named class of ports, here with an optional VLAN tag.
 *
 * @param name port group name
 * @param vlan VLAN tag applied to ports of this group, or null
 * @param isDefault whether ports without a group use this one
 */
public record PortGroup(String name, Integer vlan, boolean isDefault) {}
