package io.vtopo.netlink.model;

/**
 * Kind-specific link data (IFLA_LINKINFO): one record per kind the module knows, {@link
 * GenericInfo} for the rest.
 *
 * <p>Optional settings are nullable: null means "not set" (leave the kernel default, do not
 * verify), never false.
 */
public sealed interface LinkInfo
    permits BridgeInfo,
        VethInfo,
        TunInfo,
        VxlanInfo,
        MacvlanInfo,
        MacvtapInfo,
        VlanInfo,
        BondInfo,
        DummyInfo,
        GenericInfo {
  /** The IFLA_INFO_KIND string, e.g. {@code bridge}. */
  String kind();
}
