package io.vtopo.core.apply;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.HostState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the objects a plan touches, indexed by graph id ({@code link:br0}, {@code network:n},
 * {@code pool:p}, {@code volume:p/v}). Rollback and crash recovery restore every touched object to its snapshot.
 */
public final class Snapshot {
  private final Map<String, Owned<Link>> links = new LinkedHashMap<>();
  private final Map<String, Owned<Network>> networks = new LinkedHashMap<>();
  private final Map<String, Owned<Pool>> pools = new LinkedHashMap<>();
  private final Map<String, Volume> volumes = new LinkedHashMap<>();
  private final Map<String, String> volumeOwners = new LinkedHashMap<>();

  /** Indexes a host state. */
  public static Snapshot of(HostState s) {
    Snapshot snap = new Snapshot();
    s.links().forEach(o -> snap.links.put("link:" + o.value().name(), o));
    s.networks().forEach(o -> snap.networks.put("network:" + o.value().name(), o));
    snap.volumeOwners.putAll(s.volumeOwners());
    for (Owned<Pool> o : s.pools()) {
      snap.pools.put("pool:" + o.value().name(), o);
      for (Volume v : o.value().attrs().volumes()) {
        snap.volumes.put("volume:" + o.value().name() + "/" + v.name(), v);
      }
    }
    return snap;
  }

  /** The link with this id, if it existed. */
  public Optional<Owned<Link>> link(String id) {
    return Optional.ofNullable(links.get(id));
  }

  /** The network with this id, if it existed. */
  public Optional<Owned<Network>> network(String id) {
    return Optional.ofNullable(networks.get(id));
  }

  /** The pool with this id, if it existed. */
  public Optional<Owned<Pool>> pool(String id) {
    return Optional.ofNullable(pools.get(id));
  }

  /** The owner topology of volume {@code POOL/NAME}, or null if it was foreign or absent. */
  public String volumeOwner(String key) {
    return volumeOwners.get(key);
  }

  /** The volume with this id, if it existed. */
  public Optional<Volume> volume(String id) {
    return Optional.ofNullable(volumes.get(id));
  }
}
