package io.vtopo.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.LinkContract;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.BondMode;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner plans link changes by the backend's declaration, with typed values, one step per veth
 * pair.
 */
class LinkContractPlanTest {
  private static Topology topo(List<Link> links, List<Vm> vms) {
    return new Topology("t", links, List.of(), List.of(), vms, List.of());
  }

  private static HostState owned(Link... links) {
    return new HostState(
        java.util.Arrays.stream(links).map(l -> new Owned<>(l, "t")).toList(),
        List.of(),
        List.of());
  }

  private static Bond bond(String lacp, Integer miimon) {
    return new Bond(
        new LinkAttrs("bond0", AdminState.UP, 1500, null, null, null, List.of(), List.of()),
        BondMode.LACP,
        List.of(),
        miimon,
        lacp,
        null);
  }

  @Test
  void changesCarryModelValuesAndTheDeclaredEffect() {
    LinkContract c =
        LinkContract.GENERIC.toBuilder()
            .kind("bond", LinkField.LACP_RATE, Effect.DISRUPTIVE)
            .build();
    Plan p =
        Planner.plan(
            topo(List.of(bond("slow", 200)), List.of()),
            owned(bond("fast", 100)),
            PlanOptions.defaults().withLinkContract(c));
    Step s = p.steps().get(0);
    assertThat(s.action()).isEqualTo(Action.MODIFY);
    assertThat(s.marks()).contains(Mark.DISRUPTIVE);
    assertThat(s.changes())
        .extracting(FieldChange::key)
        .containsExactly(LinkField.MIIMON, LinkField.LACP_RATE);
    assertThat(s.changes().get(0).live()).isEqualTo(100);
    assertThat(s.changes().get(0).desired()).isEqualTo(200);
    assertThat(s.changes().get(0).effect()).isEqualTo(Effect.IN_PLACE);
    assertThat(s.changes().get(1).effect()).isEqualTo(Effect.DISRUPTIVE);
  }

  @Test
  void aChangeTheBackendCannotMakeIsRefusedAtPlanTimeNamingTheField() {
    LinkContract c =
        LinkContract.GENERIC.toBuilder().kind("bond", LinkField.MIIMON, Effect.UNSUPPORTED).build();
    Plan p =
        Planner.plan(
            topo(List.of(bond(null, 200)), List.of()),
            owned(bond("fast", 100)),
            PlanOptions.defaults().withLinkContract(c));
    assertThat(p.steps()).isEmpty();
    assertThat(p.refusals())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.reason())
                    .startsWith("links[bond0].miimon: the link backend cannot change it")
                    .contains("live 100, desired 200"));
  }

  @Test
  void aReplaceFieldReplaces() {
    Bond live = bond(null, null);
    Bond want = new Bond(live.attrs(), BondMode.ACTIVE_BACKUP, List.of(), null, null, null);
    Plan p = Planner.plan(topo(List.of(want), List.of()), owned(live), PlanOptions.defaults());
    assertThat(p.steps())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.action()).isEqualTo(Action.REPLACE);
              assertThat(s.changes().get(0).desired()).isEqualTo(BondMode.ACTIVE_BACKUP);
            });
  }

  @Test
  void addressesAreTypedAndKernelLinkLocalsIgnored() {
    LinkAttrs a =
        LinkAttrs.named("v0")
            .withL3(
                List.of(
                    IpPrefix.parse("192.0.2.1/24").orElseThrow(),
                    IpPrefix.parse("fe80::1/64").orElseThrow()),
                List.of());
    LinkAttrs d =
        LinkAttrs.named("v0")
            .withL3(List.of(IpPrefix.parse("192.0.2.2/24").orElseThrow()), List.of());
    List<FieldChange> ch = PlanDiff.link(new Veth(a, "v1", null), new Veth(d, "v1", null));
    assertThat(ch)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.key()).isEqualTo(LinkField.ADDRESSES);
              assertThat(c.live()).isEqualTo(List.of(IpPrefix.parse("192.0.2.1/24").orElseThrow()));
              assertThat(c.toString()).isEqualTo("addresses: [192.0.2.1/24] -> [192.0.2.2/24]");
            });
  }

  @Test
  void aVethPairIsOneObject() {
    Veth declared = new Veth(LinkAttrs.named("va"), "vb", null);
    Veth liveA =
        new Veth(
            new LinkAttrs("va", AdminState.DOWN, 1500, null, null, null, List.of(), List.of()),
            "vb",
            null);
    Veth liveB =
        new Veth(
            new LinkAttrs("vb", AdminState.DOWN, 1500, null, null, null, List.of(), List.of()),
            "va",
            null);
    // Declared from one end: the other end is the pair's, never an undeclared link to delete.
    assertThat(
            Planner.plan(
                    topo(List.of(declared), List.of()), owned(liveA, liveB), PlanOptions.defaults())
                .steps())
        .isEmpty();
    // Gone from the file: one step deletes the pair.
    Plan gone =
        Planner.plan(topo(List.of(), List.of()), owned(liveA, liveB), PlanOptions.defaults());
    assertThat(gone.steps())
        .singleElement()
        .satisfies(s -> assertThat(s.action()).isEqualTo(Action.DELETE));
  }

  @Test
  void aVnicVlanOnATapIsTheTapsBridgePortVlan() {
    Tap tap =
        new Tap(
            new LinkAttrs("tap1", null, null, null, "br0", null, List.of(), List.of()),
            null,
            null,
            null,
            null);
    Vm vm =
        new Vm(
            "web1",
            List.of(
                new Vnic(
                    "eth0",
                    new Vnic.Attachment(Vnic.AttachKind.TAP, "tap1"),
                    null,
                    null,
                    100,
                    null)));
    Link eff = Planner.effectiveLinks(topo(List.of(tap), List.of(vm))).get(0);
    assertThat(eff.attrs().portVlan()).isEqualTo(PortVlan.access(100));
    Tap live = new Tap(tap.attrs().withPortVlan(PortVlan.access(1)), null, null, null, null);
    Plan p = Planner.plan(topo(List.of(tap), List.of(vm)), owned(live), PlanOptions.defaults());
    assertThat(p.steps())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.changes())
                    .singleElement()
                    .satisfies(c -> assertThat(c.key()).isEqualTo(LinkField.BRIDGE_VLAN)));
  }
}
