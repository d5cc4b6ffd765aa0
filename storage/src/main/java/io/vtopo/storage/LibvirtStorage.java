package io.vtopo.storage;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.FaultPoints;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.backend.StorageBackend;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.DiskPool;
import io.vtopo.core.model.FsPool;
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.IscsiPool;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import io.vtopo.libvirt.LibvirtErrors;
import io.vtopo.libvirt.NativeStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * {@link StorageBackend} over one libvirt connection (opened and closed by the caller). Ownership
 * comes from an {@link OwnershipRegistry}; every mutating call first checks that the pool or volume
 * is recorded there for the calling topology and refuses with {@code NOT_OWNED} otherwise.
 * Destructive steps are refused with {@code DESTRUCTIVE_REFUSED} unless the caller passes the flag
 * named in the message.
 *
 * <p>Each operation is named after its {@code virsh} equivalent in the Javadoc.
 */
public final class LibvirtStorage implements StorageBackend {
  /** The CLI flag that allows deleting volumes, shrinking them and deleting a pool's storage. */
  public static final String ALLOW_DATA_LOSS = "--allow-data-loss";

  /** The CLI flag that allows pointing an existing pool at another source. */
  public static final String ALLOW_SOURCE_CHANGE = "--allow-source-change";

  // virStoragePoolBuildFlags and virStorageVolResizeFlags
  private static final int BUILD_NO_OVERWRITE = 1 << 2;
  private static final int RESIZE_SHRINK = 1 << 2;
  private static final Set<String> PATH_KEYED = Set.of("dir", "fs", "netfs");
  private static final Set<String> BLOCK_POOLS =
      Set.of("logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "sheepdog", "zfs");

  /** Pools whose volumes exist outside libvirt (LUNs, multipath maps): listed, never created. */
  private static final Set<String> LUN_POOLS = Set.of("iscsi", "iscsi-direct", "scsi", "mpath");

  private final Connect conn;
  private final OwnershipRegistry registry;

  /**
   * Pools this backend deleted, with their ownership records: when the same name is created again
   * through this backend (the engine's rollback of a deletion), the pool gets back its UUID, and
   * storage vtopo had built stays marked so.
   */
  private final java.util.Map<String, OwnershipRegistry.PoolEntry> deletedPools =
      new java.util.HashMap<>();

  /**
   * A backend over an open connection.
   *
   * @param conn libvirt connection, e.g. {@code qemu:///system}; not closed by this class
   * @param registry where ownership is recorded
   */
  public LibvirtStorage(Connect conn, OwnershipRegistry registry) {
    this.conn = conn;
    this.registry = registry;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws LibvirtException;
  }

  /**
   * Calls that change libvirt's state: each runs between fault points (see {@link FaultPoints}).
   */
  private static final Set<String> MUTATING =
      Set.of(
          "pool-define",
          "pool-build",
          "pool-start",
          "pool-autostart",
          "pool-delete",
          "pool-undefine",
          "vol-create",
          "vol-clone",
          "vol-resize",
          "vol-delete");

  @FunctionalInterface
  private interface Act {
    void run() throws LibvirtException;
  }

  /** {@link #call} of a libvirt call whose result means nothing beyond success. */
  private static void act(String object, String action, Act a) {
    call(
        object,
        action,
        () -> {
          a.run();
          return null;
        });
  }

  private static <T> T call(String object, String action, Call<T> c) {
    String label =
        FaultPoints.active() && MUTATING.contains(action)
            ? "storage " + action + " " + object
            : null;
    FaultPoints.before(label);
    try {
      return c.run();
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, object, action + " failed");
    } finally {
      FaultPoints.after(label);
    }
  }

  private static String poolPath(String pool) {
    return "pools[" + pool + "]";
  }

  private static String volPath(String pool, String vol) {
    return "pools[" + pool + "].volumes[" + vol + "]";
  }

  // ---------------------------------------------------------------- reading

  /**
   * Every pool with its volumes and ownership ({@code virsh pool-list --all} plus {@code vol-list}
   * and {@code vol-dumpxml} for each). Costs 3 + P (+ one per active pool) + V libvirt round trips;
   * see {@link #inspect(boolean)} for the cheaper form.
   */
  public List<LivePool> inspect() {
    return inspect(true);
  }

