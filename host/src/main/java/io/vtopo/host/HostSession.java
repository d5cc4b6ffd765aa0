package io.vtopo.host;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.apply.Engine;
import io.vtopo.core.apply.HostLock;
import io.vtopo.core.apply.Journal;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.backend.NetworkBackend;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import io.vtopo.core.plan.PlanOptions;
import io.vtopo.domain.LibvirtDomainBackend;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.backend.NetlinkLinkBackend;
import io.vtopo.storage.LibvirtStorage;
import io.vtopo.storage.LivePool;
import io.vtopo.storage.LiveVolume;
import io.vtopo.storage.OwnershipRegistry;
import io.vtopo.virtnet.LibvirtNetworkBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libvirt.Connect;

/**
 * The composition root's view of one host target: the link backend for a namespace, one libvirt
 * connection shared by the network and storage backends, and the state directory. Reads the whole
 * host in one dump per object class.
 */
public final class HostSession implements AutoCloseable {
  public final LinkBackend links;
  public final Connect conn;
  public final LibvirtNetworkBackend networks;
  public final LibvirtStorage storage;

  /**
   * The domains' devices; its checkpoint directory is per topology, see {@link #domains(String)}.
   */
  public final LibvirtDomainBackend domains;

  public final Path stateDir;
  private final Netns ownedNetns;

  /**
   * The links were read in the namespace where libvirt creates its bridges (see
   * PlanOptions#linksBesideLibvirt).
   */
  private boolean besideLibvirt;

  private HostSession(LinkBackend links, Connect conn, Path stateDir, Netns ownedNetns) {
    this.links = links;
    this.conn = conn;
    this.networks = conn == null ? null : new LibvirtNetworkBackend(conn);
    this.storage =
        conn == null
            ? null
            : new LibvirtStorage(
                conn, new OwnershipRegistry(stateDir.resolve("storage-owners.json")));
    this.stateDir = stateDir;
    this.domains = conn == null ? null : domains("-");
    this.ownedNetns = ownedNetns;
  }

