package io.vtopo.core.validate;

import io.vtopo.core.io.Names;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.Disk;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.Vm;
import io.vtopo.core.model.Vnic;
import io.vtopo.core.model.Volume;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rules on VMs' vNICs and connectivity intents. */
final class VmRules {
  private final Report r;

  VmRules(Report r) {
    this.r = r;
  }

  void run() {
    Map<String, String> names = new HashMap<>();
    Map<String, String> taps = new HashMap<>();
    for (Vm vm : r.topo.vms()) {
      String p = r.path(vm);
      if (names.putIfAbsent(vm.name(), p) != null) {
        r.error("name.duplicate", p + ".name", "vm '" + vm.name() + "' is declared twice", null);
      }
      if (vm.nics().isEmpty()) {
        r.warning(
            "vm.no-nics", p, "vm '" + vm.name() + "' has no nics: it cannot reach anything", null);
      }
      for (int i = 0; i < vm.nics().size(); i++) {
        nic(vm, vm.nics().get(i), p + ".nics[" + i + "]", taps);
      }
      if (vm.domain() != null) {
        domain(vm, p);
      }
    }
    for (Expectation e : r.topo.expectations()) {
      String p = r.path(e);
      if (Expectation.HOST.equals(e.to()) && r.vm(Expectation.HOST) != null) {
        r.error(
            "expect.ambiguous-host",
            p + ".to",
            "'to: host' means the host itself, and a VM is also named 'host'",
            "rename the VM");
      }
      for (String[] end : new String[][] {{"from", e.from()}, {"to", e.to()}}) {
        if (end[0].equals("to") && Expectation.HOST.equals(end[1])) {
          continue;
        }
        if (r.vm(end[1]) == null) {
          List<String> vms = r.topo.vms().stream().map(Vm::name).toList();
          r.error(
              "expect.unknown-vm",
              p + "." + end[0],
              "expect names vm '" + end[1] + "', which is not declared",
              Expectation.HOST.equals(end[1])
                  ? "'host' (the host itself) is allowed only in to:"
                  : Names.didYouMean(end[1], vms)
                      .map(m -> "did you mean '" + m + "'?")
                      .orElse(null));
        }
      }
      if (e.from().equals(e.to())) {
        r.warning(
            "expect.self", p, "expectation from '" + e.from() + "' to itself always holds", null);
      }
    }
  }

  private void nic(Vm vm, Vnic nic, String p, Map<String, String> taps) {
    Vnic.Attachment a = nic.attachment();
    String key = a.kind().name().toLowerCase(java.util.Locale.ROOT);
    String tp = p + "." + key;
    switch (a.kind()) {
      case TAP -> {
        Link l = r.link(a.target());
        if (l == null) {
          dangling(
              tp,
              "tap",
              a.target(),
              r.topo.links().stream().filter(x -> x instanceof Tap).map(Link::name).toList());
        } else if (!(l instanceof Tap)) {
          r.error(
              "ref.kind",
              tp,
              "vNIC tap '" + a.target() + "' is a " + l.kind() + ", not a tap",
              null);
        } else {
          String other = taps.putIfAbsent(a.target(), p);
          if (other != null) {
            r.error(
                "tap.shared",
                tp,
                "tap '" + a.target() + "' is already used by " + other + "; a TAP carries one vNIC",
                null);
          }
        }
      }
      case BRIDGE -> {
        Link l = r.link(a.target());
        if (l == null) {
          dangling(
              tp,
              "bridge",
              a.target(),
              r.topo.links().stream().filter(x -> x instanceof Bridge).map(Link::name).toList());
        } else if (!(l instanceof Bridge)) {
          r.error(
              "ref.kind",
              tp,
              "vNIC bridge '" + a.target() + "' is a " + l.kind() + ", not a bridge",
              null);
        }
      }
      case NETWORK -> {
        Network n = r.network(a.target());
        if (n == null) {
          dangling(
              tp, "network", a.target(), r.topo.networks().stream().map(Network::name).toList());
        } else {
          if (nic.portGroup() != null
              && n.portGroups().stream().noneMatch(g -> g.name().equals(nic.portGroup()))) {
            r.error(
                "ref.dangling",
                p + ".portgroup",
                "network '" + n.name() + "' has no port group '" + nic.portGroup() + "'",
                null);
          }
          if (nic.ip() != null
              && n.mode() != NetworkMode.BRIDGE
              && !n.ips().isEmpty()
              && n.ips().stream().noneMatch(ip -> ip.address().contains(nic.ip().address()))) {
            r.warning(
                "vnic.ip-outside-network",
                p + ".ip",
                "vNIC address "
                    + nic.ip()
                    + " is outside every subnet"
                    + " of network '"
                    + n.name()
                    + "'",
                null);
          }
        }
      }
      case DIRECT -> {
        if (vm.domain() == null) {
          r.error(
              "vnic.direct-needs-domain",
              tp,
              "a direct (macvtap) vNIC is created by libvirt for a domain; this vm" + " names none",
              "add 'domain: NAME'");
        }
      }
      default -> throw new IllegalStateException();
    }
    if (nic.portGroup() != null && a.kind() != Vnic.AttachKind.NETWORK) {
      r.error(
          "vnic.portgroup",
          p + ".portgroup",
          "portgroup applies to network attachments only",
          null);
    }
    if (nic.vlan() != null && (nic.vlan() < 1 || nic.vlan() > 4094)) {
      r.error(
          "vlan.id-range",
          p + ".vlan",
          "VLAN id " + nic.vlan() + " is out of range; expected 1..4094",
          null);
    }
  }