  /**
   * Every pool with its volumes. With {@code volumeDetails} false no volume XML is fetched (3 + 2P
   * round trips instead of 3 + 2P + V); volumes then carry only their name and key, with capacity 0
   * and no format.
   */
  public List<LivePool> inspect(boolean volumeDetails) {
    List<NativeStorage.RawPool> raws = new ArrayList<>(NativeStorage.listAll(conn, volumeDetails));
    OwnershipRegistry.Snapshot owners = registry.read();
    Map<String, PoolXml.Parsed> pools = new LinkedHashMap<>();
    Map<String, List<VolumeXml.Parsed>> vols = new HashMap<>();
    // Backing stores are paths in XML; map every known volume path to POOL/NAME first.
    Map<String, String[]> byPath = new HashMap<>();
    List<String> bad = new ArrayList<>();
    for (NativeStorage.RawPool r : List.copyOf(raws)) {
      try {
        pools.put(r.uuid(), PoolXml.parse(r.xml()));
      } catch (VtopoException | IllegalArgumentException e) {
        // One pool vtopo cannot read must not hide the others: it is reported by name and left out.
        bad.add(r.name() + ": " + e.getMessage());
        raws.remove(r);
        continue;
      }
      List<VolumeXml.Parsed> list = new ArrayList<>();
      for (NativeStorage.RawVolume rv : r.volumes()) {
        VolumeXml.Parsed pv =
            rv.xml() != null
                ? VolumeXml.parse(rv.xml())
                : new VolumeXml.Parsed(
                    new Volume(rv.name(), null, new ByteSize(0), null, null, null),
                    null,
                    rv.key(),
                    null,
                    null,
                    null,
                    List.of());
        list.add(pv);
        for (String p : new String[] {pv.path(), pv.key()}) {
          if (p != null) {
            byPath.put(p, new String[] {r.name(), rv.name()});
          }
        }
      }
      vols.put(r.uuid(), list);
    }
    List<LivePool> out = new ArrayList<>();
    for (NativeStorage.RawPool r : raws) {
      PoolXml.Parsed pp = pools.get(r.uuid());
      List<LiveVolume> lv = new ArrayList<>();
      for (VolumeXml.Parsed pv : vols.get(r.uuid())) {
        Volume v = pv.volume();
        String backing = null;
        if (pv.backingPath() != null) {
          String[] ref = byPath.get(pv.backingPath());
          backing =
              ref == null
                  ? pv.backingPath()
                  : ref[0].equals(r.name()) ? ref[1] : ref[0] + "/" + ref[1];
          if (ref == null && pv.backingFormat() != null) {
            // A file in no pool has no volume to read its format from: keep the format verbatim.
            List<io.vtopo.core.model.Unmodelled> u = new ArrayList<>(v.unmodelled());
            u.add(
                new io.vtopo.core.model.Unmodelled(
                    "backingStore/format",
                    "<format type=\""
                        + pv.backingFormat().replaceAll("[^A-Za-z0-9_.+-]", "")
                        + "\"/>"));
            u.sort(java.util.Comparator.comparing(io.vtopo.core.model.Unmodelled::path));
            v = v.withUnmodelled(u);
          }
        }
        v = v.withBacking(backing);
        lv.add(
            new LiveVolume(
                v, pv.key(), pv.path(), pv.type(), owners.volumeOwner(pv.key()), pv.unmodelled()));
      }
      Pool model = null;
      if (pp.pool() != null) {
        PoolAttrs a = pp.pool().attrs();
        model =
            Pools.withAttrs(
                pp.pool(),
                a.withAutostart(r.autostart())
                    .withVolumes(lv.stream().map(LiveVolume::volume).toList()));
      }
      out.add(
          new LivePool(
              r.name(),
              r.uuid(),
              pp.type(),
              model,
              r.active(),
              pp.capacity(),
              pp.available(),
              owners.poolOwner(r.uuid()),
              owners.built(r.uuid()),
              pp.unmodelled(),
              lv,
              r.volumeError()));
    }
    out.sort(java.util.Comparator.comparing(LivePool::name));
    unreadable = List.copyOf(bad);
    return out;
  }

  private volatile List<String> unreadable = List.of();

  /** The pools the last {@link #inspect(boolean)} could not read, as {@code name: reason}. */
  public List<String> unreadable() {
    return unreadable;
  }

  @Override
  public List<Owned<Pool>> list() {
    return inspect(true).stream()
        .filter(p -> p.pool() != null)
        .map(p -> new Owned<>(p.pool(), p.owner()))
        .toList();
  }

  // ---------------------------------------------------------------- pools