  /** Opens the target named by the options. */
  public static HostSession open(HostTarget o) {
    LinkBackend l = NetlinkLinkBackend.open(o.netns());
    Connect c = null;
    try {
      c = o.libvirt() ? LibvirtConnections.open(o.connect()) : null;
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
    HostSession s = new HostSession(l, c, o.stateDir(), null);
    s.besideLibvirt =
        o.netns() == null && c != null && (o.connect() == null || !o.connect().startsWith("test:"));
    return s;
  }

  /**
   * Tests only: a system property (or the environment variable VTOPO_TEST_HIDE_LIBVIRT) under which
   * the sandbox behaves as on a machine without libvirt's client library.
   */
  public static final String HIDE_LIBVIRT = "vtopo.test.hideLibvirt";

  /**
   * A sandbox: a fresh anonymous namespace and libvirt's in-process test driver; nothing on the
   * host changes.
   */
  public static HostSession sandbox(Path stateDir) {
    Netns ns = Netns.create();
    LinkBackend l = NetlinkLinkBackend.open(ns);
    Connect c;
    try {
      if (Boolean.getBoolean(HIDE_LIBVIRT) || System.getenv("VTOPO_TEST_HIDE_LIBVIRT") != null) {
        throw new UnsatisfiedLinkError("libvirt hidden by " + HIDE_LIBVIRT + " (tests only)");
      }
      c = LibvirtConnections.open("test:///default");
    } catch (LinkageError | VtopoException e) {
      // No libvirt client library on this machine: the caller decides whether links alone are
      // enough.
      c = null;
    }
    return new HostSession(l, c, stateDir, ns);
  }

  /**
   * What the last {@link #read()} could not carry: objects it could not read at all (left out,
   * named), and objects whose libvirt XML holds parts vtopo does not model (kept verbatim, by
   * path). Export and plan report them.
   *
   * @param unreadable {@code kind[name]: reason} per object left out
   * @param unmodelled {@code kind[name]} to the XML paths vtopo keeps verbatim or leaves out
   */
  public record ReadNotes(List<String> unreadable, Map<String, List<String>> unmodelled) {}

  private ReadNotes notes = new ReadNotes(List.of(), Map.of());

  /** The notes of the last {@link #read()}. */
  public ReadNotes notes() {
    return notes;
  }

  /**
   * Everything vtopo can see: links with addresses and routes, networks, pools with volumes and
   * owners.
   */
  public HostState read() {
    List<String> unreadable = new ArrayList<>();
    Map<String, List<String>> unmodelled = new java.util.TreeMap<>();
    List<Owned<Network>> nets = new ArrayList<>();
    if (networks != null) {
      for (LibvirtNetworkBackend.LiveNetwork n : networks.inspect()) {
        nets.add(new Owned<>(n.network(), n.owner()));
        if (!n.unmodelled().isEmpty()) {
          unmodelled.put("networks[" + n.network().name() + "]", n.unmodelled());
        }
      }
      networks
          .unreadable()
          .forEach(u -> unreadable.add("networks[" + u.name() + "]: " + u.reason()));
    }
    List<Owned<Pool>> pools = new ArrayList<>();
    Map<String, String> volumeOwners = new HashMap<>();
    Set<String> kept = new java.util.HashSet<>();
    if (storage != null) {
      for (LivePool p : storage.inspect(true)) {
        if (p.pool() == null) {
          unreadable.add("pools[" + p.name() + "]: pool type " + p.type() + " is not modelled");
          continue;
        }
        // One warning per pool: its own paths, then its volumes' as volumes[NAME]/PATH.
        List<String> paths = new ArrayList<>(p.unmodelled());
        for (LiveVolume v : p.volumes()) {
          v.unmodelled().forEach(u -> paths.add("volumes[" + v.name() + "]/" + u));
        }
        if (!paths.isEmpty()) {
          unmodelled.put("pools[" + p.name() + "]", paths);
        }
        pools.add(new Owned<>(p.pool(), p.owner()));
        if (p.owner() != null && !p.builtStorage()) {
          kept.add(p.name());
        }
        for (LiveVolume v : p.volumes()) {
          if (v.owner() != null) {
            volumeOwners.put(p.name() + "/" + v.name(), v.owner());
          }
        }
      }
    }
    if (storage != null) {
      storage.unreadable().forEach(u -> unreadable.add("pools[" + u));
    }
    notes = new ReadNotes(List.copyOf(unreadable), unmodelled);
    return new HostState(
        links.readLinks(),
        nets,
        pools,
        volumeOwners,
        kept,
        io.vtopo.netlink.backend.KernelHostFacts.get(),
        domains == null ? List.of() : domains.list());
  }

  /**
   * The domain backend of one topology's applies: its checkpoint of touched domains lives beside
   * that topology's journal, so that {@code vtopo recover} in another process finds it.
   */
  public LibvirtDomainBackend domains(String topology) {
    // Guests' TAPs live where libvirt creates its bridges: the root namespace of this machine.
    return new LibvirtDomainBackend(
        conn,
        stateDir.resolve("domain-checkpoints").resolve(topology),
        (tap, bridge) -> {
          try (RtNetlink nl = RtNetlink.open()) {
            nl.setMaster(tap, bridge);
          }
        });
  }

  /**
   * Plan options for this host: flags, the SSH session's address, and libvirt's own live-update
   * rules.
   */
  public PlanOptions options(
      boolean allowDataLoss, boolean allowSourceChange, boolean allowDisconnect) {
    Set<IpAddress> mgmt = new java.util.HashSet<>();
    String ssh = System.getenv("SSH_CONNECTION");
    if (ssh != null) {
      String[] f = ssh.trim().split("\\s+");
      if (f.length >= 3) {
        IpAddress.parse(f[2]).ifPresent(mgmt::add);
      }
    }
    // Link changes are planned by what the link backend declares it can do (in place, replace, or
    // not at all).
    PlanOptions base =
        new PlanOptions(
            allowDataLoss,
            allowSourceChange,
            allowDisconnect,
            mgmt,
            PlanOptions::simple,
            besideLibvirt,
            links.contract());
    if (networks == null) {
      return base;
    }
    NetworkBackend nb = networks;
    return base.withNetworkChanges(
        (cur, des) -> {
          NetworkBackend.Impact i = nb.impact(cur, des);
          if (i == NetworkBackend.Impact.NONE) {
            return new PlanOptions.NetworkImpact(false, List.of());
          }
          var simple = PlanOptions.simple(cur, des);
          return new PlanOptions.NetworkImpact(
              i == NetworkBackend.Impact.RESTART,
              simple.changes().isEmpty()
                  ? List.of(
                      new io.vtopo.core.plan.FieldChange(
                          "settings", "live", "as in the file", true))
                  : simple.changes());
        });
  }

  /** Refuses a file that declares libvirt objects when libvirt is not connected. */
  public void requireLibvirtFor(Topology t) {
    if (conn == null
        && (!t.networks().isEmpty()
            || !t.pools().isEmpty()
            || t.vms().stream().anyMatch(v -> v.domain() != null))) {
      throw new VtopoException(
          Kind.INVALID_INPUT,
          null,
          "the file declares libvirt networks, pools or domains but" + " --connect none was given");
    }
  }

  public Journal journal(String topology) {
    return Journal.at(stateDir, topology);
  }

  public HostLock lock(Duration wait) {
    return HostLock.acquire(stateDir.resolve("apply.lock"), wait);
  }

  public Engine engine(String topology, Engine.Progress progress) {
    return new Engine(
        new Engine.Backends(links, networks, storage, conn == null ? null : domains(topology)),
        journal(topology),
        this::read,
        progress,
        5,
        Duration.ofMillis(200));
  }

  @Override
  public void close() {
    links.close();
    if (conn != null) {
      LibvirtConnections.closeQuietly(conn);
    }
    if (ownedNetns != null) {
      ownedNetns.close();
    }
  }
}
