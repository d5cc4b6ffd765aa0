package io.vtopo.netlink.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.LinkField;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Planner;
import io.vtopo.core.plan.Refusal;
import io.vtopo.core.validate.Validator;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.VethInfo;
import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of every link kind in {@code schema/vtopo-v1.schema.json}, changed from one value to
 * another: the plan either applies and verifies on the real kernel (a fresh namespace per case:
 * create at the first value, plan the change, apply it, plan again and find nothing), or is refused
 * at plan time (validation or planner) naming the object and field. Kinds and settings this kernel
 * lacks (bond, vlan, dummy, bridge VLAN filtering) are checked at the request level: the plan must
 * change exactly that field in a way the backend declares it can, and the request the backend sends
 * for it is byte-checked against iproute2 in {@code ConformanceTest}/{@code BackendRequestTest}
 * (the capture named by the case). The list of cases is checked against the schema both ways, so a
 * field added to the schema without a case fails here.
 */
class SchemaFieldTest {
  private static final Path SCHEMA = Path.of("..", "schema", "vtopo-v1.schema.json");
  private static final String TOPOLOGY = "sft";

  /** What a case expects. */
  enum Expect {
    /** Applies and verifies on this kernel. */
    KERNEL,
    /** Refused at plan time; {@code detail} is text the refusal or diagnostic holds. */
    REFUSED,
    /**
     * Planned as a change of this field; {@code detail} names the iproute2 capture its request is
     * checked against.
     */
    REQUEST
  }

  /**
   * One field change.
   *
   * @param kind link kind
   * @param field field path in the schema ({@code mtu}, {@code routes.via}, {@code ports.pvid})
   * @param context other links (YAML flow mappings, one per line) present in both files
   * @param from the link at the first value
   * @param to the link at the second value
   * @param expect what must happen
   * @param detail refusal text or capture name
   */
  record Case(
      String kind,
      String field,
      List<String> context,
      String from,
      String to,
      Expect expect,
      String detail) {
    @Override
    public String toString() {
      return kind + "." + field;
    }
  }

  /** The link under test without the field; kinds the kernel lacks are request-level. */
  private static final Map<String, String> BASE = new LinkedHashMap<>();

  private static final Map<String, List<String>> BASE_CONTEXT = new LinkedHashMap<>();
  private static final Set<String> REQUEST_KINDS = Set.of("bond", "vlan", "dummy");

