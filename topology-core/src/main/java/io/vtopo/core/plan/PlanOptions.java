package io.vtopo.core.plan;

import io.vtopo.core.backend.LinkContract;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.Network;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What the operator allows and what the planner must know about the host.
 *
 * @param allowDataLoss {@code --allow-data-loss}: delete or shrink volumes, delete pool storage
 * @param allowSourceChange {@code --allow-source-change}: point an existing pool at another source
 * @param allowDisconnect {@code --allow-disconnect}: touch the links carrying the management path
 * @param managementAddresses local addresses of the operator's session (from SSH_CONNECTION), kept
 *     reachable
 * @param networkChanges classifies a network change (the virt-network backend's rules); see {@link
 *     #simple}
 * @param linksBesideLibvirt true when the live links were read in the namespace where libvirt puts
 *     its networks' bridges (no {@code --netns}, a real libvirt driver): only then can a network's
 *     subnet collide with them
 * @param linkContract what the link backend can change and how ({@link LinkContract#GENERIC}
 *     without a backend)
 */
public record PlanOptions(
    boolean allowDataLoss,
    boolean allowSourceChange,
    boolean allowDisconnect,
    Set<IpAddress> managementAddresses,
    BiFunction<Network, Network, NetworkImpact> networkChanges,
    boolean linksBesideLibvirt,
    LinkContract linkContract) {
  /** Flag names shown in refusals. */
  public static final String ALLOW_DATA_LOSS = "--allow-data-loss";

  /** Flag for pool source changes. */
  public static final String ALLOW_SOURCE_CHANGE = "--allow-source-change";

  /** Flag for management-path changes. */
  public static final String ALLOW_DISCONNECT = "--allow-disconnect";

  /** Copies the set. */
  public PlanOptions {
    managementAddresses = Set.copyOf(managementAddresses);
    linkContract = linkContract == null ? LinkContract.GENERIC : linkContract;
  }

  /** Options with the generic link contract (see {@link #withLinkContract}). */
  public PlanOptions(
      boolean allowDataLoss,
      boolean allowSourceChange,
      boolean allowDisconnect,
      Set<IpAddress> managementAddresses,
      BiFunction<Network, Network, NetworkImpact> networkChanges,
      boolean linksBesideLibvirt) {
    this(
        allowDataLoss,
        allowSourceChange,
        allowDisconnect,
        managementAddresses,
        networkChanges,
        linksBesideLibvirt,
        LinkContract.GENERIC);
  }

  /** A copy that plans link changes by what {@code contract} says the link backend can do. */
  public PlanOptions withLinkContract(LinkContract contract) {
    return new PlanOptions(
        allowDataLoss,
        allowSourceChange,
        allowDisconnect,
        managementAddresses,
        networkChanges,
        linksBesideLibvirt,
        contract);
  }

  /**
   * A network change classified by a backend.
   *
   * @param restart true if the network must be restarted, false if libvirt applies it live
   * @param changes the differing fields
   */
  public record NetworkImpact(boolean restart, java.util.List<FieldChange> changes) {}

  /**
   * Safe defaults: nothing destructive allowed, and a conservative network classifier (any change
   * restarts).
   */
  public static PlanOptions defaults() {
    return new PlanOptions(false, false, false, Set.of(), PlanOptions::simple, false);
  }

  /** The conservative classifier: any difference needs a restart. */
  public static NetworkImpact simple(Network current, Network desired) {
    java.util.List<FieldChange> ch = new java.util.ArrayList<>();
    Diff.network(current, desired, ch);
    return new NetworkImpact(!ch.isEmpty(), ch);
  }

  /** A copy with another network classifier. */
  public PlanOptions withNetworkChanges(BiFunction<Network, Network, NetworkImpact> f) {
    return new PlanOptions(
        allowDataLoss,
        allowSourceChange,
        allowDisconnect,
        managementAddresses,
        f,
        linksBesideLibvirt,
        linkContract);
  }

  /** A copy that knows whether the links were read beside libvirt's bridges. */
  public PlanOptions withLinksBesideLibvirt(boolean beside) {
    return new PlanOptions(
        allowDataLoss,
        allowSourceChange,
        allowDisconnect,
        managementAddresses,
        networkChanges,
        beside,
        linkContract);
  }
}
