package io.vtopo.core.model;

import java.util.List;

/**
 * A virtual machine. Without {@code domain} it is a connectivity endpoint only (something else runs
 * it, e.g. on a declared TAP). With {@code domain} it names an existing libvirt domain: vtopo never
 * defines, starts, stops or deletes domains, but manages the vNICs and disks the file declares on
 * it (see docs/vms.md).
 *
 * @param name VM name
 * @param nics its virtual NICs
 * @param domain the libvirt domain this VM is, or null
 * @param disks its disks (only with a domain)
 */
public record Vm(String name, List<Vnic> nics, String domain, List<Disk> disks) {
  /** Copies the lists. */
  public Vm {
    nics = List.copyOf(nics);
    disks = List.copyOf(disks);
  }

  /** An endpoint VM: vNICs only, no domain. */
  public Vm(String name, List<Vnic> nics) {
    this(name, nics, null, List.of());
  }

  /** Every declared device: vNICs, then disks. */
  public List<VmDevice> devices() {
    java.util.List<VmDevice> out = new java.util.ArrayList<>(nics);
    out.addAll(disks);
    return out;
  }
}
