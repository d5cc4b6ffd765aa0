package io.vtopo.core.model;

/**
 * A veth pair ({@code ip link add NAME type veth peer name PEER [netns NS]}); this record describes
 * the local end.
 *
 * @param attrs shared link attributes of the local end
 * @param peer name of the other end
 * @param peerNetns network namespace of the other end, or null for the same namespace ({@link
 *     #ELSEWHERE} when read from a host)
 */
public record Veth(LinkAttrs attrs, String peer, String peerNetns) implements Link {
  /**
   * The {@code peerNetns} of a live veth whose other end lives in another namespace: the kernel
   * reports only a namespace id there, neither the namespace's name nor the peer's, so such a pair
   * is compared by that fact alone.
   */
  public static final String ELSEWHERE = "(another namespace)";

  @Override
  public String kind() {
    return "veth";
  }
}
