package io.vtopo.core.model;

/**
 * A physical NIC that exists on the host. vtopo configures it (MTU, state, master, addresses) but
 * never creates or deletes it.
 *
 * @param attrs shared link attributes
 */
public record Nic(LinkAttrs attrs) implements Link {
  @Override
  public String kind() {
    return "nic";
  }
}
