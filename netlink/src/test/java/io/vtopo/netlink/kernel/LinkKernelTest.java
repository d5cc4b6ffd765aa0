package io.vtopo.netlink.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.netlink.Batch;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.TapSpec;
import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BondMode;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.DummyInfo;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.MacAddress;
import io.vtopo.netlink.model.MacvlanInfo;
import io.vtopo.netlink.model.MacvlanMode;
import io.vtopo.netlink.model.MacvtapInfo;
import io.vtopo.netlink.model.TunInfo;
import io.vtopo.netlink.model.VethInfo;
import io.vtopo.netlink.model.VlanInfo;
import io.vtopo.netlink.model.VxlanInfo;
import io.vtopo.testsupport.Privileged;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Links against the real kernel, each test in a fresh namespace. */
class LinkKernelTest extends KernelTestBase {
  static BridgeInfo stp(int stp, int forwardDelay) {
    return new BridgeInfo(stp, forwardDelay, null, null, null, null, null, null, null, null);
  }

  @Test
  void bridgeWithStpAndForwardDelay() {
    nl.createLink(LinkSpec.create("br0", stp(1, 400)));
    Link br = link("br0");
    assertThat(br.kind()).isEqualTo("bridge");
    BridgeInfo info = (BridgeInfo) br.info();
    assertThat(info.stpState()).isEqualTo(1);
    assertThat(info.forwardDelay()).isEqualTo(400);
  }

  @Test
  void tapWithOwnerGroupMultiQueueAndVnetHdr() {
    Path tun = Path.of("/dev/net/tun");
    Privileged.assume(
        Files.isReadable(tun) && Files.isWritable(tun),
        tun
            + " is missing or not read-writable for "
            + "this user (mode 0666 is usual; in a user namespace real root's 0600 device stays closed)");
    nl.createTap(new TapSpec("tap0", true, 0, 0, true, true, true));
    nl.createTap(TapSpec.tap("tap1"));
    TunInfo t = (TunInfo) link("tap0").info();
    assertThat(t.tap()).isTrue();
    assertThat(t.owner()).isEqualTo(0);
    assertThat(t.group()).isEqualTo(0);
    assertThat(t.multiQueue()).isTrue();
    assertThat(t.vnetHdr()).isTrue();
    assertThat(t.persist()).isTrue();
    TunInfo t1 = (TunInfo) link("tap1").info();
    assertThat(t1.multiQueue()).isFalse();
    assertThat(t1.owner()).isNull();
  }

  @Test
  void vethWithPeerCreatedDirectlyInAnotherNamespace() {
    Netns other = newNamespace();
    nl.createLink(LinkSpec.create("v0", new VethInfo("v1", other)));
    Link v0 = link("v0");
    assertThat(v0.kind()).isEqualTo("veth");
    assertThat(v0.linkNetnsId()).isNotNull();
    assertThat(nl.link("v1")).isEmpty();
    RtNetlink there = client(other);
    assertThat(there.link("v1")).hasValueSatisfying(l -> assertThat(l.kind()).isEqualTo("veth"));
  }

