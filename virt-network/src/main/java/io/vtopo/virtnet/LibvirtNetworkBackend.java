package io.vtopo.virtnet;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.FaultPoints;
import io.vtopo.core.backend.NetworkBackend;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.Network;
import io.vtopo.libvirt.DhcpLease;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.LibvirtErrors;
import io.vtopo.libvirt.NativeNetworks;
import io.vtopo.libvirt.NativeNetworks.NativeNetwork;
import io.vtopo.libvirt.NetUpdate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * {@link NetworkBackend} over one libvirt connection opened by the caller (see {@link
 * LibvirtConnections}).
 *
 * <p>Ownership is read from the live XML before every change: a network whose {@code <metadata>}
 * does not carry vtopo's marker for the same topology is never redefined, stopped or undefined
 * ({@code NOT_OWNED}).
 */
public final class LibvirtNetworkBackend implements NetworkBackend {
  private final Connect conn;

  /**
   * Networks this backend deleted, as they were: when the same name is created again through this
   * backend (the engine's rollback of a deletion), it gets back its UUID and everything the model
   * does not carry.
   */
  private final java.util.Map<String, ParsedNetwork> deleted = new java.util.HashMap<>();

  /**
   * A live view of one network, with what vtopo does not model.
   *
   * @param network the modelled part, with autostart; its mode is null for forward modes vtopo does
   *     not model (passthrough, private, vepa, hostdev), which are then also listed in {@code
   *     unmodelled}
   * @param owner the owning topology, or null for a foreign network
   * @param unmodelled elements and attributes vtopo does not model (the plan warns about them)
   * @param active whether it runs
   * @param persistent whether it has a persistent definition
   * @param bridgeName the bridge it uses while active, or null
   */
  public record LiveNetwork(
      Network network,
      String owner,
      List<String> unmodelled,
      boolean active,
      boolean persistent,
      String bridgeName) {
    /** Copies the list. */
    public LiveNetwork {
      unmodelled = List.copyOf(unmodelled);
    }
  }

  /** Uses {@code conn} for every call; the caller keeps ownership of the connection. */
  public LibvirtNetworkBackend(Connect conn) {
    this.conn = conn;
  }

  @Override
  public List<Owned<Network>> list() {
    return inspect().stream().map(l -> new Owned<>(l.network(), l.owner())).toList();
  }

  /**
   * A network whose XML vtopo cannot read (libvirt 9.0 itself writes some names unescaped): left
   * out of {@link #inspect()} and reported by name.
   *
   * @param name the network's name
   * @param reason why it cannot be read
   */
  public record Unreadable(String name, String reason) {}

  private volatile List<Unreadable> unreadable = List.of();

  /**
   * Every readable network with its state and unmodelled parts, from one {@code
   * virConnectListAllNetworks} call, ordered by name. Networks that cannot be read are left out and
   * listed by {@link #unreadable()}.
   */
  public List<LiveNetwork> inspect() {
    List<LiveNetwork> out = new ArrayList<>();
    List<Unreadable> bad = new ArrayList<>();
    for (NativeNetwork n : NativeNetworks.listAllNetworks(conn)) {
      try {
        out.add(toLive(n));
      } catch (VtopoException e) {
        if (e.kind() != Kind.FAILED) {
          throw e;
        }
        bad.add(new Unreadable(n.name(), e.getMessage()));
      }
    }
    out.sort(java.util.Comparator.comparing(l -> l.network().name()));
    unreadable = List.copyOf(bad);
    return out;
  }

  /** The networks the last {@link #inspect()} or {@link #list()} could not read. */
  public List<Unreadable> unreadable() {
    return unreadable;
  }

  /** One network, or null if libvirt does not know it. */
  public LiveNetwork get(String name) {
    NativeNetwork n = NativeNetworks.lookup(conn, name);
    return n == null ? null : toLive(n);
  }

  private LiveNetwork toLive(NativeNetwork n) {
    ParsedNetwork p = NetworkXml.parse(n.xml());
    return new LiveNetwork(
        withAutostart(p.network(), n.autostart()),
        ownerOf(n, p),
        p.unmodelled(),
        n.active(),
        n.persistent(),
        n.bridgeName());
  }

  /**
   * The owner marker of the running definition, or of the persistent one: an adopted network
   * carries the marker in its persistent definition until its next restart (libvirt 9.0 cannot
   * change a running network's metadata).
   */
  private String ownerOf(NativeNetwork n, ParsedNetwork running) {
    if (running.owner() != null || !n.persistent() || !n.active()) {
      return running.owner();
    }
    return NetworkXml.owner(NativeNetworks.inactiveXml(conn, n.name()));
  }

