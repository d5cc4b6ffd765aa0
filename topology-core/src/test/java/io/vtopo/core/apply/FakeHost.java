package io.vtopo.core.apply;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.backend.NetworkBackend;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.backend.StorageBackend;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Links;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Pools;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.HostState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory host for fast engine tests: links, networks and pools with ownership, refusing what
 * the kernel and libvirt refuse (duplicates, unknown masters, foreign deletes), and failing or
 * "crashing" at a chosen mutation.
 */
final class FakeHost implements LinkBackend {
  /**
   * Thrown to simulate the process being killed: not a VtopoException, so the engine cannot catch
   * it.
   */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed", null, false, false);
    }
  }

  final Map<String, Owned<Link>> links = new LinkedHashMap<>();
  final Map<String, Owned<Network>> networks = new LinkedHashMap<>();
  final Map<String, Owned<Pool>> pools = new LinkedHashMap<>();
  final Map<String, String> volumeOwners = new LinkedHashMap<>();
  int mutations;
  int failAt = -1;
  int killAt = -1;

  /** Every mutation's object, in order. */
  final List<String> log = new ArrayList<>();

  /** A foreign actor that changes the host just before mutation {@code actAt} reaches it. */
  int actAt = -1;

  java.util.function.Consumer<String> actor;

  private void mutate(String what) {
    mutations++;
    log.add(what);
    if (mutations == actAt && actor != null) {
      actor.accept(what);
    }
    if (mutations == killAt) {
      throw new Killed();
    }
    if (mutations == failAt) {
      throw new VtopoException(Kind.FAILED, what, "injected failure at mutation " + mutations);
    }
  }

  HostState state() {
    List<Owned<Pool>> ps = new ArrayList<>(pools.values());
    return new HostState(
        new ArrayList<>(links.values()),
        new ArrayList<>(networks.values()),
        ps,
        new LinkedHashMap<>(volumeOwners));
  }

  @Override
  public List<Owned<Link>> readLinks() {
    return new ArrayList<>(links.values());
  }

  @Override
  public void apply(List<Change<Link>> changes, String owner) {
    for (Change<Link> c : changes) {
      if (c instanceof Change.Create<Link> cr) {
        Link l = cr.desired();
        mutate("link:" + l.name());
        if (links.containsKey(l.name())) {
          throw new VtopoException(Kind.CONFLICT, "link:" + l.name(), "File exists (EEXIST)");
        }
        checkMaster(l);
        links.put(l.name(), new Owned<>(normalize(l), l instanceof Nic ? null : owner));
      } else if (c instanceof Change.Modify<Link> m) {
        Link d = m.desired();
        mutate("link:" + d.name());
        Owned<Link> cur = links.get(d.name());
        if (cur == null) {
          throw new VtopoException(Kind.NOT_FOUND, "link:" + d.name(), "No such device (ENODEV)");
        }
        checkMaster(d);
        links.put(d.name(), new Owned<>(merge(cur.value(), d), cur.owner()));
      } else if (c instanceof Change.Delete<Link> del) {
        Link l = del.current();
        mutate("link:" + l.name());
        Owned<Link> cur = links.get(l.name());
        if (cur == null || !Objects.equals(cur.owner(), owner)) {
          throw new VtopoException(Kind.NOT_OWNED, "link:" + l.name(), "not owned by " + owner);
        }
        links.remove(l.name());
        // The kernel releases the ports of a deleted master.
        links.replaceAll(
            (n, o) ->
                l.name().equals(o.value().attrs().master())
                    ? new Owned<>(
                        Links.withAttrs(o.value(), o.value().attrs().withMaster(null)), o.owner())
                    : o);
      }
    }
  }

  private void checkMaster(Link l) {
    String m = l.attrs().master();
    if (m != null && !links.containsKey(m)) {
      throw new VtopoException(
          Kind.NOT_FOUND, "link:" + l.name(), "master " + m + " does not exist");
    }
  }

  /** Live links report every field: unset ones get the kernel's defaults. */
  private static Link normalize(Link l) {
    LinkAttrs a = l.attrs();
    return Links.withAttrs(
        l,
        new LinkAttrs(
            a.name(),
            a.state(),
            a.mtu() == null ? 1500 : a.mtu(),
            a.mac(),
            a.master(),
            a.portVlan(),
            a.addresses(),
            a.routes()));
  }

  private static Link merge(Link cur, Link d) {
    LinkAttrs c = cur.attrs();
    LinkAttrs a = d.attrs();
    LinkAttrs m =
        new LinkAttrs(
            c.name(),
            a.state() != null ? a.state() : c.state(),
            a.mtu() != null ? a.mtu() : c.mtu(),
            a.mac() != null ? a.mac() : c.mac(),
            a.master(),
            a.portVlan() != null ? a.portVlan() : c.portVlan(),
            a.addresses(),
            a.routes());
    return Links.withAttrs(d, m);
  }

  @Override
  public void close() {}

  final Nets nets = new Nets();
  final Storage storage = new Storage();

  /** The libvirt networks side. */
  final class Nets implements NetworkBackend {
    @Override
    public List<Owned<Network>> list() {
      return new ArrayList<>(networks.values());
    }

    @Override
    public Impact impact(Network current, Network desired) {
      return current.equals(desired) ? Impact.NONE : Impact.RESTART;
    }

    @Override
    public void create(Network desired, String owner) {
      mutate("network:" + desired.name());
      if (networks.containsKey(desired.name())) {
        throw new VtopoException(Kind.CONFLICT, "network:" + desired.name(), "exists");
      }
      networks.put(desired.name(), new Owned<>(desired, owner));
    }

    @Override
    public void update(Network current, Network desired, String owner) {
      mutate("network:" + desired.name());
      Owned<Network> cur = networks.get(desired.name());
      if (cur == null || !Objects.equals(cur.owner(), owner)) {
        throw new VtopoException(Kind.NOT_OWNED, "network:" + desired.name(), "not owned");
      }
      networks.put(desired.name(), new Owned<>(desired, owner));
    }

    @Override
    public void delete(Network current, String owner) {
      mutate("network:" + current.name());
      Owned<Network> cur = networks.get(current.name());
      if (cur == null || !Objects.equals(cur.owner(), owner)) {
        throw new VtopoException(Kind.NOT_OWNED, "network:" + current.name(), "not owned");
      }
      networks.remove(current.name());
    }
  }

  /** The libvirt storage side. */
  final class Storage implements StorageBackend {
    @Override
    public List<Owned<Pool>> list() {
      return new ArrayList<>(pools.values());
    }

    @Override
    public void createPool(Pool desired, String owner) {
      mutate("pool:" + desired.name());
      if (pools.containsKey(desired.name())) {
        throw new VtopoException(Kind.CONFLICT, "pool:" + desired.name(), "exists");
      }
      pools.put(desired.name(), new Owned<>(desired, owner));
      desired
          .attrs()
          .volumes()
          .forEach(v -> volumeOwners.put(desired.name() + "/" + v.name(), owner));
    }

    @Override
    public void deletePool(Pool current, String owner, boolean deleteData) {
      mutate("pool:" + current.name());
      Owned<Pool> cur = pools.get(current.name());
      if (cur == null || !Objects.equals(cur.owner(), owner)) {
        throw new VtopoException(Kind.NOT_OWNED, "pool:" + current.name(), "not owned");
      }
      pools.remove(current.name());
      cur.value()
          .attrs()
          .volumes()
          .forEach(v -> volumeOwners.remove(current.name() + "/" + v.name()));
    }

    @Override
    public void updatePool(Pool current, Pool desired, String owner, boolean allowSourceChange) {
      mutate("pool:" + desired.name());
      Owned<Pool> cur = pools.get(desired.name());
      pools.put(
          desired.name(),
          new Owned<>(Pools.withVolumes(desired, cur.value().attrs().volumes()), owner));
    }

    private Pool pool(String name) {
      Owned<Pool> p = pools.get(name);
      if (p == null) {
        throw new VtopoException(Kind.NOT_FOUND, "pool:" + name, "no such pool");
      }
      return p.value();
    }

    private void setVolumes(String pool, List<Volume> vols) {
      Owned<Pool> p = pools.get(pool);
      pools.put(pool, new Owned<>(Pools.withVolumes(p.value(), vols), p.owner()));
    }

    @Override
    public void createVolume(String pool, Volume desired, String owner) {
      mutate("volume:" + pool + "/" + desired.name());
      List<Volume> vols = new ArrayList<>(pool(pool).attrs().volumes());
      if (vols.stream().anyMatch(v -> v.name().equals(desired.name()))) {
        throw new VtopoException(Kind.CONFLICT, "volume:" + pool + "/" + desired.name(), "exists");
      }
      vols.add(desired);
      setVolumes(pool, vols);
      volumeOwners.put(pool + "/" + desired.name(), owner);
    }

    @Override
    public void cloneVolume(String pool, Volume desired, String sourceVolume, String owner) {
      createVolume(pool, desired, owner);
    }

    @Override
    public void resizeVolume(
        String pool, Volume current, Volume desired, String owner, boolean allowShrink) {
      mutate("volume:" + pool + "/" + desired.name());
      if (!allowShrink && desired.capacity().compareTo(current.capacity()) < 0) {
        throw new VtopoException(
            Kind.DESTRUCTIVE_REFUSED, "volume:" + pool + "/" + desired.name(), "shrink");
      }
      List<Volume> vols = new ArrayList<>(pool(pool).attrs().volumes());
      vols.replaceAll(
          v ->
              v.name().equals(desired.name())
                  ? new Volume(
                      v.name(),
                      v.format(),
                      desired.capacity(),
                      v.allocation(),
                      v.backing(),
                      v.permissions())
                  : v);
      setVolumes(pool, vols);
    }

    @Override
    public void deleteVolume(String pool, Volume current, String owner, boolean allowDataLoss) {
      mutate("volume:" + pool + "/" + current.name());
      if (!allowDataLoss) {
        throw new VtopoException(
            Kind.DESTRUCTIVE_REFUSED, "volume:" + pool + "/" + current.name(), "data loss");
      }
      List<Volume> vols = new ArrayList<>(pool(pool).attrs().volumes());
      vols.removeIf(v -> v.name().equals(current.name()));
      setVolumes(pool, vols);
      volumeOwners.remove(pool + "/" + current.name());
    }
  }
}
