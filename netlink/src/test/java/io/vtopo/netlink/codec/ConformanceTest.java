package io.vtopo.netlink.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BondMode;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.BridgeVlan;
import io.vtopo.netlink.model.DummyInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.MacAddress;
import io.vtopo.netlink.model.MacvlanInfo;
import io.vtopo.netlink.model.MacvlanMode;
import io.vtopo.netlink.model.MacvtapInfo;
import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.model.VethInfo;
import io.vtopo.netlink.model.VlanInfo;
import io.vtopo.netlink.model.VxlanInfo;
import io.vtopo.netlink.wire.MessageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-exact conformance with iproute2: every file under {@code conformance/} holds an {@code ip}
 * command and the request it sent (captured with strace by {@code capture.sh}); the client must
 * encode the same request to the same bytes, except nlmsg_seq and nlmsg_pid. Ifindexes come from
 * the capture's fixed setup: br0=2, veth1=3, veth0=4.
 */
class ConformanceTest {
  private static final int BR0 = 2;
  private static final int VETH0 = 4;

  static final Map<String, Consumer<MessageWriter>> CASES = new LinkedHashMap<>();

  static {
    CASES.put(
        "bridge",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create(
                    "br1", new BridgeInfo(1, 400, null, null, null, null, null, null, null, null)),
                true));
    CASES.put(
        "bridge-vlan-filtering",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create(
                    "br1",
                    new BridgeInfo(
                        null, null, null, null, null, null, true, VlanInfo.P_8021AD, null, null)),
                true));
    CASES.put(
        "veth",
        w -> LinkCodec.newLink(w, 0, LinkSpec.create("va", new VethInfo("vb", null)), true));
    CASES.put(
        "vxlan",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create(
                    "vx0",
                    new VxlanInfo(42, ip("192.0.2.1"), ip("192.0.2.2"), BR0, null, true, 4789)),
                true));
    CASES.put(
        "macvlan",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("mv0", new MacvlanInfo(MacvlanMode.BRIDGE)).withParent(BR0),
                true));
    CASES.put(
        "macvtap",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("mvt0", new MacvtapInfo(MacvlanMode.VEPA)).withParent(BR0),
                true));
    CASES.put(
        "vlan-8021q",
        w ->
            LinkCodec.newLink(
                w, 0, LinkSpec.create("br0.10", new VlanInfo(10, null)).withParent(BR0), true));
    CASES.put(
        "vlan-8021ad",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("br0.20", new VlanInfo(20, VlanInfo.P_8021AD)).withParent(BR0),
                true));
    CASES.put(
        "bond-active-backup",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("bond0", new BondInfo(BondMode.ACTIVE_BACKUP, 100, null, null)),
                true));
    CASES.put(
        "bond-8023ad",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("bond1", new BondInfo(BondMode.LACP_802_3AD, null, null, null)),
                true));
    CASES.put(
        "bond-lacp",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create(
                    "bond2", new BondInfo(BondMode.LACP_802_3AD, 100, null, null, 1, 1)),
                true));
    CASES.put(
        "dummy", w -> LinkCodec.newLink(w, 0, LinkSpec.create("dummy0", new DummyInfo()), true));
    CASES.put(
        "addr-add-v4", w -> AddressCodec.encode(w, 0, Address.of(BR0, ip("192.0.2.1"), 24), true));
    CASES.put(
        "addr-add-v6", w -> AddressCodec.encode(w, 0, Address.of(BR0, ip("fd00::1"), 64), true));
    CASES.put(
        "addr-del-v4", w -> AddressCodec.encode(w, 0, Address.of(BR0, ip("192.0.2.1"), 24), false));
    CASES.put(
        "route-add-via",
        w -> RouteCodec.add(w, 0, Route.of(ip("198.51.100.0"), 24, ip("192.0.2.254"), BR0)));
    CASES.put(
        "route-add-dev", w -> RouteCodec.add(w, 0, Route.of(ip("203.0.113.0"), 24, null, BR0)));
    CASES.put(
        "route-add-v6",
        w -> RouteCodec.add(w, 0, Route.of(ip("fd00:1::"), 64, ip("fd00::fe"), BR0)));
    CASES.put(
        "route-del", w -> RouteCodec.delete(w, 0, Route.of(ip("203.0.113.0"), 24, null, BR0)));
    CASES.put(
        "set-master", w -> LinkCodec.newLink(w, 0, LinkSpec.ofIndex(VETH0).withMaster(BR0), false));
    CASES.put(
        "set-nomaster", w -> LinkCodec.newLink(w, 0, LinkSpec.ofIndex(VETH0).withMaster(0), false));
    CASES.put("set-mtu", w -> LinkCodec.newLink(w, 0, LinkSpec.ofIndex(BR0).withMtu(1400), false));
    CASES.put("set-up", w -> LinkCodec.newLink(w, 0, LinkSpec.ofIndex(BR0).withUp(true), false));
    CASES.put("set-down", w -> LinkCodec.newLink(w, 0, LinkSpec.ofIndex(BR0).withUp(false), false));
    CASES.put(
        "set-mac",
        w ->
            LinkCodec.newLink(
                w, 0, LinkSpec.ofIndex(BR0).withMac(MacAddress.parse("02:00:00:00:00:01")), false));
    CASES.put(
        "set-alias",
        w -> LinkCodec.newLink(w, 0, LinkSpec.ofIndex(BR0).withAlias("vtopo:demo"), false));
    CASES.put(
        "set-group", w -> LinkCodec.newLink(w, 0, LinkSpec.ofIndex(BR0).withGroup(42), false));
    CASES.put("link-del", w -> LinkCodec.delLink(w, 0, BR0, null));
    CASES.put("link-del-group", w -> LinkCodec.delGroup(w, 0, 42));
    // Every IFLA_VXLAN_* iproute2 sends, IFLA_VXLAN_LEARNING included, for the settings the file
    // format has.
    CASES.put(
        "vxlan-group",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create(
                    "vx1", new VxlanInfo(7, null, ip("239.1.1.1"), BR0, null, true, 4789)),
                true));
    CASES.put(
        "vxlan-v6",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create(
                    "vx2", new VxlanInfo(8, ip("fd00::1"), ip("fd00::2"), null, null, true, 4789)),
                true));
    CASES.put(
        "vxlan-minimal",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("vx3", new VxlanInfo(9, null, null, null, null, true, 4789)),
                true));
    // A veth pair marked as one object in its create request: both ends carry the group.
    CASES.put(
        "veth-grouped",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("va", new VethInfo("vb", null, LinkSpec.ofIndex(0).withGroup(42)))
                    .withGroup(42),
                true));
    CASES.put(
        "dummy-grouped",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.create("dummy1", new DummyInfo()).withMtu(9000).withGroup(42),
                true));
    // Bond options changed in place (ip link set dev D type bond ...), addressed by index like
    // iproute2.
    CASES.put(
        "bond-set-miimon",
        w ->
            LinkCodec.newLink(
                w, 0, LinkSpec.ofIndex(BR0).withInfo(new BondInfo(null, 200, null, null)), false));
    CASES.put(
        "bond-set-hash",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.ofIndex(BR0).withInfo(new BondInfo(null, null, null, null, 2, null)),
                false));
    CASES.put(
        "bond-set-lacp",
        w ->
            LinkCodec.newLink(
                w,
                0,
                LinkSpec.ofIndex(BR0).withInfo(new BondInfo(null, null, null, null, null, 0)),
                false));
    // Bridge port VLANs (bridge vlan add/del/show), AF_BRIDGE.
    CASES.put(
        "bridge-vlan-add-pvid",
        w -> BridgeVlanCodec.set(w, 0, VETH0, List.of(BridgeVlan.of(100, true, true)), true));
    CASES.put(
        "bridge-vlan-add-tagged",
        w -> BridgeVlanCodec.set(w, 0, VETH0, List.of(BridgeVlan.of(300, false, false)), true));
    CASES.put(
        "bridge-vlan-add-untagged",
        w -> BridgeVlanCodec.set(w, 0, VETH0, List.of(BridgeVlan.of(400, false, true)), true));
    CASES.put(
        "bridge-vlan-add-range",
        w ->
            BridgeVlanCodec.set(
                w, 0, VETH0, List.of(new BridgeVlan(200, 210, false, false)), true));
    CASES.put(
        "bridge-vlan-add-range-untagged",
        w ->
            BridgeVlanCodec.set(w, 0, VETH0, List.of(new BridgeVlan(500, 502, false, true)), true));
    CASES.put(
        "bridge-vlan-del",
        w -> BridgeVlanCodec.set(w, 0, VETH0, List.of(BridgeVlan.of(1, false, false)), false));
    CASES.put(
        "bridge-vlan-del-range",
        w ->
            BridgeVlanCodec.set(
                w, 0, VETH0, List.of(new BridgeVlan(200, 210, false, false)), false));
    CASES.put("bridge-vlan-show", w -> BridgeVlanCodec.dump(w, 0));
    // VXLAN head-end replication (bridge fdb append/del 00:00:00:00:00:00 dst), AF_BRIDGE.
    CASES.put("fdb-append-flood", w -> FdbCodec.flood(w, 0, BR0, ip("203.0.113.2"), true));
    CASES.put("fdb-append-flood-v6", w -> FdbCodec.flood(w, 0, BR0, ip("fd00::2"), true));
    CASES.put("fdb-del-flood", w -> FdbCodec.flood(w, 0, BR0, ip("203.0.113.2"), false));
    CASES.put("fdb-show", w -> FdbCodec.dump(w, 0));
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  /** A capture: the ip or bridge command and the request bytes. */
  record Capture(String command, byte[] bytes) {}

  static Capture load(String name) {
    try (InputStream in =
        ConformanceTest.class.getResourceAsStream("/conformance/" + name + ".txt")) {
      if (in == null) {
        throw new IllegalStateException("no capture for " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String command = null;
      List<Byte> bytes = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("# ip command: ")) {
          command = line.substring("# ip command: ".length());
        } else if (!line.startsWith("#") && !line.isBlank()) {
          for (String h : line.trim().split("\\s+")) {
            bytes.add((byte) Integer.parseInt(h, 16));
          }
        }
      }
      byte[] out = new byte[bytes.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = bytes.get(i);
      }
      return new Capture(command, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> cases() {
    return CASES.keySet().stream().map(k -> Arguments.of(k, load(k).command()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void encodesLikeIproute2(String name, String command) {
    byte[] expected = load(name).bytes();
    MessageWriter w = new MessageWriter();
    CASES.get(name).accept(w);
    byte[] actual = w.toByteArray();
    // nlmsg_seq (bytes 8..11) and nlmsg_pid (12..15) are per-process and not compared.
    for (int i = 8; i < 16 && i < expected.length; i++) {
      expected[i] = 0;
    }
    assertThat(hex(actual)).as(command).isEqualTo(hex(expected));
  }

  @Test
  void coversTheRequiredCases() {
    assertThat(CASES.keySet())
        .contains(
            "bridge",
            "bridge-vlan-filtering",
            "veth",
            "vxlan",
            "macvlan",
            "macvtap",
            "vlan-8021q",
            "vlan-8021ad",
            "bond-active-backup",
            "bond-8023ad",
            "bond-lacp",
            "dummy",
            "addr-add-v4",
            "route-add-via",
            "set-master",
            "set-mtu",
            "vxlan-group",
            "veth-grouped",
            "bond-set-miimon",
            "bond-set-lacp",
            "bridge-vlan-add-pvid",
            "bridge-vlan-add-range",
            "bridge-vlan-del",
            "bridge-vlan-show",
            "fdb-append-flood",
            "fdb-del-flood",
            "fdb-show");
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b.length; i++) {
      sb.append(String.format("%02x", b[i] & 0xff)).append(i % 16 == 15 ? "\n" : " ");
    }
    return sb.toString();
  }
}
