package io.vtopo.netlink.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A route ({@code ip route add DST/LEN [via GW] [dev LINK] [metric N] [table T]}).
 *
 * @param family AF_INET or AF_INET6
 * @param destination network address, or null for the default route
 * @param prefixLength rtm_dst_len
 * @param gateway RTA_GATEWAY, or null
 * @param oif RTA_OIF ifindex, 0 if none
 * @param table routing table (254 is main)
 * @param protocol rtm_protocol (3 boot as {@code ip} uses, 4 static)
 * @param scope rtm_scope
 * @param type rtm_type (1 unicast)
 * @param metric RTA_PRIORITY, or null
 */
public record Route(
    int family,
    InetAddress destination,
    int prefixLength,
    InetAddress gateway,
    int oif,
    int table,
    int protocol,
    int scope,
    int type,
    Integer metric) {

  /**
   * A unicast route in the main table as {@code ip route add} makes it: protocol boot, scope link
   * without a gateway and universe with one.
   */
  public static Route of(InetAddress destination, int prefixLength, InetAddress gateway, int oif) {
    int family = destination instanceof Inet6Address ? 10 : 2;
    int scope = family == 2 && gateway == null ? 253 : 0;
    return new Route(family, destination, prefixLength, gateway, oif, 254, 3, scope, 1, null);
  }

  /** Copy with a metric. */
  public Route withMetric(Integer v) {
    return new Route(
        family, destination, prefixLength, gateway, oif, table, protocol, scope, type, v);
  }

  @Override
  public String toString() {
    return (destination == null ? "default" : destination.getHostAddress() + "/" + prefixLength)
        + (gateway == null ? "" : " via " + gateway.getHostAddress())
        + (oif == 0 ? "" : " dev#" + oif)
        + " table "
        + table;
  }
}
