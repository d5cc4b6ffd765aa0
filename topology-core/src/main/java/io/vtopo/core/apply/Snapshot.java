package io.vtopo.core.apply;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.HostState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the objects a plan touches, indexed by object id. Rollback and crash recovery
 * restore every touched object to its snapshot.
 */
public final class Snapshot {
  private final Map<ObjectId, Owned<Link>> links = new LinkedHashMap<>();
  private final Map<ObjectId, Owned<Network>> networks = new LinkedHashMap<>();
  private final Map<ObjectId, Owned<Pool>> pools = new LinkedHashMap<>();
  private final Map<ObjectId, Volume> volumes = new LinkedHashMap<>();
  private final Map<String, String> volumeOwners = new LinkedHashMap<>();

  /** Indexes a host state. */
  public static Snapshot of(HostState s) {
    Snapshot snap = new Snapshot();
    s.links().forEach(o -> snap.links.put(ObjectId.link(o.value().name()), o));
    s.networks().forEach(o -> snap.networks.put(ObjectId.network(o.value().name()), o));
    snap.volumeOwners.putAll(s.volumeOwners());
    for (Owned<Pool> o : s.pools()) {
      snap.pools.put(ObjectId.pool(o.value().name()), o);
      for (Volume v : o.value().attrs().volumes()) {
        snap.volumes.put(ObjectId.volume(o.value().name(), v.name()), v);
      }
    }
    return snap;
  }

  /** The link with this id, if it existed. */
  public Optional<Owned<Link>> link(ObjectId id) {
    return Optional.ofNullable(links.get(id));
  }

  /** The network with this id, if it existed. */
  public Optional<Owned<Network>> network(ObjectId id) {
    return Optional.ofNullable(networks.get(id));
  }

  /** The pool with this id, if it existed. */
  public Optional<Owned<Pool>> pool(ObjectId id) {
    return Optional.ofNullable(pools.get(id));
  }

  /** The owner topology of volume {@code id}, or null if it was foreign or absent. */
  public String volumeOwner(ObjectId id) {
    return volumeOwners.get(id.parent() + "/" + id.name());
  }

  /** The volume with this id, if it existed. */
  public Optional<Volume> volume(ObjectId id) {
    return Optional.ofNullable(volumes.get(id));
  }
}
