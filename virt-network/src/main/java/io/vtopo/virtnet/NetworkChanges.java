package io.vtopo.virtnet;

import io.vtopo.core.backend.NetworkBackend.Impact;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.Dns;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.NatRange;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.libvirt.NetUpdate;
import io.vtopo.libvirt.NetUpdate.Command;
import io.vtopo.libvirt.NetUpdate.Section;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The pure difference between a live network and the desired one: whether libvirt can apply it
 * live, the {@code virNetworkUpdate} calls that do so, or why a restart is needed.
 *
 * <p>Attributes the desired network leaves unset (null) are not compared: libvirt fills in defaults
 * (bridge name, MAC, STP, NAT port range) that the file need not repeat. Lists are compared as
 * sets, since libvirt appends live additions at the end.
 *
 * @param impact NONE, IN_PLACE or RESTART
 * @param restartReasons why a restart is needed, as {@code field: desired X, current Y}; empty
 *     unless RESTART
 * @param updates the live updates, in order (deletions of hosts before additions); empty when
 *     RESTART
 * @param autostart the autostart value to set, or null when unchanged
 */
public record NetworkChanges(
    Impact impact, List<String> restartReasons, List<NetUpdate> updates, Boolean autostart) {
  /** Copies the lists. */
  public NetworkChanges {
    restartReasons = List.copyOf(restartReasons);
    updates = List.copyOf(updates);
  }

  /**
   * Compares {@code current} (as read from libvirt) with {@code desired} (as read from the file).
   */
  public static NetworkChanges compute(Network current, Network desired) {
    List<String> why = new ArrayList<>();
    List<NetUpdate> ups = new ArrayList<>();
    scalar(why, "mode", desired.mode(), current.mode());
    scalar(why, "bridge", desired.bridge(), current.bridge());
    scalar(why, "stp", desired.stp(), current.stp());
    scalar(why, "delay", desired.delay(), current.delay());
    scalar(why, "mac", desired.mac(), current.mac());
    scalar(why, "mtu", desired.mtu(), current.mtu());
    scalar(why, "domain", desired.domain(), current.domain());
    scalar(why, "forward-dev", desired.forwardDev(), current.forwardDev());
    if (desired.nat() != null) {
      NatRange d = desired.nat();
      NatRange c = current.nat() == null ? new NatRange(null, null, null, null) : current.nat();
      scalar(why, "nat.address-start", d.addressStart(), c.addressStart());
      scalar(why, "nat.address-end", d.addressEnd(), c.addressEnd());
      scalar(why, "nat.port-start", d.portStart(), c.portStart());
      scalar(why, "nat.port-end", d.portEnd(), c.portEnd());
    }
    ips(why, ups, current.ips(), desired.ips());
    if (desired.dns() != null) {
      dns(
          why,
          ups,
          current.dns() == null
              ? new Dns(null, List.of(), List.of(), List.of(), List.of())
              : current.dns(),
          desired.dns());
    }
    setDiff(
        ups,
        Section.PORTGROUP,
        -1,
        current.portGroups(),
        desired.portGroups(),
        pg -> pg,
        NetworkXml::portGroupXml,
        true);
    if (desired.unmodelled() != null
        && !desired
            .unmodelled()
            .equals(current.unmodelled() == null ? List.of() : current.unmodelled())) {
      // Verbatim XML can only be redefined: virNetworkUpdate covers a few modelled sections only.
      why.add(
          "unmodelled: desired "
              + paths(desired.unmodelled())
              + ", current "
              + paths(current.unmodelled()));
    }
    Boolean autostart =
        desired.autostart() != null && !desired.autostart().equals(current.autostart())
            ? desired.autostart()
            : null;
    if (!why.isEmpty()) {
      return new NetworkChanges(Impact.RESTART, why, List.of(), autostart);
    }
    Impact impact = ups.isEmpty() && autostart == null ? Impact.NONE : Impact.IN_PLACE;
    return new NetworkChanges(impact, List.of(), ups, autostart);
  }

  private static String paths(List<io.vtopo.core.model.Unmodelled> parts) {
    return parts == null || parts.isEmpty()
        ? "(none)"
        : String.join(", ", parts.stream().map(io.vtopo.core.model.Unmodelled::path).toList());
  }

  private static void scalar(List<String> why, String field, Object desired, Object current) {
    if (desired != null && !desired.equals(current)) {
      why.add(
          field + ": desired " + desired + ", current " + (current == null ? "unset" : current));
    }
  }

  private static void ips(
      List<String> why, List<NetUpdate> ups, List<NetworkIp> cur, List<NetworkIp> des) {
    List<IpPrefix> ca = cur.stream().map(NetworkIp::address).toList();
    List<IpPrefix> da = des.stream().map(NetworkIp::address).toList();
    if (!ca.equals(da)) {
      why.add("ips: desired " + da + ", current " + ca);
      return;
    }
    for (int i = 0; i < des.size(); i++) {
      NetworkIp c = cur.get(i);
      NetworkIp d = des.get(i);
      boolean cDhcp = !c.dhcpRanges().isEmpty() || !c.dhcpHosts().isEmpty();
      boolean dDhcp = !d.dhcpRanges().isEmpty() || !d.dhcpHosts().isEmpty();
      if (cDhcp != dDhcp) {
        // Turning DHCP on or off for an address changes how libvirt runs dnsmasq (and radvd): not a
        // live update.
        why.add(
            "ips["
                + d.address()
                + "].dhcp: desired "
                + (dDhcp ? "enabled" : "none")
                + ", current "
                + (cDhcp ? "enabled" : "none"));
        continue;
      }
      // Ranges: add before delete, so that the address never has zero ranges (dnsmasq would stop
      // serving it).
      setDiff(
          ups,
          Section.IP_DHCP_RANGE,
          i,
          c.dhcpRanges(),
          d.dhcpRanges(),
          NetworkChanges::rangeKey,
          NetworkXml::rangeXml,
          false);
      setDiff(
          ups,
          Section.IP_DHCP_HOST,
          i,
          c.dhcpHosts(),
          d.dhcpHosts(),
          NetworkChanges::hostKey,
          NetworkXml::hostXml,
          true);
    }
  }

  private static void dns(List<String> why, List<NetUpdate> ups, Dns cur, Dns des) {
    if (des.enabled() != null
        && !des.enabled().equals(cur.enabled() == null ? Boolean.TRUE : cur.enabled())) {
      why.add(
          "dns.enabled: desired "
              + des.enabled()
              + ", current "
              + (cur.enabled() == null || cur.enabled()));
    }
    if (!des.forwarders().equals(cur.forwarders())) {
      why.add("dns.forwarders: desired " + des.forwarders() + ", current " + cur.forwarders());
    }
    setDiff(
        ups, Section.DNS_HOST, -1, cur.hosts(), des.hosts(), h -> h, NetworkXml::dnsHostXml, true);
    setDiff(ups, Section.DNS_SRV, -1, cur.srv(), des.srv(), s -> s, NetworkXml::srvXml, true);
    setDiff(ups, Section.DNS_TXT, -1, cur.txt(), des.txt(), t -> t, NetworkXml::txtXml, true);
  }

  private static List<Object> rangeKey(DhcpRange r) {
    return List.of(
        Objects.toString(r.start()), Objects.toString(r.end()), NetworkXml.leaseSeconds(r.lease()));
  }

  private static List<Object> hostKey(DhcpHost h) {
    return List.of(
        Objects.toString(h.mac()),
        Objects.toString(h.id()),
        Objects.toString(h.name()),
        Objects.toString(h.ip()),
        NetworkXml.leaseSeconds(h.lease()));
  }

  private static <T> void setDiff(
      List<NetUpdate> ups,
      Section section,
      int parent,
      List<T> cur,
      List<T> des,
      Function<T, Object> key,
      Function<T, String> xml,
      boolean deleteFirst) {
    Set<Object> curKeys = new LinkedHashSet<>();
    cur.forEach(c -> curKeys.add(key.apply(c)));
    Set<Object> desKeys = new LinkedHashSet<>();
    des.forEach(d -> desKeys.add(key.apply(d)));
    List<NetUpdate> dels = new ArrayList<>();
    List<NetUpdate> adds = new ArrayList<>();
    for (T c : cur) {
      if (!desKeys.contains(key.apply(c))) {
        dels.add(new NetUpdate(Command.DELETE, section, parent, xml.apply(c)));
      }
    }
    for (T d : des) {
      if (!curKeys.contains(key.apply(d))) {
        adds.add(new NetUpdate(Command.ADD_LAST, section, parent, xml.apply(d)));
      }
    }
    if (deleteFirst) {
      ups.addAll(dels);
      ups.addAll(adds);
    } else {
      ups.addAll(adds);
      ups.addAll(dels);
    }
  }
}
