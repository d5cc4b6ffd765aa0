package io.vtopo.netlink;

/**
 * A tun/tap device to create through {@code /dev/net/tun} ({@code ip tuntap add dev NAME mode tap
 * [user U] [group G] [multi_queue] [vnet_hdr]}).
 *
 * @param name device name
 * @param tap tap (Ethernet) if true, tun (IP) if false
 * @param owner uid allowed to attach, or null
 * @param group gid allowed to attach, or null
 * @param multiQueue IFF_MULTI_QUEUE
 * @param vnetHdr IFF_VNET_HDR
 * @param persist TUNSETPERSIST: keep the device after the descriptor closes (what {@code ip tuntap
 *     add} does)
 */
public record TapSpec(
    String name,
    boolean tap,
    Integer owner,
    Integer group,
    boolean multiQueue,
    boolean vnetHdr,
    boolean persist) {
  /** A persistent tap without owner, single queue, no vnet header. */
  public static TapSpec tap(String name) {
    return new TapSpec(name, true, null, null, false, false, true);
  }
}
