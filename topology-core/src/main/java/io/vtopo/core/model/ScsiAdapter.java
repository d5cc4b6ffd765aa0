package io.vtopo.core.model;

/**
 * The host adapter of a {@code scsi} pool ({@code <source><adapter .../>}): a SCSI host by name or
 * by its parent PCI address, or a Fibre Channel (vHBA) host by its WWNN/WWPN and parent.
 *
 * @param type {@code scsi_host} or {@code fc_host}; null for the legacy form with a name only
 * @param name SCSI host name ({@code host0}), or null
 * @param parentUniqueId {@code <parentaddr unique_id>} of a scsi_host found by PCI address, or null
 * @param parentAddress PCI address of that parent as {@code DDDD:BB:SS.F}, or null
 * @param parent fc_host: the parent SCSI host of the vHBA, or null
 * @param parentWwnn fc_host: the parent's WWNN, or null
 * @param parentWwpn fc_host: the parent's WWPN, or null
 * @param parentFabricWwn fc_host: the fabric WWN of the parent, or null
 * @param wwnn fc_host: the vHBA's WWNN, or null
 * @param wwpn fc_host: the vHBA's WWPN, or null
 * @param managed fc_host: libvirt creates and deletes the vHBA with the pool, or null
 */
public record ScsiAdapter(
    String type,
    String name,
    Integer parentUniqueId,
    String parentAddress,
    String parent,
    String parentWwnn,
    String parentWwpn,
    String parentFabricWwn,
    String wwnn,
    String wwpn,
    Boolean managed) {}