  /**
   * {@code virsh pool-define} + {@code pool-build} + {@code pool-start} + {@code pool-autostart},
   * then its volumes. Build never overwrites: fs, logical and disk pools are built with {@code
   * --no-overwrite}; if the devices already hold the file system or volume group, the pool is
   * started on them as they are and vtopo records that it did not build that storage (so it will
   * never delete it). Any failure undoes what this call did.
   */
  @Override
  public void createPool(Pool desired, String owner) {
    String obj = poolPath(desired.name());
    List<String> problems = validate(desired);
    if (!problems.isEmpty()) {
      throw new VtopoException(Kind.INVALID_INPUT, obj, String.join("; ", problems));
    }
    StoragePool existing = lookupPool(desired.name());
    if (existing != null) {
      String uuid = call(obj, "pool-uuid", existing::getUUIDString);
      String o = registry.read().poolOwner(uuid);
      throw new VtopoException(
          Kind.CONFLICT,
          obj,
          "a pool with this name already exists"
              + (o == null ? " and was not created by vtopo" : " (owned by topology " + o + ")"));
    }
    OwnershipRegistry.PoolEntry before = deletedPools.remove(desired.name());
    // Ownership is recorded before the define, under the UUID the defining XML carries: a kill
    // right after the define
    // leaves a pool that recovery can prove is this topology's, and a pool of the same name that
    // another tool defines
    // meanwhile has another UUID (and makes this define fail), so it is never taken for ours.
    String uuid = before == null ? java.util.UUID.randomUUID().toString() : before.uuid();
    registry.recordPool(
        new OwnershipRegistry.PoolEntry(
            uuid, desired.name(), owner, before != null && before.built()));
    StoragePool p;
    try {
      p =
          call(
              obj,
              "pool-define",
              () -> conn.storagePoolDefineXML(PoolXml.render(desired, uuid), 0));
    } catch (RuntimeException e) {
      StoragePool appeared = lookupPool(desired.name());
      if (appeared != null && uuid.equals(uuidOf(appeared))) {
        // The define went through and the failure came after it (the connection, a fault): the
        // pool carries the UUID vtopo generated, so it is this apply's and is undefined again.
        try {
          appeared.undefine();
        } catch (LibvirtException u) {
          e.addSuppressed(u);
          throw e;
        }
        registry.forgetPool(uuid);
        throw e;
      }
      registry.forgetPool(uuid);
      if (appeared != null) {
        throw new VtopoException(
            Kind.CONFLICT,
            obj,
            "a pool of this name appeared after vtopo read the host: "
                + "another tool defined it; vtopo stops and leaves it alone ("
                + e.getMessage()
                + ")",
            e);
      }
      throw e;
    }
    if (desired instanceof DirPool || desired instanceof NetfsPool) {
      // Whether vtopo builds the directory is known before the build (it does unless the directory
      // exists): recorded
      // first, so a kill during the build leaves no directory vtopo made that recovery would not
      // remove.
      String t = desired.attrs().target();
      boolean existed = t != null && isLocal() && Files.isDirectory(Path.of(t));
      if (!existed) {
        registry.recordPool(new OwnershipRegistry.PoolEntry(uuid, desired.name(), owner, true));
      }
    }
    // Known before the build, so that a failure right after a build that went through (the
    // connection, a fault) still removes the directory it made.
    String target = desired.attrs().target();
    boolean makesDir =
        (desired instanceof DirPool
                || desired instanceof NetfsPool
                || desired instanceof io.vtopo.core.model.VstoragePool)
            && target != null
            && isLocal()
            && !Files.isDirectory(Path.of(target));
    boolean built = false;
    List<String> createdVolumes = new ArrayList<>();
    try {
      Boolean b = build(p, desired, obj);
      built = Boolean.TRUE.equals(b);
      // Re-created on the storage vtopo built before (a rollback of an undefine): that storage is
      // still vtopo's.
      if (built || before != null && before.built()) {
        registry.recordPool(new OwnershipRegistry.PoolEntry(uuid, desired.name(), owner, true));
      }
      if (call(obj, "pool-info", p::isActive) != 1) {
        act(obj, "pool-start", () -> p.create(0));
      }
      if (desired.attrs().autostart() != null) {
        act(obj, "pool-autostart", () -> p.setAutostart(desired.attrs().autostart() ? 1 : 0));
      }
      for (Volume v : volumeOrder(desired)) {
        // A create that went through before a failure removes its own volume (createVolume); one
        // another tool put in the new pool first is never touched.
        createVolume(desired.name(), v, owner);
        createdVolumes.add(v.name());
      }
    } catch (RuntimeException e) {
      rollback(p, uuid, built || makesDir && Files.isDirectory(Path.of(target)), createdVolumes, e);
      throw e;
    }
  }

  // Returns true if vtopo built the storage, false if it found it already there, null if the type
  // has no build.
  private Boolean build(StoragePool p, Pool desired, String obj) {
    if (desired instanceof IscsiPool
        || desired instanceof IscsiDirectPool
        || desired instanceof io.vtopo.core.model.ScsiPool
        || desired instanceof io.vtopo.core.model.MpathPool
        || desired instanceof io.vtopo.core.model.RbdPool
        || desired instanceof io.vtopo.core.model.GlusterPool
        // Building a sheepdog pool formats the cluster; a zpool without devices already exists.
        || desired instanceof io.vtopo.core.model.SheepdogPool
        || desired instanceof io.vtopo.core.model.ZfsPool z && z.devices().isEmpty()) {
      return null;
    }
    if (desired instanceof DirPool
        || desired instanceof NetfsPool
        || desired instanceof io.vtopo.core.model.VstoragePool) {
      String t = desired.attrs().target();
      boolean existed = t != null && isLocal() && Files.isDirectory(Path.of(t));
      act(obj, "pool-build", () -> p.build(0));
      return !existed;
    }
    try {
      try {
        p.build(BUILD_NO_OVERWRITE);
      } catch (LibvirtException e) {
        // Only a driver that knows no build flags at all says this (the test:///default fake); it
        // has no data. A real backend without the flag (zfs) is not built over: it may hold data.
        if (e.getMessage() == null
            || !e.getMessage().contains("unsupported flags")
            || !conn.getURI().startsWith("test:")) {
          throw e;
        }
        p.build(0);
      }
      return true;
    } catch (LibvirtException e) {
      // The devices hold a file system or volume group already: use it as it is, never overwrite
      // it.
      try {
        p.create(0);
        return false;
      } catch (LibvirtException e2) {
        VtopoException v = LibvirtErrors.wrap(e, obj, "pool-build --no-overwrite failed");
        throw new VtopoException(
            v.kind() == Kind.FAILED ? Kind.DESTRUCTIVE_REFUSED : v.kind(),
            obj,
            v.getMessage()
                + "; the source devices hold other data or are unusable, and vtopo never overwrites"
                + " them (starting on them as they are also failed: "
                + e2.getMessage()
                + ")",
            e);
      }
    }
  }