  static {
    BASE.put("nic", "name: x0, kind: nic");
    BASE.put("bond", "name: x0, kind: bond, mode: active-backup");
    BASE.put("vlan", "name: x0, kind: vlan, parent: p0, id: 10");
    BASE.put("bridge", "name: x0, kind: bridge");
    BASE.put("tap", "name: x0, kind: tap");
    BASE.put("veth", "name: x0, kind: veth, peer: x0p");
    BASE.put("vxlan", "name: x0, kind: vxlan, vni: 42, remote: 192.0.2.2, dstport: 4789");
    BASE.put("macvlan", "name: x0, kind: macvlan, parent: p0, mode: bridge");
    BASE.put("macvtap", "name: x0, kind: macvtap, parent: p0, mode: bridge");
    BASE.put("dummy", "name: x0, kind: dummy");
    String p0 = "{name: p0, kind: veth, peer: p0p, state: up}";
    BASE_CONTEXT.put("vlan", List.of(p0));
    BASE_CONTEXT.put("macvlan", List.of(p0));
    BASE_CONTEXT.put("macvtap", List.of(p0));
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (String kind : BASE.keySet()) {
      common(out, kind);
    }
    String br9f = "{name: br9, kind: bridge, vlan-filtering: true}";
    String y0 = "{name: y0, kind: veth, peer: y0p}";
    String z0 = "{name: z0, kind: veth, peer: z0p}";
    String q0 = "{name: q0, kind: veth, peer: q0p, state: up}";
    // bond (the kernel here has no bonding): request level.
    out.add(
        new Case(
            "bond",
            "mode",
            List.of(),
            BASE.get("bond"),
            "name: x0, kind: bond, mode: 802.3ad",
            Expect.REQUEST,
            "bond-8023ad"));
    out.add(req("bond", "ports", List.of(y0), "ports: []", "ports: [y0]", "set-master"));
    out.add(req("bond", "miimon", List.of(), "miimon: 100", "miimon: 200", "bond-set-miimon"));
    out.add(
        new Case(
            "bond",
            "lacp-rate",
            List.of(),
            "name: x0, kind: bond, mode: 802.3ad, lacp-rate: fast",
            "name: x0, kind: bond, mode: 802.3ad, lacp-rate: slow",
            Expect.REQUEST,
            "bond-set-lacp"));
    out.add(
        req(
            "bond",
            "xmit-hash-policy",
            List.of(),
            "xmit-hash-policy: layer2",
            "xmit-hash-policy: layer2+3",
            "bond-set-hash"));
    // vlan: request level.
    out.add(
        new Case(
            "vlan",
            "parent",
            List.of(q0),
            BASE.get("vlan"),
            "name: x0, kind: vlan, parent: q0, id: 10",
            Expect.REQUEST,
            "vlan-8021q"));
    out.add(
        new Case(
            "vlan",
            "id",
            List.of(),
            BASE.get("vlan"),
            "name: x0, kind: vlan, parent: p0, id: 20",
            Expect.REQUEST,
            "vlan-8021q"));
    out.add(
        req("vlan", "protocol", List.of(), "protocol: 802.1q", "protocol: 802.1ad", "vlan-8021ad"));
    // bridge.
    out.add(kernel("bridge", "stp", List.of(), "stp: false", "stp: true"));
    out.add(kernel("bridge", "forward-delay", List.of(), "forward-delay: 4", "forward-delay: 6"));
    out.add(
        req(
            "bridge",
            "vlan-filtering",
            List.of(),
            "vlan-filtering: false",
            "vlan-filtering: true",
            "bridge-vlan-filtering"));
    out.add(kernel("bridge", "ports", List.of(y0), "ports: []", "ports: [y0]"));
    out.add(kernel("bridge", "ports.name", List.of(y0, z0), "ports: [y0]", "ports: [z0]"));
    out.add(
        req(
            "bridge",
            "ports.pvid",
            List.of(y0),
            "vlan-filtering: true, ports: [{name: y0, pvid: 10}]",
            "vlan-filtering: true, ports: [{name: y0, pvid: 20}]",
            "bridge-vlan-add-pvid"));
    out.add(
        req(
            "bridge",
            "ports.vids",
            List.of(y0),
            "vlan-filtering: true, ports: [{name: y0, vids: [10]}]",
            "vlan-filtering: true, ports: [{name: y0, vids: [10, \"200-210\"]}]",
            "bridge-vlan-add-range"));
    out.add(
        req(
            "bridge",
            "ports.untagged",
            List.of(y0),
            "vlan-filtering: true, ports: [{name: y0, untagged: [10]}]",
            "vlan-filtering: true, ports: [{name: y0, untagged: [10, \"500-502\"]}]",
            "bridge-vlan-add-range-untagged"));
    // tap.
    // Names, as the kernel's ids read back (a numeric id in the file for an id that has a name is
    // not matched).
    out.add(kernel("tap", "owner", List.of(), "owner: root", "owner: nobody"));
    out.add(kernel("tap", "group", List.of(), "group: root", "group: nogroup"));
    out.add(kernel("tap", "multi-queue", List.of(), "multi-queue: false", "multi-queue: true"));
    out.add(kernel("tap", "vnet-hdr", List.of(), "vnet-hdr: false", "vnet-hdr: true"));
    // veth.
    out.add(
        new Case(
            "veth",
            "peer",
            List.of(),
            BASE.get("veth"),
            "name: x0, kind: veth, peer: x0q",
            Expect.KERNEL,
            null));
    out.add(
        new Case(
            "veth",
            "peer-netns",
            List.of(),
            BASE.get("veth"),
            "name: x0, kind: veth, peer: x0p, peer-netns: NETNS",
            Expect.KERNEL,
            null));
    // vxlan.
    String u0 = "{name: u0, kind: veth, peer: u0p, state: up}";
    String u1 = "{name: u1, kind: veth, peer: u1p, state: up}";
    String vx = "name: x0, kind: vxlan, dstport: 4789, ";
    out.add(
        new Case(
            "vxlan",
            "vni",
            List.of(),
            vx + "vni: 42, remote: 192.0.2.2",
            vx + "vni: 43, remote: 192.0.2.2",
            Expect.KERNEL,
            null));
    out.add(
        new Case(
            "vxlan",
            "local",
            List.of(),
            vx + "vni: 42, local: 192.0.2.1, remote: 192.0.2.2",
            vx + "vni: 42, local: 192.0.2.3, remote: 192.0.2.2",
            Expect.KERNEL,
            null));
    out.add(
        new Case(
            "vxlan",
            "remote",
            List.of(),
            vx + "vni: 42, remote: 192.0.2.2",
            vx + "vni: 42, remote: 192.0.2.4",
            Expect.KERNEL,
            null));
    out.add(
        new Case(
            "vxlan",
            "group",
            List.of(u0),
            vx + "vni: 42, group: 239.1.1.1, dev: u0",
            vx + "vni: 42, group: 239.1.1.2, dev: u0",
            Expect.KERNEL,
            null));
    out.add(
        new Case(
            "vxlan",
            "dstport",
            List.of(),
            "name: x0, kind: vxlan, vni: 42, remote: 192.0.2.2, dstport: 4789",
            "name: x0, kind: vxlan, vni: 42, remote: 192.0.2.2, dstport: 4790",
            Expect.KERNEL,
            null));
    out.add(
        new Case(
            "vxlan",
            "dev",
            List.of(u0, u1),
            vx + "vni: 42, group: 239.1.1.1, dev: u0",
            vx + "vni: 42, group: 239.1.1.1, dev: u1",
            Expect.KERNEL,
            null));
    out.add(
        new Case(
            "vxlan",
            "flood",
            List.of(),
            vx + "vni: 42, local: 192.0.2.1, flood: [192.0.2.5, 192.0.2.6]",
            vx + "vni: 42, local: 192.0.2.1, flood: [192.0.2.7, 192.0.2.6]",
            Expect.KERNEL,
            null));
    // macvlan, macvtap.
    for (String k : List.of("macvlan", "macvtap")) {
      out.add(
          new Case(
              k,
              "parent",
              List.of(q0),
              "name: x0, kind: " + k + ", parent: p0, mode: bridge",
              "name: x0, kind: " + k + ", parent: q0, mode: bridge",
              Expect.KERNEL,
              null));
      out.add(
          new Case(
              k,
              "mode",
              List.of(),
              "name: x0, kind: " + k + ", parent: p0, mode: bridge",
              "name: x0, kind: " + k + ", parent: p0, mode: private",
              Expect.KERNEL,
              null));
    }
    return out;
  }

