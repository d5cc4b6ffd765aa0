package io.vtopo.netlink.model;

/**
 * A tun or tap device ({@code ip tuntap add NAME mode tap ...}); created through {@code
 * /dev/net/tun} ioctls since rtnetlink cannot create them, but reported by dumps with kind {@code
 * tun}.
 *
 * @param tap true for a tap (Ethernet frames), false for a tun (IP packets)
 * @param owner owning uid, or null
 * @param group owning gid, or null
 * @param multiQueue IFF_MULTI_QUEUE
 * @param vnetHdr IFF_VNET_HDR
 * @param persist whether the device outlives its file descriptor
 */
public record TunInfo(
    boolean tap, Integer owner, Integer group, Boolean multiQueue, Boolean vnetHdr, Boolean persist)
    implements LinkInfo {
  @Override
  public String kind() {
    return "tun";
  }
}