  /** A VM that names a domain: its devices need identities vtopo can find again on the host. */
  private void domain(Vm vm, String p) {
    Map<String, String> macs = new HashMap<>();
    for (int i = 0; i < vm.nics().size(); i++) {
      Vnic n = vm.nics().get(i);
      String np = p + ".nics[" + i + "]";
      if (n.mac() == null) {
        r.error(
            "vnic.mac-required",
            np,
            "vNIC of domain '"
                + vm.domain()
                + "' has no mac; the MAC is how vtopo finds"
                + " it again on the domain",
            "set mac: 52:54:00:xx:xx:xx (libvirt would otherwise pick a new one)");
      } else if (macs.putIfAbsent(n.mac().toString(), np) != null) {
        r.error(
            "vnic.mac-duplicate",
            np + ".mac",
            "MAC " + n.mac() + " is already used by " + macs.get(n.mac().toString()),
            null);
      }
    }
    Map<String, String> targets = new HashMap<>();
    for (int i = 0; i < vm.disks().size(); i++) {
      Disk d = vm.disks().get(i);
      String dp = p + ".disks[" + i + "]";
      if (targets.putIfAbsent(d.target(), dp) != null) {
        r.error(
            "disk.target-duplicate",
            dp + ".target",
            "target '" + d.target() + "' is already used by " + targets.get(d.target()),
            null);
      }
      if (d.source().kind() == Disk.SourceKind.VOLUME) {
        Pool pool = r.topo.pool(d.source().pool()).orElse(null);
        if (pool == null) {
          r.error(
              "ref.dangling",
              dp + ".volume",
              "disk volume's pool '" + d.source().pool() + "' is not declared",
              Names.didYouMean(d.source().pool(), r.topo.pools().stream().map(Pool::name).toList())
                  .map(m -> "did you mean '" + m + "'?")
                  .orElse("declare the pool under pools:"));
        } else if (pool.attrs().volumes().stream()
            .noneMatch(v -> v.name().equals(d.source().name()))) {
          r.error(
              "ref.dangling",
              dp + ".volume",
              "pool '" + pool.name() + "' declares no volume '" + d.source().name() + "'",
              Names.didYouMean(
                      d.source().name(), pool.attrs().volumes().stream().map(Volume::name).toList())
                  .map(m -> "did you mean '" + m + "'?")
                  .orElse(null));
        }
      }
      if (d.removable() && d.bus() != null && d.bus().equals("virtio")) {
        r.error(
            "disk.cdrom-bus",
            dp + ".bus",
            "a " + d.device() + " cannot sit on the virtio bus",
            "use sata or scsi");
      }
    }
  }

  private void dangling(String path, String what, String target, List<String> candidates) {
    r.error(
        "ref.dangling",
        path,
        "vNIC " + what + " '" + target + "' is not declared",
        Names.didYouMean(target, candidates).map(m -> "did you mean '" + m + "'?").orElse(null));
  }
}