  /**
   * {@code vtopo adopt}: records {@code owner} in the network's persistent definition, keeping
   * everything else.
   */
  @Override
  public void adopt(String name, String owner) {
    String obj = obj(name);
    requireOwnerName(owner, obj);
    NativeNetwork live = existing(name);
    if (!live.persistent()) {
      throw new VtopoException(
          Kind.UNSUPPORTED, obj, "a transient network has no persistent definition to mark");
    }
    String current = ownerOf(live, NetworkXml.parse(live.xml()));
    if (current != null && !current.equals(owner)) {
      throw new VtopoException(
          Kind.NOT_OWNED, obj, "owned by topology " + current + ", not " + owner);
    }
    String marked = NetworkXml.withOwner(NativeNetworks.inactiveXml(conn, name), owner);
    try {
      free(conn.networkDefineXML(marked));
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, obj, "virNetworkDefineXML");
    }
  }

  private static Network withAutostart(Network n, boolean autostart) {
    return n.withAutostart(autostart);
  }

  /**
   * What vtopo does not model in the running definition and in the persistent one (which may hold
   * edits not yet applied), without duplicates.
   */
  @Override
  public List<String> unmodelled(String name) {
    NativeNetwork n = NativeNetworks.lookup(conn, name);
    if (n == null) {
      return List.of();
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(NetworkXml.parse(n.xml()).unmodelled());
    if (n.persistent()) {
      all.addAll(NetworkXml.parse(NativeNetworks.inactiveXml(conn, name)).unmodelled());
    }
    return List.copyOf(all);
  }

  /** The DHCP leases libvirt's dnsmasq handed out on a network ({@code virsh net-dhcp-leases}). */
  public List<DhcpLease> leases(String network) {
    return NativeNetworks.dhcpLeases(conn, network);
  }

  @Override
  public Impact impact(Network current, Network desired) {
    return NetworkChanges.compute(current, desired).impact();
  }

  /** The full difference, with the live updates or the reasons for a restart (for plan output). */
  public NetworkChanges changes(Network current, Network desired) {
    return NetworkChanges.compute(current, desired);
  }

  @Override
  public void create(Network desired, String owner) {
    String obj = obj(desired.name());
    requireOwnerName(owner, obj);
    if (NativeNetworks.lookup(conn, desired.name()) != null) {
      throw new VtopoException(Kind.CONFLICT, obj, "a network with this name already exists");
    }
    // A network deleted earlier through this backend (rollback re-creating it) keeps its identity:
    // same UUID, same
    // unmodelled elements (libvirt's generated MAC, say).
    // The ownership marker is part of the defining XML: there is no moment at which a network vtopo
    // defined lacks it.
    String xml = NetworkXml.render(desired, owner, deleted.remove(desired.name()));
    org.libvirt.Network net;
    String name = desired.name();
    FaultPoints.before(FaultPoints.active() ? "network define " + name : null);
    try {
      net = conn.networkDefineXML(xml);
    } catch (LibvirtException e) {
      if (NativeNetworks.lookup(conn, name) != null) {
        // Another tool defined this name between vtopo's read and its define: libvirt refused ours.
        // Not vtopo's.
        throw new VtopoException(
            Kind.CONFLICT,
            obj,
            "a network of this name appeared after vtopo read the host: "
                + "another tool defined it; vtopo stops and leaves it alone ("
                + e.getMessage()
                + ")",
            e);
      }
      throw LibvirtErrors.wrap(e, obj, "virNetworkDefineXML");
    } finally {
      FaultPoints.after(FaultPoints.active() ? "network define " + name : null);
    }
    try {
      FaultPoints.before(FaultPoints.active() ? "network start " + name : null);
      net.create();
      FaultPoints.after(FaultPoints.active() ? "network start " + name : null);
      if (desired.autostart() != null) {
        FaultPoints.before(FaultPoints.active() ? "network autostart " + name : null);
        net.setAutostart(desired.autostart());
        FaultPoints.after(FaultPoints.active() ? "network autostart " + name : null);
      }
    } catch (LibvirtException e) {
      // Leave nothing half-built: a defined but unstartable network would block the next apply by
      // name.
      VtopoException w = LibvirtErrors.wrap(e, obj, "starting the new network");
      undo(net, w);
      throw w;
    } finally {
      free(net);
    }
  }

  private static void undo(org.libvirt.Network net, VtopoException failure) {
    try {
      if (net.isActive() == 1) {
        net.destroy();
      }
      net.undefine();
    } catch (LibvirtException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void update(Network current, Network desired, String owner) {
    String obj = obj(desired.name());
    NativeNetwork live = existing(desired.name());
    ParsedNetwork parsed = NetworkXml.parse(live.xml());
    requireOwned(ownerOf(live, parsed), owner, obj, "update");
    FaultPoints.before(FaultPoints.active() ? "network update " + desired.name() : null);
    // Diff against what runs now, not the caller's snapshot: the plan may be stale.
    NetworkChanges ch =
        NetworkChanges.compute(withAutostart(parsed.network(), live.autostart()), desired);
    switch (ch.impact()) {
      case NONE -> {
        return;
      }
      case IN_PLACE -> {
        if (!applyLive(live, ch, obj)) {
          restart(live, parsed, desired, owner, obj);
        }
      }
      case RESTART -> restart(live, parsed, desired, owner, obj);
      default -> throw new IllegalStateException();
    }
    if (ch.autostart() != null) {
      setAutostart(desired.name(), ch.autostart(), obj);
    }
  }

  /**
   * Applies the updates live; false if libvirt refuses one as unsupported, so the caller restarts
   * instead.
   */
  private boolean applyLive(NativeNetwork live, NetworkChanges ch, String obj) {
    int flags = NativeNetworks.UPDATE_CONFIG | (live.active() ? NativeNetworks.UPDATE_LIVE : 0);
    if (!live.persistent()) {
      flags = NativeNetworks.UPDATE_LIVE;
    }
    for (NetUpdate u : ch.updates()) {
      try {
        NativeNetworks.update(conn, live.name(), u, flags);
      } catch (VtopoException e) {
        if (e.kind() == Kind.UNSUPPORTED) {
          return false;
        }
        throw e;
      }
    }
    return true;
  }

  private void restart(
      NativeNetwork live, ParsedNetwork parsed, Network desired, String owner, String obj) {
    String oldXml = live.persistent() ? NativeNetworks.inactiveXml(conn, live.name()) : live.xml();
    // Preserve from the persistent definition: it may hold hand edits (e.g. <bandwidth>) that are
    // not running yet.
    ParsedNetwork base = live.persistent() ? NetworkXml.parse(oldXml) : parsed;
    String newXml = NetworkXml.render(desired, owner, base);
    org.libvirt.Network net;
    try {
      // Defining first validates the new definition while the old network still runs untouched.
      net = conn.networkDefineXML(newXml);
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, obj, "virNetworkDefineXML");
    }
    try {
      if (!live.active()) {
        return;
      }
      net.destroy();
      try {
        // Some drivers (test:///) keep running the old definition after a destroy instead of
        // switching to the one
        // defined while active; defining again on the stopped network is a no-op elsewhere and
        // fixes those.
        free(net);
        net = conn.networkDefineXML(newXml);
        net.create();
      } catch (LibvirtException e) {
        VtopoException w = LibvirtErrors.wrap(e, obj, "restarting with the new definition");
        rollback(oldXml, w);
        throw w;
      }
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, obj, "stopping the network for a restart");
    } finally {
      free(net);
    }
  }

  private void rollback(String oldXml, VtopoException failure) {
    try {
      org.libvirt.Network old = conn.networkDefineXML(oldXml);
      try {
        old.create();
      } finally {
        free(old);
      }
      failure.addSuppressed(
          new VtopoException(
              Kind.FAILED, null, "the previous definition was restored and started"));
    } catch (LibvirtException e) {
      failure.addSuppressed(e);
    }
  }

  private void setAutostart(String name, boolean on, String obj) {
    try {
      org.libvirt.Network net = conn.networkLookupByName(name);
      try {
        net.setAutostart(on);
      } finally {
        free(net);
      }
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, obj, "virNetworkSetAutostart");
    }
  }

  @Override
  public void delete(Network current, String owner) {
    String obj = obj(current.name());
    NativeNetwork live = existing(current.name());
    ParsedNetwork parsed = NetworkXml.parse(live.xml());
    requireOwned(ownerOf(live, parsed), owner, obj, "delete");
    FaultPoints.before(FaultPoints.active() ? "network delete " + current.name() : null);
    try {
      org.libvirt.Network net = conn.networkLookupByName(current.name());
      try {
        if (net.isActive() == 1) {
          net.destroy();
        }
        if (net.isPersistent() == 1) {
          net.undefine();
        }
      } finally {
        free(net);
      }
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, obj, "stopping and undefining");
    }
    deleted.put(current.name(), parsed);
  }

  private static void requireOwned(String liveOwner, String owner, String obj, String what) {
    if (liveOwner == null) {
      throw new VtopoException(
          Kind.NOT_OWNED,
          obj,
          "refusing to "
              + what
              + " a network vtopo did not create (no vtopo marker in its <metadata>)");
    }
    if (!liveOwner.equals(owner)) {
      throw new VtopoException(
          Kind.NOT_OWNED,
          obj,
          "refusing to " + what + ": owned by topology " + liveOwner + ", not " + owner);
    }
  }

  private static void requireOwnerName(String owner, String obj) {
    if (owner == null || owner.isBlank()) {
      throw new VtopoException(
          Kind.INVALID_INPUT, obj, "an owner (topology name) is required to mark the network");
    }
  }

  private static void free(org.libvirt.Network net) {
    try {
      net.free();
    } catch (LibvirtException e) {
      // Freeing a handle cannot fail in a way that matters to the caller.
    }
  }

  /** The network named {@code name}, which must exist. */
  private NativeNetwork existing(String name) {
    NativeNetwork live = NativeNetworks.lookup(conn, name);
    if (live == null) {
      throw new VtopoException(Kind.NOT_FOUND, obj(name), "no such network");
    }
    return live;
  }

  private static String obj(String name) {
    return "networks[" + name + "]";
  }
}
