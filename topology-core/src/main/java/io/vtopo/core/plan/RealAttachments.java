package io.vtopo.core.plan;

import io.vtopo.core.backend.LiveDomain;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The VMs of a file as the host has them once the plan is applied: the file merged with the domains
 * read from the host, for {@code check}, {@code path} and {@code graph}. Pure.
 *
 * <p>For each VM that names a domain on the host: its declared vNICs as the plan makes them (with
 * the host-side device the domain has), except the fields that wait for the next boot on a running
 * guest (VLAN, a switch to or from {@code direct}/{@code ethernet}), which keep their live value,
 * and the fields the file leaves unset, which the plan does not touch (link state, model...); then
 * the domain's vNICs the file does not declare and the plan leaves alone (unmanaged). A vNIC this
 * topology manages but no longer declares is left out (the plan detaches it). A VM whose domain is
 * missing or unreadable is analysed as the file declares it, with a note.
 */
public final class RealAttachments {
  private RealAttachments() {}

  /**
   * The merged topology and what the merge did, one note per VM it changed.
   *
   * @param topology the file's topology with its VMs' vNICs as the host has them
   * @param notes {@code vm:web: ...} lines, for the report
   */
  public record Merged(Topology topology, List<String> notes) {
    /** Copies the list. */
    public Merged {
      notes = List.copyOf(notes);
    }
  }

  /** Merges the file's VMs with their domains in {@code host}. */
  public static Merged merge(Topology file, HostState host) {
    Map<String, LiveDomain> byName = new HashMap<>();
    host.domains().forEach(d -> byName.put(d.name(), d));
    List<Vm> vms = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Vm vm : file.vms()) {
      if (vm.domain() == null) {
        vms.add(vm);
        continue;
      }
      LiveDomain d = byName.get(vm.domain());
      if (d == null || d.error() != null) {
        vms.add(vm);
        notes.add(
            "vm:"
                + vm.name()
                + ": domain '"
                + vm.domain()
                + "' "
                + (d == null ? "is not on this host" : "cannot be read")
                + "; analysed as the file declares it");
        continue;
      }
      Vm cur = d.running() ? d.live() : d.config();
      Map<String, Vnic> live = new HashMap<>();
      cur.nics().forEach(n -> live.put(n.key(), n));
      Set<String> declared = new HashSet<>();
      List<Vnic> nics = new ArrayList<>();
      for (Vnic n : vm.nics()) {
        declared.add(n.key());
        Vnic l = live.get(n.key());
        nics.add(l == null ? n : asApplied(vm.name(), n, l, d.running(), notes));
      }
      List<String> unmanaged = new ArrayList<>();
      for (Vnic c : cur.nics()) {
        if (declared.contains(c.key())) {
          continue;
        }
        if (d.ownedBy(file.name()) && d.managed().contains(c.key())) {
          continue; // the plan detaches it
        }
        nics.add(c);
        unmanaged.add(c.key() + " on " + c.attachment().target());
      }
      if (!unmanaged.isEmpty()) {
        notes.add(
            "vm:"
                + vm.name()
                + ": analysed with the vNICs its domain has that the file does not declare"
                + " (unmanaged): "
                + String.join(", ", unmanaged));
      }
      vms.add(new Vm(vm.name(), nics, vm.domain(), vm.disks()));
    }
    return new Merged(
        new Topology(
            file.name(), file.links(), file.networks(), file.pools(), vms, file.expectations()),
        notes);
  }

  /** The declared vNIC as the running guest will have it after the apply. */
  private static Vnic asApplied(
      String vm, Vnic want, Vnic live, boolean running, List<String> notes) {
    Vnic.Attachment at = want.attachment();
    Integer vlan = want.vlan();
    if (running) {
      boolean liveSwitch = switchable(at.kind()) && switchable(live.attachment().kind());
      if (!liveSwitch && !at.equals(live.attachment())) {
        notes.add(
            "vm:"
                + vm
                + ": "
                + want.key()
                + " stays on "
                + live.attachment().target()
                + " until the guest's next boot");
        at = live.attachment();
      }
      if (vlan != null && !Objects.equals(vlan, live.vlan())) {
        notes.add(
            "vm:"
                + vm
                + ": "
                + want.key()
                + " keeps vlan "
                + (live.vlan() == null ? "none" : live.vlan())
                + " until the guest's next boot");
        vlan = live.vlan();
      }
    }
    // A field the file leaves unset is not managed: the host keeps its value.
    return new Vnic(
        want.name(),
        at,
        want.mac(),
        want.ip(),
        vlan != null || want.vlan() != null ? vlan : live.vlan(),
        or(want.portGroup(), live.portGroup()),
        or(want.model(), live.model()),
        or(want.link(), live.link()),
        or(want.mtu(), live.mtu()),
        or(want.filterref(), live.filterref()),
        or(want.bandwidth(), live.bandwidth()),
        or(want.mode(), live.mode()),
        live.dev());
  }

  private static <T> T or(T declared, T host) {
    return declared != null ? declared : host;
  }

  /** libvirt switches a running vNIC between networks and bridges, nothing else. */
  private static boolean switchable(Vnic.AttachKind k) {
    return k == Vnic.AttachKind.NETWORK || k == Vnic.AttachKind.BRIDGE;
  }
}
