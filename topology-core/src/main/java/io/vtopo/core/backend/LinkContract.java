package io.vtopo.core.backend;

import io.vtopo.core.plan.Effect;
import io.vtopo.core.plan.LinkField;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * What a link backend can change, per kind and field: in place, in place with a traffic
 * interruption, only by replacing the link, or not at all. The planner reads it ({@link
 * io.vtopo.core.plan.PlanOptions#linkContract}), so a plan never promises what the backend cannot
 * do; the backend applies exactly the fields the plan hands it.
 */
public final class LinkContract {
  /**
   * What the core assumes without a backend's word: identity fields (kind, parent, id, protocol,
   * peer, TAP flags, VXLAN endpoints, bond mode) need a replacement, settings change in place, and
   * a NIC is never replaced.
   */
  public static final LinkContract GENERIC = generic();

  private final Map<LinkField, Effect> common;
  private final Map<String, Map<LinkField, Effect>> byKind;
  private final Map<LinkField, BiPredicate<Object, Object>> sameness;

  private LinkContract(
      Map<LinkField, Effect> common,
      Map<String, Map<LinkField, Effect>> byKind,
      Map<LinkField, BiPredicate<Object, Object>> sameness) {
    this.common = common;
    this.byKind = byKind;
    this.sameness = sameness;
  }

  /**
   * Whether a live value and a desired value of {@code field} mean the same thing to the backend:
   * equal values, or values the backend declared equivalent ({@link Builder#same}), such as a TAP
   * owner written as a user name in the file and read back from the kernel as that user's uid.
   */
  public boolean same(LinkField field, Object live, Object desired) {
    if (Objects.equals(live, desired)) {
      return true;
    }
    BiPredicate<Object, Object> eq = sameness.get(field);
    return eq != null && live != null && desired != null && eq.test(live, desired);
  }

  /** The effect of changing {@code field} on a link of {@code kind} (a file keyword). */
  public Effect effect(String kind, LinkField field) {
    Map<LinkField, Effect> k = byKind.get(kind);
    Effect e = k == null ? null : k.get(field);
    if (e == null) {
      e = common.get(field);
    }
    return e == null ? Effect.UNSUPPORTED : e;
  }

  /** A builder starting from this contract. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.common.putAll(common);
    byKind.forEach((k, m) -> b.byKind.put(k, new EnumMap<>(m)));
    b.sameness.putAll(sameness);
    return b;
  }

  /** A builder of a contract that allows nothing yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LinkContract}. */
  public static final class Builder {
    private final Map<LinkField, Effect> common = new EnumMap<>(LinkField.class);
    private final Map<String, Map<LinkField, Effect>> byKind = new HashMap<>();
    private final Map<LinkField, BiPredicate<Object, Object>> sameness =
        new EnumMap<>(LinkField.class);

    private Builder() {}

    /**
     * Values of {@code f} that differ as written but that the backend treats as one (the live value
     * first, then the desired one): the plan shows no change between them.
     */
    public Builder same(LinkField f, BiPredicate<Object, Object> equivalent) {
      sameness.put(f, equivalent);
      return this;
    }

    /** The effect of a common field on every kind (unless a kind says otherwise). */
    public Builder common(LinkField f, Effect e) {
      common.put(f, e);
      return this;
    }

    /** The effect of {@code f} on links of {@code kind}. */
    public Builder kind(String kind, LinkField f, Effect e) {
      byKind.computeIfAbsent(kind, k -> new EnumMap<>(LinkField.class)).put(f, e);
      return this;
    }

    /** The contract. */
    public LinkContract build() {
      Map<String, Map<LinkField, Effect>> copy = new HashMap<>();
      byKind.forEach((k, m) -> copy.put(k, new EnumMap<>(m)));
      return new LinkContract(new EnumMap<>(common), copy, new EnumMap<>(sameness));
    }
  }

  private static LinkContract generic() {
    Builder b = builder();
    for (LinkField f : LinkField.values()) {
      if (f.common()) {
        b.common(f, f == LinkField.KIND ? Effect.REPLACE : Effect.IN_PLACE);
      }
    }
    b.kind("bridge", LinkField.STP, Effect.IN_PLACE)
        .kind("bridge", LinkField.FORWARD_DELAY, Effect.IN_PLACE)
        .kind("bridge", LinkField.VLAN_FILTERING, Effect.IN_PLACE);
    b.kind("bond", LinkField.BOND_MODE, Effect.REPLACE)
        .kind("bond", LinkField.MIIMON, Effect.IN_PLACE)
        .kind("bond", LinkField.LACP_RATE, Effect.IN_PLACE)
        .kind("bond", LinkField.XMIT_HASH_POLICY, Effect.IN_PLACE);
    for (LinkField f :
        new LinkField[] {LinkField.VLAN_PARENT, LinkField.VLAN_ID, LinkField.VLAN_PROTOCOL}) {
      b.kind("vlan", f, Effect.REPLACE);
    }
    for (LinkField f :
        new LinkField[] {
          LinkField.TAP_OWNER, LinkField.TAP_GROUP, LinkField.MULTI_QUEUE, LinkField.VNET_HDR
        }) {
      b.kind("tap", f, Effect.REPLACE);
    }
    b.kind("veth", LinkField.PEER, Effect.REPLACE)
        .kind("veth", LinkField.PEER_NETNS, Effect.REPLACE);
    for (LinkField f :
        new LinkField[] {
          LinkField.VNI,
          LinkField.LOCAL,
          LinkField.REMOTE,
          LinkField.VXLAN_GROUP,
          LinkField.DSTPORT,
          LinkField.DEV
        }) {
      b.kind("vxlan", f, Effect.REPLACE);
    }
    // Head-end replication entries are FDB entries of the live tunnel: appended and deleted in
    // place.
    b.kind("vxlan", LinkField.FLOOD, Effect.IN_PLACE);
    for (String k : new String[] {"macvlan", "macvtap"}) {
      b.kind(k, LinkField.LOWER, Effect.REPLACE).kind(k, LinkField.MACVLAN_MODE, Effect.IN_PLACE);
    }
    // A NIC is hardware: vtopo never deletes it, so nothing about it can be replaced.
    b.kind("nic", LinkField.KIND, Effect.UNSUPPORTED);
    return b.build();
  }
}
