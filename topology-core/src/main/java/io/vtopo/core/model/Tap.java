package io.vtopo.core.model;

/**
 * A persistent TAP device ({@code ip tuntap add NAME mode tap [user U] [group G] [multi_queue]
 * [vnet_hdr]}), the host end of a VM's vNIC.
 *
 * @param attrs shared link attributes (the bridge it plugs into is {@code attrs.master})
 * @param owner user name or uid allowed to open it, or null
 * @param group group name or gid allowed to open it, or null
 * @param multiQueue IFF_MULTI_QUEUE, or null
 * @param vnetHdr IFF_VNET_HDR, or null
 */
public record Tap(LinkAttrs attrs, String owner, String group, Boolean multiQueue, Boolean vnetHdr)
    implements Link {
  @Override
  public String kind() {
    return "tap";
  }
}
