package io.vtopo.cli;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Links;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Pools;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.UnknownLink;
import io.vtopo.core.plan.HostState;
import io.vtopo.host.HostSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vtopo export}: the live host in the file format. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the live host's links, libvirt networks and pools in the vtopo file format: everything,",
      "or only what one topology owns (then 'vtopo plan' of the output shows no changes).",
      "libvirt XML vtopo does not model is written verbatim under each object's 'unmodelled:' and named on stderr;",
      "objects vtopo cannot read are named on stderr and left out."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:written (with --adopt: and every exported object vtopo did not manage adopted)",
      "1:with --adopt: written, but some objects were not adopted (named on stderr)",
      "3:libvirt or the kernel cannot be reached",
      "5:written, but some libvirt objects could not be read (named on stderr)"
    })
final class ExportCommand extends HostCommand implements Callable<Integer> {
  @Option(
      names = {"-t", "--topology"},
      paramLabel = "NAME",
      description = "Only objects owned by topology NAME (plus the NICs they sit on).")
  String topology;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "The name: of the written topology (default: the" + " --topology name, or 'exported').")
  String name;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "yaml",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Mixin OutFile outFile = new OutFile();

  @Option(
      names = "--adopt",
      description =
          "After writing PATH (-O), take over every exported object vtopo does not manage into the"
              + " written topology, as 'vtopo adopt PATH --all' would; not with --topology.")
  boolean adopt;

  /** Output formats: the topology file format only. */
  enum Format {
    yaml
  }

  @Override
  public Integer call() throws IOException {
    if (adopt && (outFile.path() == null || topology != null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          outFile.path() == null
              ? "--adopt needs -O/--out-file: the adopted objects must be described by a file"
              : "--adopt takes over foreign objects; with --topology everything exported is owned");
    }
    try (HostSession s = HostSession.open(host.target())) {
      HostState h = s.read();
      Topology t =
          export(h, topology, name != null ? name : topology != null ? topology : "exported");
      String text = TopologyWriter.write(t);
      HostSession.ReadNotes notes = s.notes();
      Set<String> exported = new HashSet<>();
      t.networks().forEach(n -> exported.add("networks[" + n.name() + "]"));
      t.pools().forEach(p -> exported.add("pools[" + p.name() + "]"));
      notes
          .unmodelled()
          .forEach(
              (obj, paths) -> {
                if (exported.contains(obj)) {
                  err()
                      .println(
                          "warning: "
                              + obj
                              + ": not modelled, kept verbatim under unmodelled: "
                              + String.join(", ", paths));
                }
              });
      for (String u : notes.unreadable()) {
        err().println("error: " + u + "; left out of the export");
      }
      err().flush();
      outFile.emit(out(), text);
      if (adopt) { // with -O, as checked above
        try (var lock = s.lock(java.time.Duration.ZERO)) {
          int code = AdoptCommand.adoptAll(s, t, h, out(), err());
          if (code != ExitCodes.OK) {
            return code;
          }
        }
      }
      return notes.unreadable().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
  }

  /**
   * The host as a topology. Physical NICs (links without a kernel kind) become {@code kind: nic};
   * loopback and kinds the format cannot express are left out; with a topology filter only its
   * objects and the links they need remain.
   */
  static Topology export(HostState h, String owner, String name) {
    List<Link> links = new ArrayList<>();
    Set<String> needed = new HashSet<>();
    for (Owned<Link> o : h.links()) {
      if (owner == null || o.ownedBy(owner)) {
        needed.add(o.value().name());
        if (o.value().attrs().master() != null) {
          needed.add(o.value().attrs().master());
        }
        String lower = Links.lower(o.value());
        if (lower != null) {
          needed.add(lower);
        }
      }
    }
    for (Owned<Link> o : h.links()) {
      Link l = o.value();
      if (l.name().equals("lo") || !needed.contains(l.name())) {
        continue;
      }
      boolean mine = owner == null || o.ownedBy(owner);
      if (l instanceof UnknownLink u && u.kernelKind().isEmpty() || !mine) {
        // Foreign links a topology's objects sit on are exported as NICs with only their name:
        // vtopo must not
        // manage more of them than the topology needs.
        links.add(
            mine ? new Nic(l.attrs()) : new Nic(io.vtopo.core.model.LinkAttrs.named(l.name())));
      } else if (!(l instanceof UnknownLink)) {
        links.add(l instanceof io.vtopo.core.model.Bridge b ? portable(b, h) : l);
      }
    }
    List<Network> nets =
        h.networks().stream()
            .filter(o -> owner == null || o.ownedBy(owner))
            .map(Owned::value)
            .toList();
    List<Pool> pools =
        h.pools().stream()
            .filter(o -> owner == null || o.ownedBy(owner))
            .map(o -> new Owned<>(exportable(o.value()), o.owner()))
            .map(
                o ->
                    owner == null
                        ? o.value()
                        : Pools.withVolumes(
                            o.value(),
                            o.value().attrs().volumes().stream()
                                .filter(
                                    v ->
                                        owner.equals(
                                            h.volumeOwners()
                                                .get(o.value().name() + "/" + v.name())))
                                .toList()))
            .toList();
    // Deterministic: networks and pools by name, whatever order libvirt listed them in. Links keep
    // the kernel's
    // (ifindex) order, which is stable for a host and is the creation order a re-apply must repeat:
    // a bridge takes
    // the MAC of its first port.
    return new Topology(
        name,
        links,
        nets.stream().sorted(java.util.Comparator.comparing(Network::name)).toList(),
        pools.stream().sorted(java.util.Comparator.comparing(Pool::name)).toList(),
        vms(h, owner),
        List.of());
  }

  /**
   * A pool as a file can declare it: a volume of capacity 0 (an fs pool's {@code lost+found}
   * directory, an iSCSI target's controller LUN 0) is no volume a file can declare (a size is
   * required and must not be 0), so it is left out; plan lists it as in the pool and left alone.
   */
  private static Pool exportable(Pool p) {
    if (p.attrs().volumes().stream().noneMatch(ExportCommand::sizeless)) {
      return p;
    }
    return Pools.withVolumes(p, p.attrs().volumes().stream().filter(v -> !sizeless(v)).toList());
  }

  private static boolean sizeless(io.vtopo.core.model.Volume v) {
    return v.capacity() != null && v.capacity().bytes() == 0;
  }

  /**
   * Domains as VMs with their devices as the persistent definition has them (what the next boot
   * gets): all of them, or with a topology filter the domains it owns with only the devices it
   * manages. vNIC types the format cannot declare (vhostuser, hostdev, user...) are left out; the
   * domain keeps them, and plan shows them as unmanaged.
   */
  static List<io.vtopo.core.model.Vm> vms(HostState h, String owner) {
    List<io.vtopo.core.model.Vm> out = new ArrayList<>();
    for (io.vtopo.core.backend.LiveDomain d : h.domains()) {
      if (d.error() != null || owner != null && !d.ownedBy(owner)) {
        continue;
      }
      var nics =
          d.config().nics().stream()
              .filter(
                  n ->
                      n.attachment().kind() != io.vtopo.core.model.Vnic.AttachKind.OTHER
                          && n.mac() != null)
              .filter(n -> owner == null || d.managed().contains(n.key()))
              .map(n -> n.withDev(null))
              .toList();
      var disks =
          d.config().disks().stream()
              .filter(k -> owner == null || d.managed().contains(k.key()))
              .toList();
      out.add(new io.vtopo.core.model.Vm(d.name(), nics, d.name(), disks));
    }
    out.sort(java.util.Comparator.comparing(io.vtopo.core.model.Vm::name));
    return out;
  }

  /**
   * A bridge as a file can re-create it anywhere: without the MAC it inherited from a port, and
   * without {@code vlan-filtering: false}, the kernel's default, which kernels without VLAN
   * filtering refuse even to set.
   */
  private static io.vtopo.core.model.Bridge portable(io.vtopo.core.model.Bridge b, HostState h) {
    var a = b.attrs();
    var attrs =
        inheritsPortMac(b, h)
            ? new io.vtopo.core.model.LinkAttrs(
                a.name(),
                a.state(),
                a.mtu(),
                null,
                a.master(),
                a.portVlan(),
                a.addresses(),
                a.routes())
            : a;
    return new io.vtopo.core.model.Bridge(
        attrs,
        b.stp(),
        b.forwardDelay(),
        Boolean.TRUE.equals(b.vlanFiltering()) ? Boolean.TRUE : null,
        b.ports());
  }

  /**
   * A bridge without a MAC of its own takes one of its ports' MACs; written out, that MAC would
   * clash with the port's (rule mac.duplicate) although the kernel derives it again on apply.
   */
  private static boolean inheritsPortMac(Link bridge, HostState h) {
    return bridge.attrs().mac() != null
        && h.links().stream()
            .map(Owned::value)
            .anyMatch(
                p ->
                    bridge.name().equals(p.attrs().master())
                        && bridge.attrs().mac().equals(p.attrs().mac()));
  }
}
