package io.vtopo.core.model;

/**
 * A veth pair ({@code ip link add NAME type veth peer name PEER [netns NS]}); this record describes the local end.
 *
 * @param attrs shared link attributes of the local end
 * @param peer name of the other end
 * @param peerNetns network namespace of the other end, or null for the same namespace
 */
public record Veth(LinkAttrs attrs, String peer, String peerNetns) implements Link {
  @Override
  public String kind() {
    return "veth";
  }
}
