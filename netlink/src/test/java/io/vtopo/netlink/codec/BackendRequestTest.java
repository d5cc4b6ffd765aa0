package io.vtopo.netlink.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Dummy;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vxlan;
import io.vtopo.core.plan.PlanDiff;
import io.vtopo.netlink.FakeKernel;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.backend.NetlinkLinkBackend;
import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BondMode;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.BridgeVlan;
import io.vtopo.netlink.model.LinkInfo;
import io.vtopo.netlink.model.TunInfo;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import io.vtopo.netlink.wire.Replies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The link backend at the request level, for what this kernel cannot run (bonds, dummy links,
 * bridge VLAN filtering): a scripted kernel answers the backend's dumps with a constructed host and
 * records every request, and the requests must be byte-identical (but for sequence and port) to
 * what iproute2 sends for the same change, captured in {@code conformance/}. The ifindexes of the
 * constructed hosts match the captures' setup (br0=2, veth1=3, veth0=4).
 */
class BackendRequestTest {
  private static final int PORT = 4343;

  /** One link of a constructed host. */
  record Host(int index, String name, LinkInfo info, int master, boolean up) {}

  static final Host LO = new Host(1, "lo", null, 0, true);

  /** The captures' bridge, ifindex 2, VLAN filtering on or left to the kernel ({@code null}). */
  static Host br0(Boolean vlanFiltering, boolean up) {
    return new Host(
        2,
        "br0",
        new BridgeInfo(null, null, null, null, null, null, vlanFiltering, null, null, null),
        0,
        up);
  }

  /**
   * A kernel that dumps a constructed host (links and bridge port VLANs), ACKs every change and
   * keeps it.
   */
  static final class RecordingKernel extends FakeKernel {
    final List<Host> links;
    final Map<Integer, List<BridgeVlan>> vlans;
    final List<byte[]> changes = new ArrayList<>();

    RecordingKernel(List<Host> links, Map<Integer, List<BridgeVlan>> vlans) {
      super(PORT);
      this.links = links;
      this.vlans = vlans;
    }

    @Override
    protected void answer(ByteBuffer b, int p, int len) {
      int type = Replies.type(b, p);
      int seq = Replies.seq(b, p);
      MessageWriter w = new MessageWriter();
      if ((Replies.flags(b, p) & Nl.NLM_F_DUMP) == Nl.NLM_F_DUMP) {
        int family = b.get(p + Nl.HDRLEN) & 0xff;
        if (type == Nl.RTM_GETLINK) {
          for (Host h : links) {
            w.begin(Nl.RTM_NEWLINK, Nl.NLM_F_MULTI, seq, PORT);
            LinkCodec.ifinfomsg(w, family, h.index(), h.up() ? Nl.IFF_UP : 0, 0);
            w.attrString(Nl.IFLA_IFNAME, h.name());
            w.attrU32(Nl.IFLA_MTU, 1500);
            if (h.master() != 0) {
              w.attrU32(Nl.IFLA_MASTER, h.master());
            }
            if (family == Nl.AF_BRIDGE) {
              int spec = w.nestStart(Nl.IFLA_AF_SPEC);
              for (BridgeVlan v : vlans.getOrDefault(h.index(), List.of())) {
                int a = w.nestStart(Nl.IFLA_BRIDGE_VLAN_INFO);
                w.u16(
                        (v.pvid() ? Nl.BRIDGE_VLAN_INFO_PVID : 0)
                            | (v.untagged() ? Nl.BRIDGE_VLAN_INFO_UNTAGGED : 0))
                    .u16(v.vid());
                w.nestEnd(a);
              }
              w.nestEnd(spec);
            } else {
              w.attrStringNoNul(Nl.IFLA_IFALIAS, "vtopo:lab");
              if (h.info() != null) {
                LinkKindCodecs.encode(w, h.info());
              }
            }
            w.end();
          }
        }
        w.begin(Nl.NLMSG_DONE, Nl.NLM_F_MULTI, seq, PORT).u32(0).end();
      } else {
        byte[] req = new byte[len];
        b.get(p, req);
        changes.add(req);
        w.begin(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED, seq, PORT).u32(0);
        w.u32(16).u16(type).u16(0).u32(seq).u32(PORT).end();
      }
      out.add(w.view());
    }
  }

  private static String capture(String name) {
    return hex(ConformanceTest.load(name).bytes());
  }

  /** Hex of a request with nlmsg_seq and nlmsg_pid zeroed (they differ per process). */
  static String hex(byte[] b) {
    byte[] c = b.clone();
    for (int i = 8; i < 16 && i < c.length; i++) {
      c[i] = 0;
    }
    return ConformanceTest.hex(c);
  }

  private static List<String> requests(RecordingKernel k) {
    return k.changes.stream().map(BackendRequestTest::hex).toList();
  }

  private static Map<String, Owned<Link>> read(NetlinkLinkBackend b) {
    return b.readLinks().stream()
        .collect(Collectors.toMap(o -> o.value().name(), Function.identity()));
  }

  private static void modify(NetlinkLinkBackend b, Link current, Link desired) {
    b.apply(
        List.of(
            new Change.Modify<>(
                current, desired, PlanDiff.link(current, desired, NetlinkLinkBackend.CONTRACT))),
        "lab");
  }

  private static RecordingKernel bondHost() {
    return new RecordingKernel(
        List.of(
            LO,
            new Host(
                2, "bond0", new BondInfo(BondMode.LACP_802_3AD, 100, null, null, 0, 1), 0, true)),
        Map.of());
  }

