package io.vtopo.netlink.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BondMode;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.DummyInfo;
import io.vtopo.netlink.model.GenericInfo;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.LinkInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.MacAddress;
import io.vtopo.netlink.model.MacvlanInfo;
import io.vtopo.netlink.model.MacvlanMode;
import io.vtopo.netlink.model.MacvtapInfo;
import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.model.VlanInfo;
import io.vtopo.netlink.model.VxlanInfo;
import io.vtopo.netlink.wire.MessageWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Encode, then decode as if the kernel had echoed the message: every set field must come back
 * unchanged.
 */
class RoundTripTest {
  static Link roundTrip(LinkSpec spec) {
    MessageWriter w = new MessageWriter();
    LinkCodec.newLink(w, 1, spec, true);
    ByteBuffer b = w.view();
    return LinkCodec.decode(b, 0, b.limit());
  }

  static <T> Arbitrary<T> orNull(Arbitrary<T> a) {
    return a.injectNull(0.3);
  }

  @Provide
  Arbitrary<LinkInfo> infos() {
    Arbitrary<BridgeInfo> bridge =
        Combinators.combine(
                orNull(Arbitraries.integers().between(0, 1)),
                orNull(Arbitraries.integers().between(200, 3000)),
                orNull(Arbitraries.integers().between(100, 1000)),
                orNull(Arbitraries.integers().between(600, 4000)),
                orNull(Arbitraries.integers().between(0, 1_000_000)),
                orNull(Arbitraries.integers().between(0, 65535)),
                orNull(Arbitraries.of(true, false)),
                orNull(Arbitraries.of(VlanInfo.P_8021Q, VlanInfo.P_8021AD)))
            .as((a, b, c, d, e, f, g, h) -> new BridgeInfo(a, b, c, d, e, f, g, h, null, null));
    Arbitrary<VxlanInfo> vxlan =
        Combinators.combine(
                Arbitraries.integers().between(0, (1 << 24) - 1),
                orNull(Arbitraries.integers().between(1, 65535)),
                orNull(Arbitraries.of(true, false)),
                orNull(Arbitraries.integers().between(1, 1000)),
                orNull(Arbitraries.of("192.0.2.9", "fd00::9")))
            .as(
                (id, port, learning, dev, local) ->
                    new VxlanInfo(
                        id,
                        local == null ? null : ip(local),
                        ip("203.0.113.7"),
                        dev,
                        null,
                        learning,
                        port));
    Arbitrary<VlanInfo> vlan =
        Combinators.combine(
                Arbitraries.integers().between(1, 4094),
                orNull(Arbitraries.of(VlanInfo.P_8021Q, VlanInfo.P_8021AD)))
            .as(VlanInfo::new);
    Arbitrary<BondInfo> bond =
        Combinators.combine(
                orNull(Arbitraries.of(BondMode.class)),
                orNull(Arbitraries.integers().between(0, 10000)),
                orNull(Arbitraries.integers().between(0, 10000)),
                orNull(Arbitraries.integers().between(0, 10000)))
            .as(BondInfo::new);
    Arbitrary<LinkInfo> macvlan = orNull(Arbitraries.of(MacvlanMode.class)).map(MacvlanInfo::new);
    Arbitrary<LinkInfo> macvtap = orNull(Arbitraries.of(MacvlanMode.class)).map(MacvtapInfo::new);
    return Arbitraries.oneOf(
        bridge,
        vxlan,
        vlan,
        bond,
        macvlan,
        macvtap,
        Arbitraries.just(new DummyInfo()),
        Arbitraries.just(new GenericInfo("ipvlan", new byte[] {8, 0, 1, 0, 1, 0, 0, 0})));
  }