  /** The common keys of one kind. */
  private static void common(List<Case> out, String kind) {
    String base = BASE.get(kind);
    boolean nic = kind.equals("nic");
    boolean request = REQUEST_KINDS.contains(kind);
    String br9 = "{name: br9, kind: bridge}";
    String br9f = "{name: br9, kind: bridge, vlan-filtering: true}";
    out.add(
        nic
            ? new Case(
                kind,
                "name",
                List.of(),
                base,
                base.replace("x0", "x1"),
                Expect.REFUSED,
                "does not exist on this host")
            : request
                ? new Case(
                    kind,
                    "name",
                    List.of(),
                    base,
                    base.replace("name: x0", "name: x1"),
                    Expect.REQUEST,
                    "link-del")
                : new Case(
                    kind,
                    "name",
                    List.of(),
                    base,
                    base.replace("name: x0", "name: x1"),
                    Expect.KERNEL,
                    null));
    String other = kind.equals("bridge") ? "name: x0, kind: tap" : "name: x0, kind: bridge";
    out.add(
        nic
            ? new Case(
                kind, "kind", List.of(), base, other, Expect.REFUSED, "was not created by vtopo")
            : request
                ? new Case(kind, "kind", List.of(), base, other, Expect.REQUEST, "link-del")
                : new Case(kind, "kind", List.of(), base, other, Expect.KERNEL, null));
    out.add(change(kind, "state", List.of(), "state: up", "state: down", "set-down"));
    out.add(change(kind, "mtu", List.of(), "mtu: 1400", "mtu: 1300", "set-mtu"));
    out.add(
        change(
            kind,
            "mac",
            List.of(),
            "mac: \"02:00:00:00:00:11\"",
            "mac: \"02:00:00:00:00:12\"",
            "set-mac"));
    if (kind.equals("bridge") || kind.equals("macvtap")) {
      // A bridge or a macvtap cannot be a port of a bridge: validation says so before any change.
      out.add(
          new Case(
              kind,
              "master",
              List.of(br9),
              base,
              base + ", master: br9",
              Expect.REFUSED,
              portRefusal(kind)));
    } else {
      out.add(
          change(
              kind,
              "master",
              List.of(br9),
              "state: down",
              "state: down, master: br9",
              "set-master"));
    }
    if (kind.equals("bridge") || kind.equals("macvtap")) {
      // VLAN membership is a bridge port's, and these kinds cannot be bridge ports.
      for (String f :
          List.of("bridge-vlan", "bridge-vlan.pvid", "bridge-vlan.vids", "bridge-vlan.untagged")) {
        out.add(
            new Case(
                kind,
                f,
                List.of(br9f),
                base,
                base + ", master: br9, bridge-vlan: {pvid: 10}",
                Expect.REFUSED,
                portRefusal(kind)));
      }
    } else {
      for (String f : List.of("bridge-vlan", "bridge-vlan.pvid")) {
        out.add(
            req(
                kind,
                f,
                List.of(br9f),
                "master: br9, bridge-vlan: {pvid: 10}",
                "master: br9, bridge-vlan: {pvid: 20}",
                "bridge-vlan-add-pvid"));
      }
      out.add(
          req(
              kind,
              "bridge-vlan.vids",
              List.of(br9f),
              "master: br9, bridge-vlan: {vids: [10]}",
              "master: br9, bridge-vlan: {vids: [10, 300]}",
              "bridge-vlan-add-tagged"));
      out.add(
          req(
              kind,
              "bridge-vlan.untagged",
              List.of(br9f),
              "master: br9, bridge-vlan: {untagged: [10]}",
              "master: br9, bridge-vlan: {untagged: [10, 400]}",
              "bridge-vlan-add-untagged"));
    }
    out.add(
        change(
            kind,
            "addresses",
            List.of(),
            "addresses: [192.0.2.1/24]",
            "addresses: [192.0.2.9/24]",
            "addr-add-v4"));
    String l3 = "state: up, addresses: [192.0.2.1/24], routes: ";
    out.add(
        change(
            kind,
            "routes",
            List.of(),
            l3 + "[]",
            l3 + "[{to: 198.51.100.0/24, via: 192.0.2.254}]",
            "route-add-via"));
    out.add(
        change(
            kind,
            "routes.to",
            List.of(),
            l3 + "[{to: 198.51.100.0/24, via: 192.0.2.254}]",
            l3 + "[{to: 203.0.113.0/24, via: 192.0.2.254}]",
            "route-add-via"));
    out.add(
        change(
            kind,
            "routes.via",
            List.of(),
            l3 + "[{to: 198.51.100.0/24, via: 192.0.2.254}]",
            l3 + "[{to: 198.51.100.0/24, via: 192.0.2.253}]",
            "route-add-via"));
    out.add(
        change(
            kind,
            "routes.metric",
            List.of(),
            l3 + "[{to: 198.51.100.0/24, via: 192.0.2.254, metric: 10}]",
            l3 + "[{to: 198.51.100.0/24, via: 192.0.2.254, metric: 20}]",
            "route-add-via"));
  }