  @Test
  void bondMiimonAndHashPolicyChangeInPlaceLikeIpLinkSetTypeBond() {
    RecordingKernel k = bondHost();
    try (NetlinkLinkBackend b = NetlinkLinkBackend.over(RtNetlink.over(k))) {
      Bond live = (Bond) read(b).get("bond0").value();
      assertThat(live.miimon()).isEqualTo(100);
      modify(b, live, new Bond(live.attrs(), live.mode(), live.ports(), 200, null, null));
      assertThat(requests(k)).containsExactly(capture("bond-set-miimon"));
      k.changes.clear();
      modify(b, live, new Bond(live.attrs(), live.mode(), live.ports(), null, null, "layer2+3"));
      assertThat(requests(k)).containsExactly(capture("bond-set-hash"));
    }
  }

  @Test
  void bondLacpRateGoesDownSetUpBecauseTheKernelRefusesItOnALiveBond() {
    RecordingKernel k = bondHost();
    try (NetlinkLinkBackend b = NetlinkLinkBackend.over(RtNetlink.over(k))) {
      Bond live = (Bond) read(b).get("bond0").value();
      assertThat(live.lacpRate()).isEqualTo("fast");
      modify(b, live, new Bond(live.attrs(), live.mode(), live.ports(), null, "slow", null));
      List<String> r = requests(k);
      assertThat(r).hasSize(4);
      // ip link set dev bond0 down; ip link set dev bond0 type bond lacp_rate slow; ip link set dev
      // bond0 up, whose name lookup (RTM_GETLINK, acknowledged, no statistics) vtopo sends by
      // index: the kernel first carries out the link's pending carrier events (Batch#syncLinkState)
      assertThat(r.get(0)).isEqualTo(capture("set-down"));
      assertThat(r.get(1)).isEqualTo(capture("bond-set-lacp"));
      assertThat(r.get(2))
          .isEqualTo(
              "28 00 00 00 12 00 05 00 00 00 00 00 00 00 00 00\n"
                  + "00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00\n"
                  + "08 00 1d 00 08 00 00 00 ");
      assertThat(r.get(3)).isEqualTo(capture("set-up"));
    }
  }

  @Test
  void bridgePortVlansAreReadBackAndChangedLikeBridgeVlanDelAdd() {
    RecordingKernel k =
        new RecordingKernel(
            List.of(
                LO,
                br0(true, true),
                new Host(4, "tap0", new TunInfo(true, null, null, false, false, true), 2, true)),
            Map.of(4, List.of(BridgeVlan.of(1, true, true))));
    try (NetlinkLinkBackend b = NetlinkLinkBackend.over(RtNetlink.over(k))) {
      Link live = read(b).get("tap0").value();
      assertThat(live.attrs().portVlan()).isEqualTo(PortVlan.access(1));
      Link desired =
          io.vtopo.core.model.Links.withAttrs(
              live, live.attrs().withPortVlan(PortVlan.access(100)));
      modify(b, live, desired);
      // bridge vlan del dev tap0 vid 1; bridge vlan add dev tap0 vid 100 pvid untagged
      assertThat(requests(k))
          .containsExactly(capture("bridge-vlan-del"), capture("bridge-vlan-add-pvid"));
    }
  }

  @Test
  void createsSendWhatIpLinkAddSendsWithTheOwnershipMarks() {
    RecordingKernel k = new RecordingKernel(List.of(LO, br0(null, true)), Map.of());
    try (NetlinkLinkBackend b = NetlinkLinkBackend.over(RtNetlink.over(k))) {
      LinkAttrs dummy = new LinkAttrs("dummy1", null, 9000, null, null, null, List.of(), List.of());
      b.apply(List.of(new Change.Create<>(new Dummy(dummy))), "lab");
      assertThat(requests(k).get(0)).isEqualTo(capture("backend-dummy"));
      k.changes.clear();
      Vxlan vx =
          new Vxlan(
              LinkAttrs.named("vx0"),
              42,
              IpAddress.parse("192.0.2.1").orElseThrow(),
              IpAddress.parse("192.0.2.2").orElseThrow(),
              null,
              4789,
              "br0",
              List.of());
      b.apply(List.of(new Change.Create<>(vx)), "lab");
      assertThat(requests(k).get(0)).isEqualTo(capture("backend-vxlan"));
      k.changes.clear();
      b.apply(List.of(new Change.Create<>(new Veth(LinkAttrs.named("va"), "vb", null))), "lab");
      // The pair is created in one request that gives both ends the topology's group; the kernel
      // ignores aliases on
      // create, so each end's alias follows in the same batch.
      assertThat(requests(k).get(0)).isEqualTo(capture("backend-veth"));
      assertThat(requests(k)).hasSize(3);
    }
  }

  @Test
  void setRequestsAddressTheLinkByIndex() {
    RecordingKernel k =
        new RecordingKernel(
            List.of(LO, br0(null, false), new Host(4, "veth0", null, 0, false)), Map.of());
    try (NetlinkLinkBackend b = NetlinkLinkBackend.over(RtNetlink.over(k))) {
      Map<String, Owned<Link>> live = read(b);
      Link br = live.get("br0").value();
      modify(
          b,
          br,
          io.vtopo.core.model.Links.withAttrs(
              br, new LinkAttrs("br0", null, 1400, null, null, null, List.of(), List.of())));
      assertThat(requests(k)).containsExactly(capture("set-mtu"));
      k.changes.clear();
      Link port = live.get("veth0").value();
      modify(b, port, io.vtopo.core.model.Links.withAttrs(port, port.attrs().withMaster("br0")));
      assertThat(requests(k)).containsExactly(capture("set-master"));
      k.changes.clear();
      modify(
          b,
          br,
          io.vtopo.core.model.Links.withAttrs(
              br,
              new LinkAttrs("br0", AdminState.UP, null, null, null, null, List.of(), List.of())));
      assertThat(requests(k)).containsExactly(capture("set-up"));
    }
  }
}
