package io.vtopo.netlink.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.GenericInfo;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.MacvlanInfo;
import io.vtopo.netlink.model.MacvlanMode;
import io.vtopo.netlink.model.MacvtapInfo;
import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.model.TunInfo;
import io.vtopo.netlink.model.VethInfo;
import io.vtopo.netlink.model.VxlanInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Decodes replies captured from a real kernel by {@code replies/capture.sh}. */
class KernelReplyDecodingTest {
  static List<Object> decodeAll(String file) {
    List<Object> out = new ArrayList<>();
    for (byte[] d : Captures.datagrams(file)) {
      out.addAll(RtMessages.decode(Captures.wrap(d)));
    }
    return out;
  }

  @Test
  void linkDump() {
    Map<String, Link> links =
        decodeAll("link-dump.txt").stream()
            .map(Link.class::cast)
            .collect(Collectors.toMap(Link::name, Function.identity()));
    assertThat(links).containsKeys("lo", "br0", "veth0", "veth1", "tap0", "vx0", "mv0", "mvt0");

    Link br0 = links.get("br0");
    assertThat(br0.info()).isInstanceOf(BridgeInfo.class);
    BridgeInfo bi = (BridgeInfo) br0.info();
    assertThat(bi.stpState()).isEqualTo(1);
    assertThat(bi.forwardDelay()).isEqualTo(400);
    assertThat(bi.vlanFiltering()).isFalse();
    assertThat(br0.alias()).isEqualTo("vtopo:demo");
    assertThat(br0.group()).isEqualTo(7);
    assertThat(br0.mtu()).isEqualTo(1400);
    assertThat(br0.up()).isTrue();
    assertThat(br0.mac()).isNotNull();

    assertThat(links.get("lo").info()).isEqualTo(new GenericInfo("", null));
    Link veth0 = links.get("veth0");
    assertThat(veth0.info()).isInstanceOf(VethInfo.class);
    assertThat(veth0.master()).isEqualTo(br0.index());
    assertThat(veth0.slaveKind()).isEqualTo("bridge");
    assertThat(veth0.parent()).isEqualTo(links.get("veth1").index());

    TunInfo tap = (TunInfo) links.get("tap0").info();
    assertThat(tap.tap()).isTrue();
    assertThat(tap.multiQueue()).isTrue();
    assertThat(tap.vnetHdr()).isTrue();
    assertThat(tap.persist()).isTrue();
    assertThat(tap.owner()).isEqualTo(1000);
    assertThat(tap.group()).isNull();

    VxlanInfo vx = (VxlanInfo) links.get("vx0").info();
    assertThat(vx.id()).isEqualTo(42);
    assertThat(vx.port()).isEqualTo(4789);
    assertThat(vx.local().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(vx.remote().getHostAddress()).isEqualTo("192.0.2.2");
    assertThat(vx.device()).isEqualTo(links.get("veth1").index());
    assertThat(vx.learning()).isTrue();

    assertThat(links.get("mv0").info()).isEqualTo(new MacvlanInfo(MacvlanMode.BRIDGE));
    assertThat(links.get("mv0").parent()).isEqualTo(links.get("veth1").index());
    assertThat(links.get("mvt0").info()).isEqualTo(new MacvtapInfo(MacvlanMode.VEPA));
  }

  @Test
  void addressDump() {
    List<String> addrs =
        decodeAll("addr-dump.txt").stream()
            .filter(Address.class::isInstance)
            .map(Address.class::cast)
            .map(a -> a.address().getHostAddress() + "/" + a.prefixLength())
            .collect(Collectors.toList());
    assertThat(addrs).contains("192.0.2.1/24", "fd00:0:0:0:0:0:0:1/64");
  }

  @Test
  void routeDump() {
    List<Route> routes =
        decodeAll("route-dump.txt").stream()
            .filter(Route.class::isInstance)
            .map(Route.class::cast)
            .collect(Collectors.toList());
    assertThat(routes)
        .anySatisfy(
            r -> {
              assertThat(r.destination().getHostAddress()).isEqualTo("198.51.100.0");
              assertThat(r.prefixLength()).isEqualTo(24);
              assertThat(r.gateway().getHostAddress()).isEqualTo("192.0.2.254");
              assertThat(r.table()).isEqualTo(254);
            });
    assertThat(routes)
        .anySatisfy(
            r -> {
              assertThat(r.destination().getHostAddress()).isEqualTo("203.0.113.0");
              assertThat(r.scope()).isEqualTo(253);
              assertThat(r.gateway()).isNull();
            });
  }
}
