package io.vtopo.netlink.model;

/**
 * A veth pair ({@code ip link add NAME type veth peer name PEER [mtu M] [address A] [group G]
 * [netns NS]}). When decoding a dump the kernel does not report the peer here (use {@link
 * Link#parent()} and {@link Link#linkNetnsId()}), so the fields are then null.
 *
 * <p>The kernel creates both ends in one request, each from its own ifinfomsg: settings of the
 * other end (MTU, MAC, group) travel in {@code peer}, so the pair is created, marked and configured
 * as one object.
 *
 * @param peerName name of the other end
 * @param peerNamespace namespace in which to create the other end, or null for the same one
 * @param peer settings of the other end (mac, mtu, group; name and namespace come from the fields
 *     above), or null
 */
public record VethInfo(String peerName, NetNs peerNamespace, LinkSpec peer) implements LinkInfo {
  /** A pair whose other end takes the kernel's defaults. */
  public VethInfo(String peerName, NetNs peerNamespace) {
    this(peerName, peerNamespace, null);
  }

  @Override
  public String kind() {
    return "veth";
  }
}
