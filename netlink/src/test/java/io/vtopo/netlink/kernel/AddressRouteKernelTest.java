package io.vtopo.netlink.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.Route;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Addresses and routes against the real kernel. */
class AddressRouteKernelTest extends KernelTestBase {
  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  private int upBridge() {
    nl.createLink(LinkSpec.create("br0", BridgeInfo.defaults()).withUp(true));
    return link("br0").index();
  }

  private List<String> addresses(int index) {
    return nl.addresses().stream()
        .filter(a -> a.index() == index)
        .map(a -> a.address().getHostAddress() + "/" + a.prefixLength())
        .collect(Collectors.toList());
  }

  @Test
  void addAndDeleteIpv4AndIpv6Addresses() {
    int br = upBridge();
    Address v4 = Address.of(br, ip("192.0.2.1"), 24);
    Address v6 = Address.of(br, ip("fd00::1"), 64);
    nl.addAddress(v4);
    nl.addAddress(v6);
    assertThat(addresses(br)).contains("192.0.2.1/24", "fd00:0:0:0:0:0:0:1/64");
    nl.deleteAddress(v4);
    nl.deleteAddress(v6);
    assertThat(addresses(br)).doesNotContain("192.0.2.1/24", "fd00:0:0:0:0:0:0:1/64");
  }

  @Test
  void addAndDeleteRoutes() {
    int br = upBridge();
    nl.addAddress(Address.of(br, ip("192.0.2.1"), 24));
    nl.addAddress(Address.of(br, ip("fd00::1"), 64));
    Route via = Route.of(ip("198.51.100.0"), 24, ip("192.0.2.254"), br);
    Route dev = Route.of(ip("203.0.113.0"), 24, null, br).withMetric(50);
    Route v6 = Route.of(ip("fd00:1::"), 64, ip("fd00::fe"), br);
    nl.batch().addRoute(via).addRoute(dev).addRoute(v6).executeOrThrow();
    List<Route> routes = nl.routes();
    assertThat(routes)
        .anySatisfy(
            r -> {
              assertThat(r.destination()).isEqualTo(ip("198.51.100.0"));
              assertThat(r.gateway()).isEqualTo(ip("192.0.2.254"));
              assertThat(r.oif()).isEqualTo(br);
              assertThat(r.table()).isEqualTo(254);
              assertThat(r.protocol()).isEqualTo(3);
            });
    assertThat(routes)
        .anySatisfy(
            r -> {
              assertThat(r.destination()).isEqualTo(ip("203.0.113.0"));
              assertThat(r.scope()).isEqualTo(253);
              assertThat(r.metric()).isEqualTo(50);
            });
    assertThat(routes)
        .anySatisfy(
            r -> {
              assertThat(r.destination()).isEqualTo(ip("fd00:1::"));
              assertThat(r.gateway()).isEqualTo(ip("fd00::fe"));
            });
    nl.batch().deleteRoute(via).deleteRoute(dev).deleteRoute(v6).executeOrThrow();
    assertThat(nl.routes())
        .noneMatch(
            r ->
                ip("198.51.100.0").equals(r.destination())
                    || ip("203.0.113.0").equals(r.destination())
                    || ip("fd00:1::").equals(r.destination()));
  }
}
