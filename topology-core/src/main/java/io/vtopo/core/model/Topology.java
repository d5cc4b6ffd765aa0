package io.vtopo.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A whole host topology: what one {@code vtopo/v1} file declares, or what vtopo read from a live
 * host.
 *
 * @param name topology name; vtopo marks what it creates with it
 * @param links host links
 * @param networks libvirt virtual networks
 * @param pools libvirt storage pools with their volumes
 * @param vms VMs as connectivity endpoints
 * @param expectations connectivity intents
 */
public record Topology(
    String name,
    List<Link> links,
    List<Network> networks,
    List<Pool> pools,
    List<Vm> vms,
    List<Expectation> expectations) {
  /** The only file format version this build reads and writes. */
  public static final String API_VERSION = "vtopo/v1";

  /** Copies the lists. */
  public Topology {
    links = List.copyOf(links);
    networks = List.copyOf(networks);
    pools = List.copyOf(pools);
    vms = List.copyOf(vms);
    expectations = List.copyOf(expectations);
  }

  /** The link with this name, if declared. */
  public Optional<Link> link(String name) {
    return links.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** The network with this name, if declared. */
  public Optional<Network> network(String name) {
    return networks.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The pool with this name, if declared. */
  public Optional<Pool> pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The VM with this name, if declared. */
  public Optional<Vm> vm(String name) {
    return vms.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
