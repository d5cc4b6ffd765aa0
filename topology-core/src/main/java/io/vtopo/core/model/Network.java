package io.vtopo.core.model;

import java.util.List;

/**
 * A libvirt virtual network. The record mirrors libvirt's {@code <network>} XML; null means "not
 * set".
 *
 * @param name libvirt network name
 * @param mode forward mode
 * @param bridge name of the bridge libvirt creates (nat/route/open/isolated), or the existing host
 *     bridge to attach to (bridge mode); null lets libvirt choose {@code virbrN}
 * @param stp spanning tree on the libvirt-created bridge, or null
 * @param delay bridge forward delay in seconds, or null
 * @param mac MAC of the libvirt-created bridge, or null
 * @param mtu MTU, or null
 * @param domain DNS domain, or null
 * @param forwardDev restrict forwarding to this host device (nat/route), or null
 * @param nat NAT address and port ranges (nat mode), or null
 * @param ips addresses with DHCP
 * @param dns DNS configuration, or null
 * @param portGroups port groups
 * @param autostart start with libvirtd, or null
 * @param unmodelled the parts of the network's libvirt XML vtopo does not model, kept verbatim and
 *     written back on every definition; null when the file does not say (then a redefinition keeps
 *     whatever the live network has)
 */
public record Network(
    String name,
    NetworkMode mode,
    String bridge,
    Boolean stp,
    Integer delay,
    MacAddress mac,
    Integer mtu,
    String domain,
    String forwardDev,
    NatRange nat,
    List<NetworkIp> ips,
    Dns dns,
    List<PortGroup> portGroups,
    Boolean autostart,
    List<Unmodelled> unmodelled) {
  /** Copies the lists. */
  public Network {
    ips = List.copyOf(ips);
    portGroups = List.copyOf(portGroups);
    unmodelled = unmodelled == null ? null : List.copyOf(unmodelled);
  }

  /** The same network with another autostart flag. */
  public Network withAutostart(Boolean on) {
    return toBuilder().autostart(on).build();
  }

  /** The same network with other unmodelled parts. */
  public Network withUnmodelled(List<Unmodelled> parts) {
    return toBuilder().unmodelled(parts).build();
  }

  /** A builder of a network with only a name and a mode (no addresses, no port groups). */
  public static Builder builder(String name, NetworkMode mode) {
    return new Builder().name(name).mode(mode);
  }

  /** A builder holding this network's components, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a {@link Network} component by component: the one place, besides the record itself, that
   * lists every component, for the readers, the fleet's per-host copies and the tests that change a
   * field or two.
   */
  public static final class Builder {
    private String name;
    private NetworkMode mode;
    private String bridge;
    private Boolean stp;
    private Integer delay;
    private MacAddress mac;
    private Integer mtu;
    private String domain;
    private String forwardDev;
    private NatRange nat;
    private List<NetworkIp> ips = List.of();
    private Dns dns;
    private List<PortGroup> portGroups = List.of();
    private Boolean autostart;
    private List<Unmodelled> unmodelled;

    private Builder() {}

    private Builder(Network n) {
      name = n.name;
      mode = n.mode;
      bridge = n.bridge;
      stp = n.stp;
      delay = n.delay;
      mac = n.mac;
      mtu = n.mtu;
      domain = n.domain;
      forwardDev = n.forwardDev;
      nat = n.nat;
      ips = n.ips;
      dns = n.dns;
      portGroups = n.portGroups;
      autostart = n.autostart;
      unmodelled = n.unmodelled;
    }

    /** Sets {@code name}. */
    public Builder name(String v) {
      name = v;
      return this;
    }

    /** Sets {@code mode}. */
    public Builder mode(NetworkMode v) {
      mode = v;
      return this;
    }

    /** Sets {@code bridge}. */
    public Builder bridge(String v) {
      bridge = v;
      return this;
    }

    /** Sets {@code stp}. */
    public Builder stp(Boolean v) {
      stp = v;
      return this;
    }

    /** Sets {@code delay}. */
    public Builder delay(Integer v) {
      delay = v;
      return this;
    }

    /** Sets {@code mac}. */
    public Builder mac(MacAddress v) {
      mac = v;
      return this;
    }

    /** Sets {@code mtu}. */
    public Builder mtu(Integer v) {
      mtu = v;
      return this;
    }

    /** Sets {@code domain}. */
    public Builder domain(String v) {
      domain = v;
      return this;
    }

    /** Sets {@code forwardDev}. */
    public Builder forwardDev(String v) {
      forwardDev = v;
      return this;
    }

    /** Sets {@code nat}. */
    public Builder nat(NatRange v) {
      nat = v;
      return this;
    }

    /** Sets {@code ips}. */
    public Builder ips(List<NetworkIp> v) {
      ips = v;
      return this;
    }

    /** Sets {@code dns}. */
    public Builder dns(Dns v) {
      dns = v;
      return this;
    }

    /** Sets {@code portGroups}. */
    public Builder portGroups(List<PortGroup> v) {
      portGroups = v;
      return this;
    }

    /** Sets {@code autostart}. */
    public Builder autostart(Boolean v) {
      autostart = v;
      return this;
    }

    /** Sets {@code unmodelled}. */
    public Builder unmodelled(List<Unmodelled> v) {
      unmodelled = v;
      return this;
    }

    /** The network. */
    public Network build() {
      return new Network(
          name,
          mode,
          bridge,
          stp,
          delay,
          mac,
          mtu,
          domain,
          forwardDev,
          nat,
          ips,
          dns,
          portGroups,
          autostart,
          unmodelled);
    }
  }
}
