package io.vtopo.netlink.model;

/**
 * A veth pair ({@code ip link add NAME type veth peer name PEER [netns NS]}). When decoding a dump the kernel does not
 * report the peer here (use {@link Link#parent()} and {@link Link#linkNetnsId()}), so both fields are then null.
 *
 * @param peerName name of the other end
 * @param peerNamespace namespace in which to create the other end, or null for the same one
 */
public record VethInfo(String peerName, NetNs peerNamespace) implements LinkInfo {
  @Override
  public String kind() {
    return "veth";
  }
}