  private boolean isLocal() {
    try {
      String uri = conn.getURI();
      return uri.startsWith("qemu:///") || uri.startsWith("qemu+unix:///");
    } catch (LibvirtException e) {
      return false;
    }
  }

  private static String uuidOf(StoragePool p) {
    try {
      return p.getUUIDString();
    } catch (LibvirtException e) {
      return null;
    }
  }

  private void rollback(
      StoragePool p, String uuid, boolean built, List<String> volumes, RuntimeException cause) {
    try {
      for (String v : volumes) {
        StorageVol vol;
        try {
          vol = p.storageVolLookupByName(v);
        } catch (LibvirtException missing) {
          continue; // its create failed before libvirt made it
        }
        String key = vol.getKey();
        vol.delete(0);
        registry.forgetVolume(key);
      }
      if (p.isActive() == 1) {
        p.destroy();
      }
      if (built) {
        p.delete(0);
      }
      p.undefine();
      registry.forgetPool(uuid);
    } catch (LibvirtException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * {@code virsh pool-destroy} + ({@code pool-delete} when {@code deleteData} and vtopo built the
   * storage) + {@code pool-undefine}. Otherwise the directory, mount source or volume group and
   * every volume in it stay as they are.
   */
  @Override
  public void deletePool(Pool current, String owner, boolean deleteData) {
    String name = current.name();
    String obj = poolPath(name);
    StoragePool p = ownedPool(name, owner);
    String uuid = call(obj, "pool-uuid", p::getUUIDString);
    OwnershipRegistry.PoolEntry entry = registry.pool(uuid).orElseThrow();
    // Storage vtopo did not build (it existed before the pool was defined, or the pool was adopted)
    // is never deleted:
    // the pool is only undefined. The planner says so in the plan; a rollback of such a pool's
    // creation lands here
    // too, and undefining is exactly what restores the host.
    deleteData = deleteData && entry.built();
    if (deleteData
        && (current instanceof DirPool || current instanceof NetfsPool)
        && isLocal()
        && current.attrs().target() != null
        && !Files.exists(Path.of(current.attrs().target()))) {
      // Defined but never built (an apply killed between the define and the build): no storage to
      // delete.
      deleteData = false;
    }
    if (deleteData) {
      boolean wasActive = call(obj, "pool-info", p::isActive) == 1;
      if (!wasActive) {
        // An inactive pool cannot list its volumes; start it to check that deleting it loses
        // nothing.
        act(obj, "pool-start", () -> p.create(0));
      }
      act(obj, "pool-refresh", () -> p.refresh(0));
      String[] vols = call(obj, "vol-list", p::listVolumes);
      if (vols.length > 0) {
        Set<String> ours =
            Set.copyOf(
                registry.read().volumes().values().stream()
                    .filter(v -> v.poolUuid().equals(uuid))
                    .map(OwnershipRegistry.VolumeEntry::name)
                    .toList());
        List<String> named = new ArrayList<>();
        for (String v : vols) {
          named.add(v + (ours.contains(v) ? "" : " (not created by vtopo)"));
        }
        throw new VtopoException(
            Kind.CONFLICT,
            obj,
            "pool is not empty, deleting its storage would delete "
                + vols.length
                + " volume(s): "
                + String.join(", ", named)
                + "; delete those volumes first");
      }
    }
    stop(p, current, obj);
    if (deleteData) {
      act(obj, "pool-delete", () -> p.delete(0));
    }
    act(obj, "pool-undefine", () -> p.undefine());
    registry.forgetPool(uuid);
    deletedPools.put(name, entry);
  }

  /**
   * {@code virsh pool-destroy} on an owned pool: unmounts or deactivates it, keeping its data and
   * definition.
   */
  public void stopPool(String name, String owner) {
    StoragePool p = ownedPool(name, owner);
    String obj = poolPath(name);
    PoolXml.Parsed parsed = PoolXml.parse(call(obj, "pool-dumpxml", () -> p.getXMLDesc(0)));
    stop(p, parsed.pool(), obj);
  }

  /** {@code virsh pool-start} on an owned pool. */
  public void startPool(String name, String owner) {
    StoragePool p = ownedPool(name, owner);
    String obj = poolPath(name);
    if (call(obj, "pool-info", p::isActive) != 1) {
      act(obj, "pool-start", () -> p.create(0));
    }
  }

  /**
   * {@code virsh pool-refresh}: rescans any pool (it changes nothing, so foreign pools are
   * allowed).
   */
  public void refreshPool(String name) {
    String obj = poolPath(name);
    StoragePool p = existingPool(name);
    act(obj, "pool-refresh", () -> p.refresh(0));
  }

  /** {@code virsh pool-autostart [--disable]} on an owned pool. */
  public void setAutostart(String name, String owner, boolean autostart) {
    StoragePool p = ownedPool(name, owner);
    act(poolPath(name), "pool-autostart", () -> p.setAutostart(autostart ? 1 : 0));
  }

  private void stop(StoragePool p, Pool pool, String obj) {
    if (call(obj, "pool-info", p::isActive) != 1) {
      return;
    }
    try {
      p.destroy();
    } catch (LibvirtException e) {
      VtopoException v = LibvirtErrors.wrap(e, obj, "pool-destroy failed");
      String target = pool == null ? null : pool.attrs().target();
      List<String> users =
          pool instanceof NetfsPool || pool instanceof FsPool
              ? BusyFinder.users(target, 10)
              : List.of();
      if (!users.isEmpty()) {
        throw new VtopoException(
            Kind.CONFLICT,
            obj,
            "cannot stop the pool: "
                + target
                + " is busy: "
                + String.join("; ", users)
                + " (libvirt: "
                + e.getMessage()
                + ")",
            e);
      }
      throw v;
    }
  }

  /**
   * Redefines an owned pool ({@code virsh pool-define} with its UUID) and applies autostart. A
   * changed source needs {@code allowSourceChange}: the pool is then stopped, built on the new
   * source without overwriting, and started. Target and permission changes take effect at the next
   * start.
   */
  @Override
  public void updatePool(Pool current, Pool desired, String owner, boolean allowSourceChange) {
    String obj = poolPath(desired.name());
    StoragePool p = ownedPool(desired.name(), owner);
    String uuid = call(obj, "pool-uuid", p::getUUIDString);
    PoolXml.Parsed live = PoolXml.parse(call(obj, "pool-dumpxml", () -> p.getXMLDesc(0)));
    if (live.pool() == null) {
      throw new VtopoException(
          Kind.UNSUPPORTED, obj, "vtopo does not model pools of type " + live.type());
    }
    boolean sourceChange = Pools.sourceDiffers(live.pool(), desired);
    if (sourceChange && !allowSourceChange) {
      throw new VtopoException(
          Kind.DESTRUCTIVE_REFUSED,
          obj,
          "changing the pool's source from "
              + PoolXml.render(Pools.withVolumes(live.pool(), List.of())).strip()
              + " hides the volumes on the old source"
              + " from libvirt; pass "
              + ALLOW_SOURCE_CHANGE
              + " to allow it");
    }
    List<String> problems = validate(desired);
    if (!problems.isEmpty()) {
      throw new VtopoException(Kind.INVALID_INPUT, obj, String.join("; ", problems));
    }
    // A file that does not say what is unmodelled keeps what the live pool has.
    List<io.vtopo.core.model.Unmodelled> keep =
        desired.attrs().unmodelled() != null
            ? desired.attrs().unmodelled()
            : live.pool().attrs().unmodelled();
    Boolean cow = desired.attrs().cow() != null ? desired.attrs().cow() : live.pool().attrs().cow();
    Pool resolved =
        Pools.withAttrs(
            desired,
            new PoolAttrs(
                desired.attrs().name(),
                desired.attrs().target(),
                desired.attrs().permissions(),
                desired.attrs().autostart(),
                desired.attrs().capacity(),
                desired.attrs().volumes(),
                cow,
                keep));
    Pool liveDef = Pools.normalize(definitionOnly(live.pool()));
    Pool wantDef = Pools.normalize(definitionOnly(resolved));
    // Stop before redefining: a busy pool then fails with nothing changed, and the new source
    // applies on start.
    boolean restart = sourceChange && call(obj, "pool-info", p::isActive) == 1;
    if (restart) {
      stop(p, live.pool(), obj);
    }
    if (!liveDef.equals(wantDef)) {
      call(obj, "pool-define", () -> conn.storagePoolDefineXML(PoolXml.render(resolved, uuid), 0));
    }
    if (restart) {
      Boolean built = build(p, desired, obj);
      registry.recordPool(
          new OwnershipRegistry.PoolEntry(uuid, desired.name(), owner, Boolean.TRUE.equals(built)));
      if (call(obj, "pool-info", p::isActive) != 1) {
        act(obj, "pool-start", () -> p.create(0));
      }
    }
    Boolean auto = desired.attrs().autostart();
    if (auto != null && auto != call(obj, "pool-autostart", p::getAutostart)) {
      act(obj, "pool-autostart", () -> p.setAutostart(auto ? 1 : 0));
    }
  }

  private static Pool definitionOnly(Pool p) {
    PoolAttrs a = p.attrs();
    List<io.vtopo.core.model.Unmodelled> u = a.unmodelled() == null ? List.of() : a.unmodelled();
    PoolAttrs d =
        new PoolAttrs(a.name(), a.target(), a.permissions(), null, null, List.of(), a.cow(), u);
    if (p instanceof IscsiDirectPool) {
      d = new PoolAttrs(a.name(), null, null, null, null, List.of(), a.cow(), u);
    }
    return Pools.withAttrs(p, d);
  }

  // ---------------------------------------------------------------- volumes

  /**
   * {@code virsh vol-create-as POOL NAME CAPACITY --format F [--allocation A] [--backing-vol B
   * --backing-vol-format BF]} in an owned pool. The backing volume may be foreign: it is only read.
   */
  @Override
  public void createVolume(String pool, Volume desired, String owner) {
    String obj = volPath(pool, desired.name());
    StoragePool p = ownedPool(pool, owner);
    PoolXml.Parsed pp = PoolXml.parse(call(obj, "pool-dumpxml", () -> p.getXMLDesc(0)));
    checkVolume(pp.type(), desired, obj);
    if (lookupVol(p, desired.name()) != null) {
      throw new VtopoException(Kind.CONFLICT, obj, "a volume with this name already exists");
    }
    VolumeXml.Backing backing = null;
    if (desired.backing() != null && desired.backing().startsWith("/")) {
      // A backing file in no pool, as an export found it: named by path; its format travels
      // verbatim with the volume's unmodelled parts (backingStore/format), never probed.
      backing = new VolumeXml.Backing(desired.backing(), null);
    } else if (desired.backing() != null) {
      StorageVol b = resolve(pool, desired.backing(), obj + ".backing");
      VolumeXml.Parsed bp =
          VolumeXml.parse(call(obj, "vol-dumpxml " + desired.backing(), () -> b.getXMLDesc(0)));
      VolumeFormat bf = bp.volume().format();
      backing = new VolumeXml.Backing(bp.path(), bf == null ? VolumeFormat.RAW : bf);
    }
    String xml = VolumeXml.render(desired, backing);
    String uuid = call(obj, "pool-uuid", p::getUUIDString);
    // In pools whose volume key is its path (dir, fs, netfs) the key is known before the create:
    // recorded first, so a
    // kill right after the create leaves a volume recovery can prove is ours.
    String target = pp.pool() == null ? null : pp.pool().attrs().target();
    String predicted =
        PATH_KEYED.contains(pp.type()) && target != null
            ? target.replaceAll("/+$", "") + "/" + desired.name()
            : null;
    if (predicted != null) {
      registry.recordVolume(
          new OwnershipRegistry.VolumeEntry(predicted, uuid, desired.name(), owner));
    }
    StorageVol v;
    try {
      v = call(obj, "vol-create", () -> p.storageVolCreateXML(xml, 0));
    } catch (RuntimeException e) {
      StorageVol made = lookupVol(p, desired.name());
      if (made != null && !(e.getCause() instanceof LibvirtException)) {
        // libvirt did not refuse the create: it went through and the failure came after it (the
        // connection, a fault). The volume is this apply's, and goes again.
        try {
          made.delete(0);
        } catch (LibvirtException d) {
          e.addSuppressed(d);
        }
      }
      if (predicted != null) {
        registry.forgetVolume(predicted);
      }
      if (made != null && e.getCause() instanceof LibvirtException) {
        throw new VtopoException(
            Kind.CONFLICT,
            obj,
            "a volume of this name appeared after vtopo read the host: "
                + "another tool created it; vtopo stops and leaves it alone ("
                + e.getMessage()
                + ")",
            e);
      }
      throw e;
    }
    String key = call(obj, "vol-key", v::getKey);
    if (!key.equals(predicted)) {
      if (predicted != null) {
        registry.forgetVolume(predicted);
      }
      registry.recordVolume(new OwnershipRegistry.VolumeEntry(key, uuid, desired.name(), owner));
    }
  }

  /**
   * {@code virsh vol-clone} (a full copy, {@code virStorageVolCreateXMLFrom}) into an owned pool.
   */
  @Override
  public void cloneVolume(String pool, Volume desired, String sourceVolume, String owner) {
    String obj = volPath(pool, desired.name());
    StoragePool p = ownedPool(pool, owner);
    PoolXml.Parsed pp = PoolXml.parse(call(obj, "pool-dumpxml", () -> p.getXMLDesc(0)));
    checkVolume(pp.type(), desired, obj);
    if (desired.backing() != null) {
      throw new VtopoException(
          Kind.INVALID_INPUT, obj, "a clone is a full copy and cannot also have a backing volume");
    }
    if (lookupVol(p, desired.name()) != null) {
      throw new VtopoException(Kind.CONFLICT, obj, "a volume with this name already exists");
    }
    StorageVol src = resolve(pool, sourceVolume, obj + ".cloneOf");
    String xml = VolumeXml.render(desired, null);
    String uuid = call(obj, "pool-uuid", p::getUUIDString);
    StorageVol v = call(obj, "vol-clone", () -> p.storageVolCreateXMLFrom(xml, src, 0));
    registry.recordVolume(
        new OwnershipRegistry.VolumeEntry(
            call(obj, "vol-key", v::getKey), uuid, desired.name(), owner));
  }

  /** {@code virsh vol-resize}; shrinking needs {@code allowShrink} ({@value #ALLOW_DATA_LOSS}). */
  @Override
  public void resizeVolume(
      String pool, Volume current, Volume desired, String owner, boolean allowShrink) {
    String obj = volPath(pool, desired.name());
    StorageVol v = ownedVolume(pool, desired.name(), owner);
    long live =
        VolumeXml.parse(call(obj, "vol-dumpxml", () -> v.getXMLDesc(0)))
            .volume()
            .capacity()
            .bytes();
    long want = desired.capacity().bytes();
    if (want == live) {
      return;
    }
    if (want < live && !allowShrink) {
      throw new VtopoException(
          Kind.DESTRUCTIVE_REFUSED,
          obj,
          "capacity: desired "
              + desired.capacity()
              + ", current "
              + new ByteSize(live)
              + "; shrinking loses the data beyond "
              + desired.capacity()
              + ", pass "
              + ALLOW_DATA_LOSS
              + " to allow it");
    }
    call(obj, "vol-resize", () -> v.resize(want, want < live ? RESIZE_SHRINK : 0));
  }

  /**
   * {@code virsh vol-delete}; needs {@code allowDataLoss} ({@value #ALLOW_DATA_LOSS}), and refuses
   * while other volumes use this one as their backing store.
   */
  @Override
  public void deleteVolume(String pool, Volume current, String owner, boolean allowDataLoss) {
    String obj = volPath(pool, current.name());
    StorageVol v = ownedVolume(pool, current.name(), owner);
    if (!allowDataLoss) {
      throw new VtopoException(
          Kind.DESTRUCTIVE_REFUSED,
          obj,
          "deleting a volume destroys its data; pass " + ALLOW_DATA_LOSS + " to allow it");
    }
    String path = call(obj, "vol-path", v::getPath);
    List<String> users = new ArrayList<>();
    for (LivePool lp : inspect(true)) {
      for (LiveVolume lv : lp.volumes()) {
        String b = lv.volume().backing();
        if (b != null
            && (b.equals(path)
                || (lp.name().equals(pool) && b.equals(current.name()))
                || b.equals(pool + "/" + current.name()))) {
          users.add(lp.name() + "/" + lv.name());
        }
      }
    }
    if (!users.isEmpty()) {
      throw new VtopoException(
          Kind.CONFLICT,
          obj,
          "volume is the backing store of "
              + String.join(", ", users)
              + "; deleting it would corrupt them, delete them first");
    }
    String key = call(obj, "vol-key", v::getKey);
    act(obj, "vol-delete", () -> v.delete(0));
    registry.forgetVolume(key);
  }

  // ---------------------------------------------------------------- adoption

  /**
   * Records a pool vtopo did not create as owned by {@code owner}. It is recorded as not built by
   * vtopo, so its storage (directory, volume group) is never deleted, even with {@code
   * --allow-data-loss}.
   */
  @Override
  public void adoptPool(String name, String owner) {
    String obj = poolPath(name);
    StoragePool p = existingPool(name);
    String uuid = call(obj, "pool-uuid", p::getUUIDString);
    refuseOtherOwner(obj, "pool", registry.read().poolOwner(uuid), owner);
    registry.recordPool(new OwnershipRegistry.PoolEntry(uuid, name, owner, false));
  }

  /**
   * Records a volume vtopo did not create as owned by {@code owner} (its pool must be vtopo's
   * already).
   */
  @Override
  public void adoptVolume(String pool, String name, String owner) {
    String obj = poolPath(pool) + ".volumes[" + name + "]";
    StoragePool p = ownedPool(pool, owner);
    StorageVol v = existingVol(p, name, obj);
    String key = call(obj, "vol-key", v::getKey);
    refuseOtherOwner(obj, "volume", registry.read().volumeOwner(key), owner);
    registry.recordVolume(
        new OwnershipRegistry.VolumeEntry(
            key, call(obj, "pool-uuid", p::getUUIDString), name, owner));
  }

  // ---------------------------------------------------------------- helpers

  private StoragePool lookupPool(String name) {
    return orNull(() -> conn.storagePoolLookupByName(name), poolPath(name), "pool lookup failed");
  }

  private static StorageVol lookupVol(StoragePool p, String name) {
    return orNull(() -> p.storageVolLookupByName(name), null, "volume lookup failed");
  }

  /** What a libvirt lookup returns, or null when libvirt says there is no such object. */
  private static <T> T orNull(Call<T> lookup, String obj, String failed) {
    try {
      return lookup.run();
    } catch (LibvirtException e) {
      VtopoException v = LibvirtErrors.wrap(e, obj, failed);
      if (v.kind() == Kind.NOT_FOUND) {
        return null;
      }
      throw v;
    }
  }

  /** The pool, which must exist. */
  private StoragePool existingPool(String name) {
    StoragePool found = lookupPool(name);
    if (found == null) {
      throw new VtopoException(Kind.NOT_FOUND, poolPath(name), "no such pool");
    }
    return found;
  }

  /** The volume of pool {@code p}, which must exist ({@code obj} names it). */
  private static StorageVol existingVol(StoragePool p, String name, String obj) {
    StorageVol found = lookupVol(p, name);
    if (found == null) {
      throw new VtopoException(Kind.NOT_FOUND, obj, "no such volume");
    }
    return found;
  }

  private StoragePool ownedPool(String name, String owner) {
    String obj = poolPath(name);
    StoragePool p = existingPool(name);
    String uuid = call(obj, "pool-uuid", p::getUUIDString);
    requireOwner(obj, "pool " + uuid, registry.read().poolOwner(uuid), owner);
    return p;
  }

  /** Refuses unless the registry says {@code owner} created the object. */
  private static void requireOwner(String obj, String what, String recorded, String owner) {
    if (recorded == null) {
      throw new VtopoException(
          Kind.NOT_OWNED, obj, what + " was not created by vtopo; vtopo leaves it alone");
    }
    refuseOtherOwner(obj, what.substring(0, what.indexOf(' ')), recorded, owner);
  }

  /** Refuses when the registry records another topology than {@code owner} for the object. */
  private static void refuseOtherOwner(String obj, String kind, String recorded, String owner) {
    if (recorded != null && !recorded.equals(owner)) {
      throw new VtopoException(
          Kind.NOT_OWNED, obj, kind + " belongs to topology " + recorded + ", not " + owner);
    }
  }

  private StorageVol ownedVolume(String pool, String name, String owner) {
    String obj = volPath(pool, name);
    StorageVol v = existingVol(existingPool(pool), name, obj);
    String key = call(obj, "vol-key", v::getKey);
    requireOwner(obj, "volume " + key, registry.read().volumeOwner(key), owner);
    return v;
  }

  private StorageVol resolve(String pool, String ref, String obj) {
    String[] pn = ref.contains("/") ? ref.split("/", 2) : new String[] {pool, ref};
    StoragePool p = lookupPool(pn[0]);
    StorageVol v = p == null ? null : lookupVol(p, pn[1]);
    if (v == null) {
      throw new VtopoException(
          Kind.NOT_FOUND, obj, "volume " + pn[1] + " not found in pool " + pn[0]);
    }
    return v;
  }

  private static void checkVolume(String poolType, Volume v, String obj) {
    if (LUN_POOLS.contains(poolType)) {
      throw new VtopoException(
          Kind.UNSUPPORTED,
          obj,
          poolType
              + " pools expose the LUNs or maps the host sees; volumes are created on the "
              + (poolType.startsWith("iscsi") ? "iSCSI target" : "storage array")
              + ", not through libvirt");
    }
    if (BLOCK_POOLS.contains(poolType) && v.format() != null && v.format() != VolumeFormat.RAW) {
      throw new VtopoException(
          Kind.INVALID_INPUT,
          obj,
          "format: " + poolType + " pools hold raw volumes only, found " + v.format().keyword());
    }
    if (BLOCK_POOLS.contains(poolType) && v.backing() != null) {
      throw new VtopoException(
          Kind.INVALID_INPUT, obj, "backing: only file pools (dir, fs, netfs) hold overlays");
    }
    if (v.backing() != null && v.format() != VolumeFormat.QCOW2) {
      throw new VtopoException(
          Kind.INVALID_INPUT,
          obj,
          "backing: an overlay must be qcow2, found "
              + (v.format() == null ? "no format" : v.format().keyword()));
    }
  }

  /** Checks a desired pool against what libvirt needs, collecting every problem. */
  static List<String> validate(Pool p) {
    List<String> out = new ArrayList<>();
    PoolAttrs a = p.attrs();
    if (p instanceof DirPool && a.target() == null) {
      out.add("target: a dir pool needs a target directory");
    }
    if (p instanceof IscsiDirectPool d) {
      if (d.source().initiatorIqn() == null) {
        out.add("initiator: an iscsi-direct pool needs an initiator IQN");
      }
      if (a.target() != null) {
        out.add("target: an iscsi-direct pool has no target path (libiscsi needs none)");
      }
    }
    if (p instanceof LogicalPool l && l.devices().isEmpty() && l.vgName() == null) {
      out.add(
          "devices: a logical pool needs its physical volumes, or vg naming an existing volume group");
    }
    if ((p instanceof FsPool f && f.device() == null)
        || (p instanceof DiskPool d && d.device() == null)) {
      out.add("device: required");
    }
    for (Volume v : a.volumes()) {
      if (v.name().contains("/")) {
        out.add("volumes[" + v.name() + "].name: must not contain '/'");
      }
      try {
        checkVolume(p.type(), v, "volumes[" + v.name() + "]");
      } catch (VtopoException e) {
        out.add(e.getMessage());
      }
    }
    return out;
  }

  // Backing volumes in the same pool are created before their overlays; the reader rejects cycles
  // elsewhere.
  private static List<Volume> volumeOrder(Pool p) {
    List<Volume> todo = new ArrayList<>(p.attrs().volumes());
    List<Volume> out = new ArrayList<>();
    Set<String> names = Set.copyOf(todo.stream().map(Volume::name).toList());
    while (!todo.isEmpty()) {
      boolean progress = false;
      for (var it = todo.iterator(); it.hasNext(); ) {
        Volume v = it.next();
        String b = v.backing();
        String local =
            b == null
                ? null
                : b.contains("/") && b.startsWith(p.name() + "/")
                    ? b.substring(p.name().length() + 1)
                    : b.contains("/") ? null : b;
        if (local == null
            || !names.contains(local)
            || out.stream().anyMatch(o -> o.name().equals(local))) {
          out.add(v);
          it.remove();
          progress = true;
        }
      }
      if (!progress) {
        throw new VtopoException(
            Kind.INVALID_INPUT,
            poolPath(p.name()),
            "backing volumes form a cycle: " + todo.stream().map(Volume::name).toList());
      }
    }
    return out;
  }
}
