package io.vtopo.core.plan;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import java.util.List;
import java.util.Map;

/**
 * What vtopo read from a live host: links (with addresses and routes) of one network namespace, and
 * libvirt's networks and pools (with volumes), each with its ownership marker.
 *
 * @param links live links
 * @param networks live libvirt networks
 * @param pools live libvirt pools with their volumes
 * @param volumeOwners owner topology per volume id ({@code POOL/NAME}); volumes missing here are
 *     foreign
 * @param keptStorage owned pools whose storage vtopo did not build (adopted, or found already there
 *     when it defined them): removing such a pool only undefines it, even with --allow-data-loss
 * @param facts what the host can do (link kinds of its kernel, its users and groups), for {@link
 *     HostChecks}
 * @param domains libvirt domains with their devices (empty when domains were not read)
 */
public record HostState(
    List<Owned<Link>> links,
    List<Owned<Network>> networks,
    List<Owned<Pool>> pools,
    Map<String, String> volumeOwners,
    java.util.Set<String> keptStorage,
    HostFacts facts,
    List<LiveDomain> domains) {
  /** Copies the collections. */
  public HostState {
    domains = List.copyOf(domains);
    links = List.copyOf(links);
    networks = List.copyOf(networks);
    pools = List.copyOf(pools);
    volumeOwners = Map.copyOf(volumeOwners);
    keptStorage = java.util.Set.copyOf(keptStorage);
    facts = facts == null ? HostFacts.UNKNOWN : facts;
  }

  /** A state without domains. */
  public HostState(
      List<Owned<Link>> links,
      List<Owned<Network>> networks,
      List<Owned<Pool>> pools,
      Map<String, String> volumeOwners,
      java.util.Set<String> keptStorage,
      HostFacts facts) {
    this(links, networks, pools, volumeOwners, keptStorage, facts, List.of());
  }

  /**
   * A state whose host abilities are not known (no host check refuses anything), without domains.
   */
  public HostState(
      List<Owned<Link>> links,
      List<Owned<Network>> networks,
      List<Owned<Pool>> pools,
      Map<String, String> volumeOwners,
      java.util.Set<String> keptStorage) {
    this(links, networks, pools, volumeOwners, keptStorage, HostFacts.UNKNOWN);
  }

  /** This state with the domains read from the host. */
  public HostState withDomains(List<LiveDomain> d) {
    return new HostState(links, networks, pools, volumeOwners, keptStorage, facts, d);
  }

  /** The domain with this name, or null. */
  public LiveDomain domain(String name) {
    return domains.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
  }

  /** A state in which vtopo built the storage of every pool it owns. */
  public HostState(
      List<Owned<Link>> links,
      List<Owned<Network>> networks,
      List<Owned<Pool>> pools,
      Map<String, String> volumeOwners) {
    this(links, networks, pools, volumeOwners, java.util.Set.of());
  }

  /** A state whose volumes are owned like their pools. */
  public HostState(
      List<Owned<Link>> links, List<Owned<Network>> networks, List<Owned<Pool>> pools) {
    this(links, networks, pools, volumesOwnedLikePools(pools));
  }

  private static Map<String, String> volumesOwnedLikePools(List<Owned<Pool>> pools) {
    Map<String, String> m = new java.util.HashMap<>();
    for (Owned<Pool> p : pools) {
      if (p.owner() != null) {
        p.value()
            .attrs()
            .volumes()
            .forEach(v -> m.put(p.value().name() + "/" + v.name(), p.owner()));
      }
    }
    return m;
  }

  /** A host with nothing on it. */
  public static HostState empty() {
    return new HostState(List.of(), List.of(), List.of(), Map.of());
  }
}
