package io.vtopo.core.model;

/**
 * An 802.1Q or 802.1ad VLAN sub-interface ({@code ip link add link PARENT name NAME type vlan id ID
 * [protocol P]}).
 *
 * @param attrs shared link attributes
 * @param parent the underlying link
 * @param id VLAN id, 1..4094
 * @param protocol {@code 802.1q} (default) or {@code 802.1ad}
 */
public record Vlan(LinkAttrs attrs, String parent, int id, VlanProtocol protocol) implements Link {
  @Override
  public String kind() {
    return "vlan";
  }
}
