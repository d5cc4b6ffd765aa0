package io.vtopo.core.validate;

import io.vtopo.core.io.Names;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.FsPool;
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules on storage pools and volumes: targets, sizes, formats, backing chains. */
final class StorageRules {
  /** Directories a pool must never own: mounting over or filling them breaks the host. */
  static final Set<String> SYSTEM_DIRS =
      Set.of(
          "/",
          "/bin",
          "/boot",
          "/dev",
          "/etc",
          "/home",
          "/lib",
          "/lib32",
          "/lib64",
          "/opt",
          "/proc",
          "/root",
          "/run",
          "/sbin",
          "/srv",
          "/sys",
          "/tmp",
          "/usr",
          "/var",
          "/var/lib",
          "/var/lib/libvirt",
          "/var/log",
          "/usr/local",
          "/mnt",
          "/media");

  private final Report r;

  StorageRules(Report r) {
    this.r = r;
  }

  void run() {
    Map<String, String> names = new HashMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    for (Pool pool : r.topo.pools()) {
      String p = r.path(pool);
      String first = names.putIfAbsent(pool.name(), p);
      if (first != null) {
        r.error(
            "name.duplicate",
            p + ".name",
            "pool '" + pool.name() + "' is declared twice (first at " + r.src.at(first) + ")",
            null);
      }
      target(pool, p, targets);
      typeRules(pool, p);
      volumes(pool, p);
    }
    backing();
  }