  /**
   * What validation says about a link of this kind as a port of bridge br9 (rules
   * bridge.port-is-bridge, port.kind).
   */
  private static String portRefusal(String kind) {
    return kind.equals("bridge") ? "is a port of bridge 'br9'" : "cannot be a port of bridge 'br9'";
  }

  private static Case change(
      String kind, String field, List<String> ctx, String from, String to, String capture) {
    return REQUEST_KINDS.contains(kind)
        ? req(kind, field, ctx, from, to, capture)
        : kernel(kind, field, ctx, from, to);
  }

  private static Case kernel(String kind, String field, List<String> ctx, String from, String to) {
    return at(Expect.KERNEL, kind, field, ctx, from, to, null);
  }

  private static Case req(
      String kind, String field, List<String> ctx, String from, String to, String capture) {
    return at(Expect.REQUEST, kind, field, ctx, from, to, capture);
  }

  /** A case of {@code kind}'s base link with the field set {@code from}, then {@code to}. */
  private static Case at(
      Expect expect,
      String kind,
      String field,
      List<String> ctx,
      String from,
      String to,
      String capture) {
    return new Case(
        kind,
        field,
        ctx,
        BASE.get(kind) + ", " + from,
        BASE.get(kind) + ", " + to,
        expect,
        capture);
  }

