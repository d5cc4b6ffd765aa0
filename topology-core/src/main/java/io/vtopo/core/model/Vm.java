package io.vtopo.core.model;

import java.util.List;

/**
 * A virtual machine as a connectivity endpoint: vtopo does not define domains, it reasons about their vNICs.
 *
 * @param name VM name
 * @param nics its virtual NICs
 */
public record Vm(String name, List<Vnic> nics) {
  /** Copies the list. */
  public Vm {
    nics = List.copyOf(nics);
  }
}