  @Test
  void vxlan() throws Exception {
    nl.createLink(LinkSpec.create("ul0", BridgeInfo.defaults()));
    int ul = link("ul0").index();
    nl.createLink(
        LinkSpec.create(
            "vx0",
            new VxlanInfo(
                42,
                InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("192.0.2.2"),
                ul,
                null,
                true,
                4789)));
    VxlanInfo v = (VxlanInfo) link("vx0").info();
    assertThat(v.id()).isEqualTo(42);
    assertThat(v.port()).isEqualTo(4789);
    assertThat(v.device()).isEqualTo(ul);
    assertThat(v.local().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(v.remote().getHostAddress()).isEqualTo("192.0.2.2");
  }

  @Test
  void macvlanAndMacvtapOnAVeth() {
    nl.createLink(LinkSpec.create("p0", new VethInfo("p1", null)));
    int p0 = link("p0").index();
    nl.createLink(LinkSpec.create("mv0", new MacvlanInfo(MacvlanMode.BRIDGE)).withParent(p0));
    nl.createLink(LinkSpec.create("mvt0", new MacvtapInfo(MacvlanMode.VEPA)).withParent(p0));
    assertThat(link("mv0").info()).isEqualTo(new MacvlanInfo(MacvlanMode.BRIDGE));
    assertThat(link("mv0").parent()).isEqualTo(p0);
    assertThat(link("mvt0").info()).isEqualTo(new MacvtapInfo(MacvlanMode.VEPA));
  }

  @Test
  void masterMtuMacAliasGroupAndState() {
    nl.createLink(LinkSpec.create("br0", BridgeInfo.defaults()));
    nl.createLink(LinkSpec.create("a0", new VethInfo("a1", null)));
    nl.setMaster("a0", "br0");
    nl.setMtu("br0", 1400);
    nl.setMac("br0", MacAddress.parse("02:00:00:00:00:01"));
    nl.setAlias("br0", "vtopo:test");
    nl.setGroup("br0", 42);
    nl.setUp("br0");
    nl.setUp("a0");
    Link br = link("br0");
    assertThat(link("a0").master()).isEqualTo(br.index());
    assertThat(link("a0").slaveKind()).isEqualTo("bridge");
    assertThat(br.mtu()).isEqualTo(1400);
    assertThat(br.mac()).hasToString("02:00:00:00:00:01");
    assertThat(br.alias()).isEqualTo("vtopo:test");
    assertThat(br.group()).isEqualTo(42);
    assertThat(br.up()).isTrue();
    nl.setNoMaster("a0");
    nl.setDown("br0");
    assertThat(link("a0").master()).isZero();
    assertThat(link("br0").up()).isFalse();
  }

  @Test
  void moveBetweenNamespaces() {
    Netns other = newNamespace();
    // Bridges are netns-local in the kernel; veth ends and taps can move.
    nl.createLink(LinkSpec.create("m0", new VethInfo("m1", null)));
    nl.moveToNamespace("m1", other);
    assertThat(nl.link("m1")).isEmpty();
    assertThat(client(other).link("m1")).isPresent();
    assertThat(link("m0").linkNetnsId()).isNotNull();
  }

  @Test
  void deleteByNameAndIndex() {
    nl.createLink(LinkSpec.create("d0", BridgeInfo.defaults()));
    nl.createLink(LinkSpec.create("d1", BridgeInfo.defaults()));
    nl.deleteLink("d0");
    nl.deleteLink(link("d1").index());
    assertThat(nl.link("d0")).isEmpty();
    assertThat(nl.link("d1")).isEmpty();
  }

  @Test
  void refusalsComeBackWithErrnoAndKernelText() {
    nl.createLink(LinkSpec.create("br0", BridgeInfo.defaults()));
    assertThatThrownBy(() -> nl.createLink(LinkSpec.create("br0", BridgeInfo.defaults())))
        .isInstanceOfSatisfying(
            NetlinkException.class,
            e -> {
              assertThat(e.errnoName()).isEqualTo("EEXIST");
              assertThat(e.getMessage()).startsWith("ip link add br0 type bridge: EEXIST (17)");
            });
    int br0 = link("br0").index();
    // This kernel has no vlan, bond or dummy drivers: the kernel says so through the extended ACK.
    for (LinkSpec s :
        List.of(
            LinkSpec.create("br0.10", new VlanInfo(10, null)).withParent(br0),
            LinkSpec.create("bond0", new BondInfo(BondMode.ACTIVE_BACKUP, 100, null, null)),
            LinkSpec.create("dummy0", new DummyInfo()))) {
      try {
        nl.createLink(s);
        assertThat(nl.link(s.name()))
            .as("kernel accepted %s, so it must exist", s.name())
            .isPresent();
      } catch (NetlinkException e) {
        assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
        assertThat(e.extAck()).isEqualTo("Unknown device type");
        assertThat(e.getMessage())
            .contains("ip link add " + s.name())
            .endsWith("EOPNOTSUPP (95): Unknown device type");
      }
    }
  }

  @Test
  void bridgeVlanFilteringIsRefusedReadablyOrApplied() {
    LinkSpec s =
        LinkSpec.create(
            "brv", new BridgeInfo(null, null, null, null, null, null, true, null, null, null));
    try {
      nl.createLink(s);
      assertThat(((BridgeInfo) link("brv").info()).vlanFiltering()).isTrue();
    } catch (NetlinkException e) {
      assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
      assertThat(e.getMessage()).contains("ip link add brv type bridge");
    }
  }

  @Test
  void batchReportsExactlyWhichRequestsFailed() {
    Batch b =
        nl.batch()
            .createLink(LinkSpec.create("b1", BridgeInfo.defaults()))
            .createLink(LinkSpec.create("b1", BridgeInfo.defaults()))
            .createLink(LinkSpec.create("b2", BridgeInfo.defaults()))
            .deleteLink("nope");
    List<NetlinkException> failures = b.execute();
    assertThat(failures).extracting(NetlinkException::requestIndex).containsExactly(1, 3);
    assertThat(failures)
        .extracting(NetlinkException::errnoName)
        .containsExactly("EEXIST", "ENODEV");
    assertThat(nl.link("b1")).isPresent();
    assertThat(nl.link("b2")).isPresent();
  }

  @Test
  void largeBatchesAndDumpsSpanManySendsAndDatagrams() {
    Batch b = nl.batch();
    // 300 requests: more than one sendmsg chunk. Only 30 are grouped: the kernel deletes bridges
    // slowly.
    for (int i = 0; i < 300; i++) {
      b.createLink(LinkSpec.create("lb" + i, BridgeInfo.defaults()).withGroup(i < 30 ? 77 : 0));
    }
    b.executeOrThrow();
    List<Link> all = nl.links();
    assertThat(all.stream().filter(l -> l.name().startsWith("lb")).count()).isEqualTo(300);
    nl.deleteGroup(77);
    List<String> left =
        nl.links().stream()
            .map(Link::name)
            .filter(n -> n.startsWith("lb"))
            .collect(Collectors.toList());
    assertThat(left).hasSize(270).allMatch(n -> Integer.parseInt(n.substring(2)) >= 30);
  }

  @Test
  void namedNamespace() {
    boolean writable =
        Files.isWritable(Netns.RUN_NETNS)
            || (!Files.exists(Netns.RUN_NETNS) && Files.isWritable(Netns.RUN_NETNS.getParent()));
    Privileged.assume(
        writable,
        Netns.RUN_NETNS
            + " is not writable (run as root, or through "
            + "scripts/java-in-userns which mounts a private tmpfs there)");
    String name = "vt-" + UUID.randomUUID().toString().substring(0, 8);
    Netns.createNamed(name).close();
    try (Netns named = Netns.named(name);
        RtNetlink c = RtNetlink.open(named)) {
      c.createLink(LinkSpec.create("nbr0", BridgeInfo.defaults()));
      assertThat(c.link("nbr0")).isPresent();
      assertThat(nl.link("nbr0")).isEmpty();
    } finally {
      Netns.deleteNamed(name);
    }
    assertThat(Files.exists(Netns.RUN_NETNS.resolve(name))).isFalse();
  }
}
