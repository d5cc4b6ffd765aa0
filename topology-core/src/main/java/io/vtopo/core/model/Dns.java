package io.vtopo.core.model;

import java.util.List;

/**
 * The network's dnsmasq DNS configuration.
 *
 * @param enabled false disables DNS (libvirt {@code <dns enable='no'>}), or null when not set
 * @param forwarders upstream servers
 * @param hosts static host records
 * @param srv SRV records
 * @param txt TXT records
 */
public record Dns(
    Boolean enabled,
    List<IpAddress> forwarders,
    List<DnsHost> hosts,
    List<DnsSrv> srv,
    List<DnsTxt> txt) {
  /** Copies the lists. */
  public Dns {
    forwarders = List.copyOf(forwarders);
    hosts = List.copyOf(hosts);
    srv = List.copyOf(srv);
    txt = List.copyOf(txt);
  }

  /**
   * A static DNS host record.
   *
   * @param ip the address
   * @param hostnames names resolving to it
   */
  public record DnsHost(IpAddress ip, List<String> hostnames) {
    /** Copies the list. */
    public DnsHost {
      hostnames = List.copyOf(hostnames);
    }
  }

  /**
   * A DNS SRV record.
   *
   * @param service service name, e.g. {@code ldap}
   * @param protocol {@code tcp} or {@code udp}
   * @param target target host, or null
   * @param port target port, or null
   * @param priority priority, or null
   * @param weight weight, or null
   */
  public record DnsSrv(
      String service,
      String protocol,
      String target,
      Integer port,
      Integer priority,
      Integer weight) {}

  /**
   * A DNS TXT record.
   *
   * @param name record name
   * @param value record text
   */
  public record DnsTxt(String name, String value) {}
}
