package io.vtopo.core.model;

/**
 * A VM's virtual NIC and where it plugs in.
 *
 * @param name the vNIC's name inside the VM (e.g. {@code eth0}), or null
 * @param attachment where the host end attaches
 * @param mac guest MAC, or null
 * @param ip guest address with prefix, or null (DHCP)
 * @param vlan VLAN the guest's frames are tagged into on the host side, or null
 * @param portGroup libvirt port group (network attachments), or null
 */
public record Vnic(String name, Attachment attachment, MacAddress mac, IpPrefix ip, Integer vlan, String portGroup) {
  /** How a vNIC's host side is attached. */
  public enum AttachKind {
    /** A declared TAP link (libvirt {@code <interface type='ethernet'>} with a pre-made target). */
    TAP,
    /** A host bridge (libvirt {@code <interface type='bridge'>}). */
    BRIDGE,
    /** A libvirt network (libvirt {@code <interface type='network'>}). */
    NETWORK
  }

  /**
   * The host side of a vNIC.
   *
   * @param kind what {@code target} names
   * @param target the TAP, bridge or network name
   */
  public record Attachment(AttachKind kind, String target) {}
}
