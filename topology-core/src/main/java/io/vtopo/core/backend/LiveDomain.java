package io.vtopo.core.backend;

import io.vtopo.core.model.Vm;
import java.util.List;
import java.util.Set;

/**
 * A libvirt domain as vtopo read it: its devices in the live XML and in the persistent (inactive)
 * XML, which differ on a running guest when a change waits for the next boot, and vtopo's ownership
 * record from the domain's {@code <metadata>}.
 *
 * @param name domain name
 * @param running true if the domain is active (live and config devices may differ)
 * @param persistent false for a transient domain (no persistent XML: config equals live, config
 *     changes impossible)
 * @param owner the topology that owns the domain's declared devices, or null
 * @param managed keys of the devices the owner attached or declared ({@code VmDevice.key()});
 *     others are unmanaged
 * @param live the devices in the live XML (for a shut-off domain: the persistent XML)
 * @param config the devices in the persistent XML (for a transient domain: the live XML)
 * @param unmodelled paths of elements and attributes of the device XML vtopo keeps verbatim but
 *     does not model
 * @param error why the domain could not be read, or null; a domain with an error has no devices
 */
public record LiveDomain(
    String name,
    boolean running,
    boolean persistent,
    String owner,
    Set<String> managed,
    Vm live,
    Vm config,
    List<String> unmodelled,
    String error) {
  /** Copies the collections. */
  public LiveDomain {
    managed = Set.copyOf(managed);
    unmodelled = List.copyOf(unmodelled);
  }

  /** A domain that could not be read. */
  public static LiveDomain unreadable(String name, String error) {
    Vm none = new Vm(name, List.of(), name, List.of());
    return new LiveDomain(name, false, true, null, Set.of(), none, none, List.of(), error);
  }

  /** True if {@code topology} owns the domain's declared devices. */
  public boolean ownedBy(String topology) {
    return owner != null && owner.equals(topology);
  }
}