  // ---- the schema, both ways
  // ------------------------------------------------------------------------------------

  /**
   * {@code KIND.FIELD} for every property of every link kind, with the sub-fields of routes,
   * bridge-vlan, ports.
   */
  static Set<String> schemaFields() throws IOException {
    Map<String, Object> schema = parse(Files.readString(SCHEMA, StandardCharsets.UTF_8));
    Map<String, Object> defs = map(schema.get("$defs"));
    Set<String> route = map(map(defs.get("route")).get("properties")).keySet();
    Set<String> portVlan = map(map(defs.get("portVlan")).get("properties")).keySet();
    List<Object> bridgePort = list(map(defs.get("bridgePort")).get("anyOf"));
    Set<String> port = map(map(bridgePort.get(1)).get("properties")).keySet();
    Set<String> out = new TreeSet<>();
    for (Object kind :
        list(map(map(map(defs.get("link")).get("properties")).get("kind")).get("enum"))) {
      Map<String, Object> props = map(map(defs.get(kind + "Link")).get("properties"));
      for (String f : props.keySet()) {
        out.add(kind + "." + f);
        if (f.equals("routes")) {
          route.forEach(r -> out.add(kind + ".routes." + r));
        } else if (f.equals("bridge-vlan")) {
          portVlan.forEach(r -> out.add(kind + ".bridge-vlan." + r));
        } else if (f.equals("ports") && kind.equals("bridge")) {
          port.forEach(r -> out.add(kind + ".ports." + r));
        }
      }
    }
    return out;
  }

  @Test
  void everySchemaFieldHasACaseAndEveryCaseIsASchemaField() throws IOException {
    Set<String> listed =
        cases().stream().map(Case::toString).collect(Collectors.toCollection(TreeSet::new));
    assertThat(listed).as("cases for the link fields of %s", SCHEMA).isEqualTo(schemaFields());
    assertThat(cases().stream().map(Case::toString).distinct().count()).isEqualTo(cases().size());
  }

  @Test
  void everyFieldOfTheModelIsInTheSchema() throws IOException {
    Set<String> schema = schemaFields();
    for (LinkField f : LinkField.values()) {
      for (String kind : BASE.keySet()) {
        if (f.appliesTo(kind) && f != LinkField.KIND) {
          assertThat(schema).as("LinkField %s of %s", f, kind).contains(kind + "." + f.key());
        }
      }
    }
  }

  // ---- running a case
  // -------------------------------------------------------------------------------------------

  private static Topology topology(Case c, String link, String netns) {
    StringBuilder y = new StringBuilder("apiVersion: vtopo/v1\nname: " + TOPOLOGY + "\nlinks:\n");
    List<String> ctx = new ArrayList<>(BASE_CONTEXT.getOrDefault(c.kind(), List.of()));
    ctx.addAll(c.context());
    for (String l : ctx) {
      y.append("  - ").append(l).append('\n');
    }
    y.append("  - {").append(link.replace("NETNS", netns == null ? "none" : netns)).append("}\n");
    TopologyReader.Result r =
        Validator.withSemantics(
            TopologyReader.read(c + ".yaml", y.toString().getBytes(StandardCharsets.UTF_8)));
    if (r.diagnostics().hasErrors() || r.topology().isEmpty()) {
      throw new Invalid(
          r.diagnostics().sorted().stream()
              .map(Object::toString)
              .collect(Collectors.joining("\n")));
    }
    return r.topology().get();
  }

  /** The file is refused by validation. */
  static final class Invalid extends RuntimeException {
    Invalid(String m) {
      super(m);
    }
  }

