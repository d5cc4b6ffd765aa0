package io.vtopo.netlink.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.plan.PlanDiff;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.testsupport.Privileged;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link backend against the kernel, in a fresh namespace per test. */
class BackendKernelTest {
  private Netns ns;
  private NetlinkLinkBackend backend;
  private RtNetlink nl;

  @BeforeEach
  void open() {
    try {
      ns = Netns.create();
    } catch (NetlinkException e) {
      Privileged.assume(
          false,
          "cannot create a network namespace ("
              + e.getMessage()
              + "); run as root or with "
              + "scripts/java-in-userns (mvn -Puserns)");
    }
    backend = NetlinkLinkBackend.open(ns);
    nl = RtNetlink.open(ns);
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
      nl.close();
    }
    if (ns != null) {
      ns.close();
    }
  }

  static LinkAttrs attrs(String name, String master, List<String> addrs, List<Route> routes) {
    return new LinkAttrs(
        name,
        AdminState.UP,
        null,
        null,
        master,
        null,
        addrs.stream().map(a -> IpPrefix.parse(a).orElseThrow()).collect(Collectors.toList()),
        routes);
  }

  static Route route(String to, String via) {
    return new Route(
        IpPrefix.parse(to).orElseThrow(),
        via == null ? null : io.vtopo.core.model.IpAddress.parse(via).orElseThrow(),
        null);
  }

  private Map<String, Owned<Link>> live() {
    return backend.readLinks().stream()
        .collect(Collectors.toMap(o -> o.value().name(), Function.identity()));
  }

  private List<Change<Link>> createAll() {
    Bridge br =
        new Bridge(
            attrs(
                "br0",
                null,
                List.of("192.0.2.1/24"),
                List.of(route("198.51.100.0/24", "192.0.2.254"))),
            true,
            4,
            null,
            List.of());
    Veth veth = new Veth(attrs("v0", "br0", List.of(), List.of()), "v1", null);
    return List.of(new Change.Create<>(br), new Change.Create<>(veth));
  }

  @Test
  void createsMarksAndReadsBack() {
    backend.apply(createAll(), "t1");
    nl.createLink(LinkSpec.create("foreign0", BridgeInfo.defaults()));
    Map<String, Owned<Link>> live = live();
    Owned<Link> br = live.get("br0");
    assertThat(br.ownedBy("t1")).isTrue();
    Bridge b = (Bridge) br.value();
    assertThat(b.stp()).isTrue();
    assertThat(b.forwardDelay()).isEqualTo(4);
    assertThat(b.attrs().state()).isEqualTo(AdminState.UP);
    assertThat(b.attrs().addresses()).containsExactly(IpPrefix.parse("192.0.2.1/24").orElseThrow());
    assertThat(b.attrs().routes()).containsExactly(route("198.51.100.0/24", "192.0.2.254"));
    assertThat(b.ports()).extracting(p -> p.name()).containsExactly("v0");
    assertThat(live.get("v0").value().attrs().master()).isEqualTo("br0");
    assertThat(((Veth) live.get("v0").value()).peer()).isEqualTo("v1");
    assertThat(live.get("foreign0").isOwned()).isFalse();
    assertThat(live.get("lo").isOwned()).isFalse();
    assertThat(nl.link("br0").orElseThrow().group()).isEqualTo(Ownership.groupFor("t1"));
    assertThat(nl.link("br0").orElseThrow().alias()).isEqualTo("vtopo:t1");
  }

  @Test
  void modifiesInPlace() {
    backend.apply(createAll(), "t1");
    Link current = live().get("br0").value();
    Bridge desired =
        new Bridge(
            new LinkAttrs(
                "br0",
                AdminState.UP,
                1400,
                null,
                null,
                null,
                List.of(IpPrefix.parse("192.0.2.2/24").orElseThrow()),
                List.of()),
            false,
            null,
            null,
            List.of());
    backend.apply(
        List.of(
            new Change.Modify<>(
                current, desired, PlanDiff.link(current, desired, NetlinkLinkBackend.CONTRACT))),
        "t1");
    Bridge b = (Bridge) live().get("br0").value();
    assertThat(b.attrs().mtu()).isEqualTo(1400);
    assertThat(b.stp()).isFalse();
    assertThat(b.attrs().addresses()).containsExactly(IpPrefix.parse("192.0.2.2/24").orElseThrow());
    assertThat(b.attrs().routes()).isEmpty();
  }

  @Test
  void aLinkAnotherTopologyTookSinceThePlanIsNotModifiedButADeclaredNicIs() {
    backend.apply(createAll(), "t1");
    Link current = live().get("br0").value();
    Bridge desired =
        new Bridge(
            new LinkAttrs("br0", AdminState.UP, 1400, null, null, null, List.of(), List.of()),
            false,
            null,
            null,
            List.of());
    var changes = PlanDiff.link(current, desired, NetlinkLinkBackend.CONTRACT);
    // Planned as t1's; before the apply acts, another topology marks the bridge as its own.
    nl.modifyLink(LinkSpec.ofName("br0").withAlias(Ownership.alias("t2")));
    assertThatThrownBy(
            () -> backend.apply(List.of(new Change.Modify<>(current, desired, changes)), "t1"))
        .isInstanceOfSatisfying(
            VtopoException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(VtopoException.Kind.NOT_OWNED);
              assertThat(e.getMessage()).contains("changed hands since the plan").contains("t2");
            });
    assertThat(nl.link("br0").orElseThrow().mtu()).isNotEqualTo(1400);
    // A NIC is the host's whoever marked it (the sandbox marks its NIC stand-ins): it is changed.
    Nic nicNow = new Nic(current.attrs());
    Nic nicWanted = new Nic(desired.attrs());
    backend.apply(
        List.of(
            new Change.Modify<>(
                nicNow, nicWanted, PlanDiff.link(nicNow, nicWanted, NetlinkLinkBackend.CONTRACT))),
        "t1");
    assertThat(nl.link("br0").orElseThrow().mtu()).isEqualTo(1400);
  }

  @Test
  void aPortTheFileNoLongerEnslavesIsReleased() {
    backend.apply(createAll(), "t1");
    Link port = live().get("v0").value();
    assertThat(port.attrs().master()).isEqualTo("br0");
    Link released = io.vtopo.core.model.Links.withAttrs(port, port.attrs().withMaster(null));
    backend.apply(
        List.of(
            new Change.Modify<>(
                port, released, PlanDiff.link(port, released, NetlinkLinkBackend.CONTRACT))),
        "t1");
    assertThat(live().get("v0").value().attrs().master()).isNull();
    assertThat(((Bridge) live().get("br0").value()).ports()).isEmpty();
  }

  @Test
  void aVethPairDeclaredFromBothEndsIsCreatedOnce() {
    Veth a = new Veth(attrs("pa", null, List.of("203.0.113.1/30"), List.of()), "pb", null);
    Veth b =
        new Veth(
            new LinkAttrs(
                "pb",
                AdminState.UP,
                1400,
                null,
                null,
                null,
                List.of(IpPrefix.parse("203.0.113.2/30").orElseThrow()),
                List.of()),
            "pa",
            null);
    backend.apply(List.of(new Change.Create<>(a), new Change.Create<>(b)), "t1");
    Map<String, Owned<Link>> live = live();
    assertThat(live.get("pa").ownedBy("t1")).isTrue();
    assertThat(live.get("pb").ownedBy("t1")).isTrue();
    assertThat(live.get("pb").value().attrs().mtu()).isEqualTo(1400);
    assertThat(live.get("pb").value().attrs().addresses())
        .containsExactly(IpPrefix.parse("203.0.113.2/30").orElseThrow());
  }

  private io.vtopo.core.plan.HostState host() {
    return new io.vtopo.core.plan.HostState(backend.readLinks(), List.of(), List.of());
  }

  @Test
  void aVethDeclaredFromOneEndIsOneObjectFromCreateToDestroy() {
    io.vtopo.core.model.Topology t =
        new io.vtopo.core.model.Topology(
            "t1",
            List.of(new Veth(attrs("vx", null, List.of("203.0.113.5/30"), List.of()), "vxp", null)),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    io.vtopo.core.plan.PlanOptions opts =
        io.vtopo.core.plan.PlanOptions.defaults().withLinkContract(backend.contract());
    io.vtopo.core.plan.Plan create = io.vtopo.core.plan.Planner.plan(t, host(), opts);
    assertThat(create.steps()).hasSize(1);
    backend.apply(LinkChanges.of(create), "t1");
    Map<String, Owned<Link>> live = live();
    assertThat(live.get("vx").ownedBy("t1")).isTrue();
    assertThat(live.get("vxp").ownedBy("t1")).isTrue();
    assertThat(nl.link("vxp").orElseThrow().group()).isEqualTo(Ownership.groupFor("t1"));
    // Verification: the undeclared end belongs to the pair, so the host matches the file.
    io.vtopo.core.plan.Plan again = io.vtopo.core.plan.Planner.plan(t, host(), opts);
    assertThat(again.steps()).as(io.vtopo.core.plan.PlanRenderer.text(again)).isEmpty();
    assertThat(again.refusals()).isEmpty();
    io.vtopo.core.plan.Plan destroy = io.vtopo.core.plan.Planner.destroy("t1", host(), opts);
    assertThat(destroy.steps()).hasSize(1);
    backend.apply(LinkChanges.of(destroy), "t1");
    assertThat(live()).containsOnlyKeys("lo");
  }

  @Test
  void adoptMarksAForeignLinkAndRefusesAnotherTopologysLink() {
    nl.createLink(LinkSpec.create("foreign1", BridgeInfo.defaults()));
    assertThat(live().get("foreign1").isOwned()).isFalse();
    backend.adopt("foreign1", "t2");
    assertThat(live().get("foreign1").ownedBy("t2")).isTrue();
    assertThat(nl.link("foreign1").orElseThrow().group()).isEqualTo(Ownership.groupFor("t2"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.adopt("foreign1", "t3"))
        .isInstanceOf(io.vtopo.core.VtopoException.class)
        .hasMessageContaining("owned by topology t2");
  }

  @Test
  void deletesOwnedLinksByGroupAndRefusesForeignOnes() {
    backend.apply(createAll(), "t1");
    nl.createLink(LinkSpec.create("foreign0", BridgeInfo.defaults()));
    Map<String, Owned<Link>> live = live();
    assertThatThrownBy(
            () -> backend.apply(List.of(new Change.Delete<>(live.get("foreign0").value())), "t1"))
        .isInstanceOfSatisfying(
            VtopoException.class,
            e -> assertThat(e.kind()).isEqualTo(VtopoException.Kind.NOT_OWNED));
    assertThatThrownBy(
            () -> backend.apply(List.of(new Change.Delete<>(live.get("br0").value())), "other"))
        .isInstanceOfSatisfying(
            VtopoException.class, e -> assertThat(e.getMessage()).contains("owned by topology t1"));
    backend.apply(
        List.of(
            new Change.Delete<>(live.get("v0").value()),
            new Change.Delete<>(live.get("v1").value()),
            new Change.Delete<>(live.get("br0").value())),
        "t1");
    assertThat(live()).containsOnlyKeys("lo", "foreign0");
  }

  @Test
  void kernelRefusalsBecomeReadableVtopoErrors() {
    backend.apply(createAll(), "t1");
    Vlan vlan =
        new Vlan(attrs("br0.10", null, List.of(), List.of()), "br0", 10, VlanProtocol.DOT1Q);
    try {
      backend.apply(List.of(new Change.Create<>(vlan)), "t1");
      assertThat(live()).containsKey("br0.10");
    } catch (VtopoException e) {
      assertThat(e.kind()).isEqualTo(VtopoException.Kind.UNSUPPORTED);
      assertThat(e.getMessage())
          .startsWith("links[br0.10]: ip link add br0.10")
          .contains("Unknown device type");
    }
  }

  @Test
  void aVethWhosePeerIsInANamedNamespaceReadsBackWithThatNamespaceAndPlansNoChange() {
    String other = "vt-peer-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
    Netns.createNamed(other).close();
    try {
      Veth wanted = new Veth(attrs("vx0", null, List.of(), List.of()), "vx0p", other);
      backend.apply(List.of(new Change.Create<>(wanted)), "lab");
      Link live = live().get("vx0").value();
      // Not Veth.ELSEWHERE: the peer's namespace is named (ip link's link-netns), and so is the
      // peer, so an export of this host re-reads as the same pair.
      assertThat(live).isEqualTo(new Veth(((Veth) live).attrs(), "vx0p", other));
      assertThat(PlanDiff.link(live, wanted, NetlinkLinkBackend.CONTRACT)).isEmpty();
      Veth elsewhere = new Veth(attrs("vx0", null, List.of(), List.of()), "vx0q", other);
      assertThat(PlanDiff.link(live, elsewhere, NetlinkLinkBackend.CONTRACT))
          .extracting(c -> c.key())
          .containsExactly(io.vtopo.core.plan.LinkField.PEER);
    } finally {
      Netns.deleteNamed(other);
    }
  }

  @Test
  void aTapOwnerGivenAsANumberReadsBackAsTheSameOwner() {
    java.nio.file.Path tun = java.nio.file.Path.of("/dev/net/tun");
    Privileged.assume(
        java.nio.file.Files.isReadable(tun) && java.nio.file.Files.isWritable(tun),
        tun + " is missing or not read-writable for this user");
    io.vtopo.core.model.Tap wanted =
        new io.vtopo.core.model.Tap(
            attrs("tapu0", null, List.of(), List.of()), "0", "0", null, null);
    backend.apply(List.of(new Change.Create<>(wanted)), "lab");
    Link live = live().get("tapu0").value();
    // The kernel's uid 0 reads back by its name; the file's number and that name are one owner.
    assertThat(((io.vtopo.core.model.Tap) live).owner()).isEqualTo("root");
    assertThat(PlanDiff.link(live, wanted, NetlinkLinkBackend.CONTRACT)).isEmpty();
    io.vtopo.core.model.Tap other =
        new io.vtopo.core.model.Tap(
            attrs("tapu0", null, List.of(), List.of()), "1", "0", null, null);
    assertThat(PlanDiff.link(live, other, NetlinkLinkBackend.CONTRACT))
        .extracting(c -> c.key())
        .containsExactly(io.vtopo.core.plan.LinkField.TAP_OWNER);
  }

  @Test
  void tapsOwnedByUserAndGroupNamesGetThoseIds() {
    java.nio.file.Path tun = java.nio.file.Path.of("/dev/net/tun");
    Privileged.assume(
        java.nio.file.Files.isReadable(tun) && java.nio.file.Files.isWritable(tun),
        tun
            + " is missing or not read-writable for this user (in a user namespace real root's 0600 device stays closed)");
    // Names, not numbers: looked up once in /etc/passwd and /etc/group for the whole apply.
    List<Change<Link>> taps = new java.util.ArrayList<>();
    for (String name : List.of("tapn0", "tapn1", "tapn2")) {
      taps.add(
          new Change.Create<>(
              new io.vtopo.core.model.Tap(
                  attrs(name, null, List.of(), List.of()), "root", "root", null, null)));
    }
    backend.apply(taps, "lab");
    Map<String, Owned<Link>> live = live();
    for (String name : List.of("tapn0", "tapn1", "tapn2")) {
      io.vtopo.core.model.Tap t = (io.vtopo.core.model.Tap) live.get(name).value();
      assertThat(t.owner()).isEqualTo("root");
      assertThat(t.group()).isEqualTo("root");
    }
    assertThatThrownBy(
            () ->
                backend.apply(
                    List.of(
                        new Change.Create<>(
                            new io.vtopo.core.model.Tap(
                                attrs("tapn3", null, List.of(), List.of()),
                                "no-such-user-vtopo",
                                null,
                                null,
                                null))),
                    "lab"))
        .hasMessageContaining("no such user: no-such-user-vtopo");
  }
}
