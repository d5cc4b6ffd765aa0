package io.vtopo.core.model;

/**
 * A VM's virtual NIC and where it plugs in; mirrors libvirt's {@code <interface>}. A {@code null}
 * field is "not set": neither applied nor compared.
 *
 * @param name the vNIC's name inside the VM (e.g. {@code eth0}), or null
 * @param attachment where the host end attaches
 * @param mac guest MAC, or null (required when the VM names a domain: it is the vNIC's identity
 *     there)
 * @param ip guest address with prefix, or null (DHCP)
 * @param vlan VLAN the guest's frames are tagged into on the host side, or null
 * @param portGroup libvirt port group (network attachments), or null
 * @param model device model ({@code virtio}, {@code e1000}...), or null
 * @param link link state {@code up} or {@code down}, or null
 * @param mtu MTU libvirt gives the host side, or null
 * @param filterref libvirt nwfilter name, or null
 * @param bandwidth QoS limits, or null
 * @param mode macvtap mode for {@link AttachKind#DIRECT} ({@code bridge}, {@code vepa}, {@code
 *     private}, {@code passthrough}), or null
 * @param dev the host-side device libvirt created or used (live {@code <target dev>}: {@code
 *     vnet3}, {@code macvtap0}), or null; read from the host, never declared (a TAP attachment's
 *     device is its target)
 */
public record Vnic(
    String name,
    Attachment attachment,
    MacAddress mac,
    IpPrefix ip,
    Integer vlan,
    String portGroup,
    String model,
    String link,
    Integer mtu,
    String filterref,
    Bandwidth bandwidth,
    String mode,
    String dev)
    implements VmDevice {
  /** A vNIC with only the connectivity fields (VMs that are endpoints, not managed domains). */
  public Vnic(
      String name,
      Attachment attachment,
      MacAddress mac,
      IpPrefix ip,
      Integer vlan,
      String portGroup) {
    this(name, attachment, mac, ip, vlan, portGroup, null, null, null, null, null, null, null);
  }

  /**
   * A vNIC as a running domain shows it when nothing else is set: its attachment, MAC, model, link
   * state and host device (null where unknown).
   */
  public static Vnic live(
      Attachment attachment, MacAddress mac, String model, String link, String dev) {
    return new Vnic(
        null, attachment, mac, null, null, null, model, link, null, null, null, null, dev);
  }

  /** How a vNIC's host side is attached. */
  public enum AttachKind {
    /** A declared TAP link (libvirt {@code <interface type='ethernet'>} with a pre-made target). */
    TAP,
    /** A host bridge (libvirt {@code <interface type='bridge'>}). */
    BRIDGE,
    /** A libvirt network (libvirt {@code <interface type='network'>}). */
    NETWORK,
    /**
     * macvtap on a host device (libvirt {@code <interface type='direct'>}); target is the device.
     */
    DIRECT,
    /**
     * A type vtopo reads but does not declare ({@code vhostuser}, {@code hostdev}, {@code user},
     * ...); target is the libvirt type. Such vNICs are always unmanaged.
     */
    OTHER
  }

  /**
   * The host side of a vNIC.
   *
   * @param kind what {@code target} names
   * @param target the TAP, bridge, network or device name (for {@link AttachKind#OTHER}: the
   *     libvirt type)
   */
  public record Attachment(AttachKind kind, String target) {}

  /**
   * libvirt {@code <bandwidth>} averages, in KiB/s as libvirt counts them.
   *
   * @param inbound inbound average, or null
   * @param outbound outbound average, or null
   */
  public record Bandwidth(Long inbound, Long outbound) {}

  /** The MAC's text (the identity on a domain), or the name when no MAC is set. */
  @Override
  public String key() {
    return mac != null
        ? mac.toString()
        : name != null
            ? name
            : attachment.kind().name().toLowerCase(java.util.Locale.ROOT)
                + ":"
                + attachment.target();
  }

  @Override
  public ObjectId id(String vm) {
    return ObjectId.vnic(vm, key());
  }

  /** This vNIC with the host-side device set (as read from a running domain). */
  public Vnic withDev(String d) {
    return new Vnic(
        name,
        attachment,
        mac,
        ip,
        vlan,
        portGroup,
        model,
        link,
        mtu,
        filterref,
        bandwidth,
        mode,
        d);
  }

  /** This vNIC with another guest name and address (file-only fields merged onto a live vNIC). */
  public Vnic withGuest(String n, IpPrefix a) {
    return new Vnic(
        n, attachment, mac, a, vlan, portGroup, model, link, mtu, filterref, bandwidth, mode, dev);
  }
}