  static Stream<Case> all() {
    return cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void aChangeAppliesAndVerifiesOrIsRefusedNamingTheField(Case c) {
    switch (c.expect()) {
      case REQUEST -> request(c);
      case REFUSED -> kernelCase(c, true);
      case KERNEL -> kernelCase(c, false);
      default -> throw new IllegalStateException();
    }
  }

  private static final PlanOptions OPTS =
      PlanOptions.defaults().withLinkContract(NetlinkLinkBackend.CONTRACT);

  /**
   * Planned against a host that holds the first state as vtopo made it; the change must be that
   * field's.
   */
  private static void request(Case c) {
    Topology from = topology(c, c.from(), null);
    Topology to = topology(c, c.to(), null);
    List<Owned<Link>> live =
        Planner.effectiveLinks(from).stream().map(l -> new Owned<>(l, TOPOLOGY)).toList();
    Plan p = Planner.plan(to, new HostState(live, List.of(), List.of()), OPTS);
    assertThat(p.refusals()).as(PlanRenderer.text(p)).isEmpty();
    String top =
        c.field().contains(".") ? c.field().substring(0, c.field().indexOf('.')) : c.field();
    boolean named =
        p.steps().stream()
            .anyMatch(
                s ->
                    s.action() == io.vtopo.core.plan.Action.REPLACE
                        || s.action() == io.vtopo.core.plan.Action.CREATE
                        || s.action() == io.vtopo.core.plan.Action.DELETE
                        || s.changes().stream()
                            .anyMatch(
                                ch ->
                                    ch.field().equals(top)
                                        || ch.field().equals("master")
                                        || ch.field().equals("bridge-vlan")
                                        || ch.field().equals("state")));
    assertThat(named).as(PlanRenderer.text(p)).isTrue();
    assertThat(io.vtopo.netlink.codec.ConformanceCaseNames.all())
        .as("capture of the request")
        .contains(c.detail());
  }

  private static void kernelCase(Case c, boolean refused) {
    Netns ns;
    try {
      ns = Netns.create();
    } catch (NetlinkException e) {
      Privileged.assume(false, "cannot create a network namespace (" + e.getMessage() + ")");
      return;
    }
    String named =
        c.to().contains("NETNS") ? "vtt-sft-" + Long.toHexString(System.nanoTime()) : null;
    try (ns;
        NetlinkLinkBackend backend = NetlinkLinkBackend.open(ns)) {
      if (named != null) {
        Netns.createNamed(named).close();
      }
      if (c.kind().equals("nic")) {
        // A NIC's stand-in: a link vtopo did not create.
        try (RtNetlink nl = RtNetlink.open(ns)) {
          nl.createLink(LinkSpec.create("x0", new VethInfo("x0p", null)));
        }
      }
      Topology from = topology(c, c.from(), named);
      Topology to;
      try {
        to = topology(c, c.to(), named);
      } catch (Invalid e) {
        assertThat(refused).as("the second file is invalid: " + e.getMessage()).isTrue();
        assertThat(e.getMessage()).contains(c.detail());
        return;
      }
      apply(backend, from);
      Plan p = Planner.plan(to, host(backend), OPTS);
      if (refused) {
        assertThat(p.refusals()).as(PlanRenderer.text(p)).isNotEmpty();
        assertThat(p.refusals().stream().map(Refusal::toString).collect(Collectors.joining("\n")))
            .contains(c.detail());
        return;
      }
      assertThat(p.refusals()).as(PlanRenderer.text(p)).isEmpty();
      assertThat(p.steps()).as("a change of " + c).isNotEmpty();
      apply(backend, to, p);
      Plan left = Planner.plan(to, host(backend), OPTS);
      assertThat(left.steps())
          .as("after applying " + c + ":\n" + PlanRenderer.text(left))
          .isEmpty();
    } finally {
      if (named != null) {
        Netns.deleteNamed(named);
      }
    }
  }

  private static HostState host(NetlinkLinkBackend b) {
    return new HostState(b.readLinks(), List.of(), List.of());
  }

  private static void apply(NetlinkLinkBackend b, Topology t) {
    Plan p = Planner.plan(t, host(b), OPTS);
    assertThat(p.refusals()).as(PlanRenderer.text(p)).isEmpty();
    apply(b, t, p);
    Plan left = Planner.plan(t, host(b), OPTS);
    assertThat(left.steps())
        .as("the first state of the case:\n" + PlanRenderer.text(left))
        .isEmpty();
  }

  private static void apply(NetlinkLinkBackend b, Topology t, Plan p) {
    b.apply(LinkChanges.of(p), TOPOLOGY);
  }

  // ---- a small JSON reader over jackson-core's tokens
  // ------------------------------------------------------------

  private static Map<String, Object> parse(String json) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      return map(value(p));
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> m = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String k = p.currentName();
        p.nextToken();
        m.put(k, value(p));
      }
      return m;
    }
    if (t == JsonToken.START_ARRAY) {
      List<Object> l = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        l.add(value(p));
      }
      return l;
    }
    return t == JsonToken.VALUE_NULL ? null : p.getText();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }
}