  static String normalize(String path) {
    String s = path.replaceAll("/+", "/");
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private void target(Pool pool, String p, Map<String, String> targets) {
    String t = pool.attrs().target();
    boolean fileBased = fileBased(pool);
    if (t != null && NO_TARGET.contains(pool.type())) {
      // libvirt does not read a target for network pools: it would be dropped at define time,
      // and every later plan would want to set it again.
      r.error(
          "pool.target-unsupported",
          p + ".target",
          pool.type() + " pool '" + pool.name() + "' has no target path in libvirt",
          "leave target out: its volumes are reached over the network");
      return;
    }
    if (t == null) {
      if (fileBased) {
        r.error(
            "pool.target-required",
            p,
            pool.type() + " pool '" + pool.name() + "' needs a target directory",
            "e.g. target: /var/lib/libvirt/images/" + pool.name());
      }
      return;
    }
    if (!t.startsWith("/")) {
      r.error(
          "pool.target-relative",
          p + ".target",
          "target '" + t + "' is not an absolute path",
          null);
      return;
    }
    String n = normalize(t);
    if (n.contains("/../") || n.endsWith("/..") || n.contains("/./")) {
      r.error(
          "pool.target-dots",
          p + ".target",
          "target '" + t + "' contains '.' or '..' components",
          "write the path without them");
      return;
    }
    if (fileBased && n.equals("/mnt")) {
      // Many hand-made hosts mount their pool on /mnt; libvirt allows it, and it is theirs to
      // judge.
      r.warning(
          "pool.target-mnt",
          p + ".target",
          "target '"
              + t
              + "' is /mnt; a pool mounted there hides"
              + " whatever else is mounted or stored in it",
          "use a dedicated directory such as /mnt/" + pool.name());
      return;
    }
    if (fileBased && SYSTEM_DIRS.contains(n)) {
      r.error(
          "pool.target-system",
          p + ".target",
          "target '" + t + "' is a system directory; a pool there" + " could hide or fill it",
          "use a dedicated directory such as /var/lib/libvirt/images/" + pool.name());
      return;
    }
    if (!fileBased) {
      return;
    }
    for (Map.Entry<String, String> e : targets.entrySet()) {
      String other = e.getKey();
      if (other.equals(n) || n.startsWith(other + "/") || other.startsWith(n + "/")) {
        r.error(
            "pool.target-overlap",
            p + ".target",
            "target '"
                + n
                + "' overlaps the target '"
                + other
                + "' of "
                + e.getValue()
                + " ("
                + r.src.at(e.getValue())
                + ")",
            "give each pool its own directory tree");
      }
    }
    targets.put(n, p);
  }

  /** Pool types libvirt gives no target path (their volumes are network URLs). */
  static final Set<String> NO_TARGET = Set.of("rbd", "sheepdog", "gluster", "iscsi-direct");

  /** File systems libvirt's fs pools know ({@code <source><format type>}). */
  static final Set<String> FS_FORMATS =
      Set.of(
          "auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2", "vfat", "hfs+",
          "xfs", "ocfs2", "vmfs");

  /** Pools whose volumes are files in a mounted or local directory tree. */
  static boolean fileBased(Pool pool) {
    return pool instanceof DirPool
        || pool instanceof FsPool
        || pool instanceof NetfsPool
        || pool instanceof io.vtopo.core.model.VstoragePool;
  }

  private void typeRules(Pool pool, String p) {
    if (pool.attrs().cow() != null && !(pool instanceof DirPool || pool instanceof FsPool)) {
      r.error(
          "pool.cow-type",
          p + ".cow",
          "cow is a feature of dir and fs pools only; libvirt refuses it on a "
              + pool.type()
              + " pool",
          "leave cow out");
    }
    if (pool instanceof FsPool f && f.format() != null && !FS_FORMATS.contains(f.format())) {
      r.error(
          "pool.fs-format",
          p + ".format",
          "libvirt does not know the file system '" + f.format() + "' for an fs pool",
          "one of " + String.join(", ", new java.util.TreeSet<>(FS_FORMATS)));
    }
    if (pool instanceof io.vtopo.core.model.ScsiPool sp && sp.adapter() != null) {
      var a = sp.adapter();
      String problem = null;
      if ("fc_host".equals(a.type())) {
        if (a.wwnn() == null || a.wwpn() == null) {
          problem = "an fc_host adapter needs both wwnn and wwpn (the vHBA's names)";
        }
      } else {
        boolean byName = a.name() != null;
        boolean byAddress = a.parentAddress() != null || a.parentUniqueId() != null;
        if (byName == byAddress) {
          problem =
              byName
                  ? "a scsi_host adapter is named either by name or by parent address, not both"
                  : "a scsi_host adapter needs a name (host0) or a parent-address";
        } else if (byAddress && (a.parentAddress() == null || a.parentUniqueId() == null)) {
          problem =
              "a scsi_host adapter by parent address needs parent-address and parent-unique-id";
        }
      }
      if (problem != null) {
        r.error("pool.adapter", p + ".adapter", problem, null);
      }
    }
    if (pool instanceof IscsiDirectPool d && d.source().initiatorIqn() == null) {
      r.error(
          "pool.initiator-required",
          p,
          "iscsi-direct pool '" + pool.name() + "' needs an initiator IQN",
          "libiscsi logs in without the kernel initiator, so it must be told its own name: initiator: iqn.…");
    }
    if (pool instanceof LogicalPool l && l.devices().isEmpty()) {
      r.warning(
          "pool.logical-no-devices",
          p,
          "logical pool '"
              + pool.name()
              + "' lists no devices: the volume"
              + " group '"
              + (l.vgName() == null ? pool.name() : l.vgName())
              + "' must already exist",
          null);
    }
  }

  private void volumes(Pool pool, String p) {
    Map<String, String> seen = new HashMap<>();
    ByteSize cap = pool.attrs().capacity();
    // Gluster volumes are files on the Gluster volume, reached natively.
    boolean block = !(fileBased(pool) || pool instanceof io.vtopo.core.model.GlusterPool);
    long allocated = 0;
    for (Volume v : pool.attrs().volumes()) {
      String vp = r.path(v);
      if (seen.putIfAbsent(v.name(), vp) != null) {
        r.error(
            "name.duplicate",
            vp + ".name",
            "volume '" + v.name() + "' is declared twice in pool '" + pool.name() + "'",
            null);
      }
      if (v.name().contains("/")) {
        r.error("volume.name", vp + ".name", "volume name '" + v.name() + "' contains '/'", null);
      }
      if (v.capacity() != null && cap != null && v.capacity().compareTo(cap) > 0) {
        r.error(
            "volume.exceeds-capacity",
            vp + ".capacity",
            "volume '"
                + v.name()
                + "' capacity "
                + v.capacity().human()
                + " exceeds pool '"
                + pool.name()
                + "' capacity "
                + cap.human(),
            null);
      }
      if (v.allocation() != null
          && v.capacity() != null
          && v.allocation().compareTo(v.capacity()) > 0) {
        r.error(
            "volume.allocation",
            vp + ".allocation",
            "allocation "
                + v.allocation().human()
                + " is larger than capacity "
                + v.capacity().human(),
            null);
      }
      if (v.capacity() != null && v.capacity().bytes() == 0) {
        r.error("volume.zero", vp + ".capacity", "volume '" + v.name() + "' has capacity 0", null);
      }
      allocated +=
          v.allocation() != null
              ? v.allocation().bytes()
              : (v.format() == VolumeFormat.QCOW2
                  ? 0
                  : v.capacity() == null ? 0 : v.capacity().bytes());
      if (block && v.format() != null && v.format() != VolumeFormat.RAW) {
        r.error(
            "volume.format",
            vp + ".format",
            pool.type()
                + " pool '"
                + pool.name()
                + "' holds raw volumes only,"
                + " not "
                + v.format().keyword(),
            null);
      }
      if (v.backing() != null && v.format() != VolumeFormat.QCOW2) {
        r.error(
            "volume.backing-format",
            vp + ".backing",
            "volume '"
                + v.name()
                + "' has a backing volume but format "
                + (v.format() == null ? "raw (default)" : v.format().keyword())
                + "; overlays must be qcow2",
            "set format: qcow2");
      }
    }
    if (cap != null && allocated > cap.bytes()) {
      r.warning(
          "pool.overcommitted",
          p + ".capacity",
          "volumes of pool '"
              + pool.name()
              + "' allocate "
              + new ByteSize(allocated).human()
              + " up front, more than its capacity "
              + cap.human(),
          null);
    }
  }

  /** Backing references must name existing volumes and must not loop. */
  private void backing() {
    Map<String, Volume> all = new LinkedHashMap<>();
    // By identity: each declared volume has its own key even when two are equal, and a record's
    // generated hashCode would link an invokedynamic on a short command's path.
    Map<Volume, String> key = new java.util.IdentityHashMap<>();
    for (Pool pool : r.topo.pools()) {
      for (Volume v : pool.attrs().volumes()) {
        all.putIfAbsent(pool.name() + "/" + v.name(), v);
        key.put(v, pool.name() + "/" + v.name());
      }
    }
    Map<String, String> next = new HashMap<>();
    for (Pool pool : r.topo.pools()) {
      for (Volume v : pool.attrs().volumes()) {
        if (v.backing() == null || v.backing().startsWith("/")) {
          // An absolute path is a file in no pool (as export finds one): only read, never managed.
          continue;
        }
        String ref = v.backing().contains("/") ? v.backing() : pool.name() + "/" + v.backing();
        if (!all.containsKey(ref)) {
          String hint =
              Names.didYouMean(ref, all.keySet())
                  .map(
                      m ->
                          "did you mean '"
                              + (m.startsWith(pool.name() + "/")
                                  ? m.substring(pool.name().length() + 1)
                                  : m)
                              + "'?")
                  .orElse("declare the backing volume, in this pool or as POOL/NAME");
          r.error(
              "volume.backing-missing",
              r.path(v) + ".backing",
              "backing volume '" + v.backing() + "' is not declared",
              hint);
          continue;
        }
        next.put(key.get(v), ref);
      }
    }
    List<String> reported = new ArrayList<>();
    for (String start : next.keySet()) {
      List<String> chain = new ArrayList<>();
      String cur = start;
      while (cur != null && !chain.contains(cur) && chain.size() <= all.size()) {
        chain.add(cur);
        cur = next.get(cur);
      }
      if (cur != null && chain.contains(cur)) {
        List<String> loop = new ArrayList<>(chain.subList(chain.indexOf(cur), chain.size()));
        String id = loop.stream().sorted().toList().toString();
        if (!reported.contains(id)) {
          reported.add(id);
          loop.add(cur);
          r.error(
              "volume.backing-loop",
              r.path(all.get(loop.get(0))) + ".backing",
              "backing volumes form a loop: " + String.join(" -> ", loop),
              "a backing chain must end at a base image without backing");
        }
      }
    }
  }
}