  @Property(tries = 500)
  void linkSpecsSurviveEncodeDecode(
      @ForAll("infos") LinkInfo info,
      @ForAll("names") String name,
      @ForAll("mtus") Integer mtu,
      @ForAll("groups") Integer group) {
    LinkSpec spec =
        LinkSpec.create(name, info)
            .withMtu(mtu)
            .withGroup(group)
            .withAlias("vtopo:t")
            .withMac(MacAddress.parse("02:00:5e:00:53:01"))
            .withMaster(7)
            .withParent(3)
            .withUp(true);
    Link l = roundTrip(spec);
    assertThat(l.name()).isEqualTo(name);
    assertThat(l.info()).isEqualTo(info);
    assertThat(l.mtu()).isEqualTo(mtu == null ? 0 : mtu);
    assertThat(l.group()).isEqualTo(group == null ? 0 : group);
    assertThat(l.alias()).isEqualTo("vtopo:t");
    assertThat(l.mac()).hasToString("02:00:5e:00:53:01");
    assertThat(l.master()).isEqualTo(7);
    assertThat(l.parent()).isEqualTo(3);
    assertThat(l.up()).isTrue();
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .numeric()
        .withChars('.', '-', '_')
        .ofMinLength(1)
        .ofMaxLength(15);
  }

  @Provide
  Arbitrary<Integer> mtus() {
    return orNull(Arbitraries.integers().between(68, 65535));
  }

  @Provide
  Arbitrary<Integer> groups() {
    return orNull(Arbitraries.integers().between(0, Integer.MAX_VALUE));
  }

  @Property(tries = 300)
  void addressesSurvive(@ForAll("ips") String addr, @ForAll("prefixes") int prefix) {
    Address a = Address.of(5, ip(addr), Math.min(prefix, ip(addr).getAddress().length * 8));
    MessageWriter w = new MessageWriter();
    AddressCodec.encode(w, 1, a, true);
    ByteBuffer b = w.view();
    assertThat(AddressCodec.decode(b, 0, b.limit())).isEqualTo(a);
  }

  @Property(tries = 300)
  void routesSurvive(
      @ForAll("ips") String dst,
      @ForAll("prefixes") int prefix,
      @ForAll boolean viaGateway,
      @ForAll("tables") int table) {
    InetAddress d = ip(dst);
    InetAddress gw =
        viaGateway ? ip(d.getAddress().length == 4 ? "192.0.2.254" : "fd00::fe") : null;
    Route r = Route.of(d, Math.min(prefix, d.getAddress().length * 8), gw, 9).withMetric(100);
    r =
        new Route(
            r.family(),
            r.destination(),
            r.prefixLength(),
            r.gateway(),
            r.oif(),
            table,
            r.protocol(),
            r.scope(),
            r.type(),
            r.metric());
    MessageWriter w = new MessageWriter();
    RouteCodec.add(w, 1, r);
    ByteBuffer b = w.view();
    assertThat(RouteCodec.decode(b, 0, b.limit())).isEqualTo(r);
  }

  @Provide
  Arbitrary<String> ips() {
    return Arbitraries.of(
        "192.0.2.1", "198.51.100.0", "203.0.113.77", "fd00::1", "fd00:1::", "fd12:3456::9");
  }

  @Provide
  Arbitrary<Integer> prefixes() {
    return Arbitraries.integers().between(0, 128);
  }

  @Provide
  Arbitrary<Integer> tables() {
    return Arbitraries.of(254, 100, 1000, 70000);
  }

  @Test
  void emptyKindDataIsLeftOut() {
    MessageWriter w = new MessageWriter();
    LinkCodec.newLink(w, 1, LinkSpec.create("br9", BridgeInfo.defaults()), true);
    // header 16 + ifinfomsg 16 + IFNAME 8 + LINKINFO(4 + INFO_KIND 10 -> 12) = 56: no empty
    // IFLA_INFO_DATA.
    assertThat(w.size()).isEqualTo(56);
  }

  @Test
  void macAddressParsesAndPrints() {
    assertThat(MacAddress.parse("02:AB:cd:00:00:0F")).hasToString("02:ab:cd:00:00:0f");
    assertThat(MacAddress.ofBytes(new byte[] {1, 2, 3})).isNull();
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
