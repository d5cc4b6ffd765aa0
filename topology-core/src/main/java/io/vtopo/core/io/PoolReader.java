package io.vtopo.core.io;

import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.DiskPool;
import io.vtopo.core.model.FsPool;
import io.vtopo.core.model.GlusterPool;
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.IscsiPool;
import io.vtopo.core.model.IscsiSource;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.MpathPool;
import io.vtopo.core.model.NetfsFormat;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Permissions;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.PoolAuth;
import io.vtopo.core.model.PoolHost;
import io.vtopo.core.model.RbdPool;
import io.vtopo.core.model.ScsiAdapter;
import io.vtopo.core.model.ScsiPool;
import io.vtopo.core.model.SheepdogPool;
import io.vtopo.core.model.Unmodelled;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import io.vtopo.core.model.VstoragePool;
import io.vtopo.core.model.ZfsPool;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the {@code pools:} section (libvirt storage pools and their volumes). */
final class PoolReader {
  static final Map<String, List<String>> TYPE_KEYS = new LinkedHashMap<>();

  static {
    TYPE_KEYS.put("dir", List.of());
    TYPE_KEYS.put("fs", List.of("device", "format"));
    TYPE_KEYS.put("netfs", List.of("format", "host", "path", "protocol-version"));
    TYPE_KEYS.put("logical", List.of("vg", "devices"));
    TYPE_KEYS.put("iscsi", List.of("host", "port", "iqn", "initiator", "chap"));
    TYPE_KEYS.put("iscsi-direct", List.of("host", "port", "iqn", "initiator", "chap"));
    TYPE_KEYS.put("disk", List.of("device", "format", "part-separator"));
    TYPE_KEYS.put("scsi", List.of("adapter"));
    TYPE_KEYS.put("mpath", List.of());
    TYPE_KEYS.put("rbd", List.of("hosts", "ceph-pool", "auth"));
    TYPE_KEYS.put("sheepdog", List.of("host", "port", "cluster"));
    TYPE_KEYS.put("gluster", List.of("host", "port", "volume", "dir"));
    TYPE_KEYS.put("zfs", List.of("zpool", "devices"));
    TYPE_KEYS.put("vstorage", List.of("cluster"));
  }

  private static final Map<String, Collection<String>> KEY_TYPES = new TreeMap<>();

  static {
    TYPE_KEYS.forEach(
        (t, keys) -> keys.forEach(k -> KEY_TYPES.computeIfAbsent(k, x -> new TreeSet<>()).add(t)));
  }

  private PoolReader() {}

  static Pool read(Obj o, String path) {
    String name = o.name("pool", false);
    Map<String, String> types = LinkReader.ordered(TYPE_KEYS.keySet().toArray(String[]::new));
    String type = o.keyword("type", types);
    if (!o.has("type")) {
      o.missing("type", "one of " + String.join(", ", TYPE_KEYS.keySet()));
    }
    String target = o.str("target");
    Permissions perms = permissions(o, "permissions");
    Boolean autostart = o.bool("autostart");
    var capacity = o.size("capacity");
    Boolean cow = o.bool("cow");
    List<Unmodelled> extra = o.has("unmodelled") ? NetworkReader.unmodelled(o) : null;
    List<Volume> volumes =
        o.ctx().objects(o.raw("volumes"), o.fieldPath("volumes"), PoolReader::volume);
    if (o.has("volumes") && volumes.size() != countItems(o, "volumes")) {
      o.fail();
    }
    PoolAttrs attrs = new PoolAttrs(name, target, perms, autostart, capacity, volumes, cow, extra);
    if (type == null) {
      KEY_TYPES.keySet().forEach(o::raw);
      o.finish("a pool");
      return null;
    }
    Pool pool =
        switch (type) {
          case "dir" -> new DirPool(attrs);
          case "fs" -> new FsPool(attrs, o.reqStr("device"), o.str("format"));
          case "netfs" -> {
            NetfsFormat f =
                o.keyword(
                    "format",
                    Map.of(
                        "auto",
                        NetfsFormat.AUTO,
                        "nfs",
                        NetfsFormat.NFS,
                        "glusterfs",
                        NetfsFormat.GLUSTERFS,
                        "cifs",
                        NetfsFormat.CIFS));
            yield new NetfsPool(
                attrs,
                f == null ? NetfsFormat.NFS : f,
                o.reqStr("host"),
                o.reqStr("path"),
                o.str("protocol-version"));
          }
          case "logical" -> new LogicalPool(attrs, o.str("vg"), o.strings("devices"));
          case "iscsi" -> new IscsiPool(attrs, iscsi(o));
          case "iscsi-direct" -> new IscsiDirectPool(attrs, iscsi(o));
          case "disk" ->
              new DiskPool(
                  attrs,
                  o.reqStr("device"),
                  o.keyword(
                      "format",
                      LinkReader.ordered("dos", "gpt", "mac", "bsd", "pc98", "sun", "lvm2")),
                  o.bool("part-separator"));
          case "scsi" -> new ScsiPool(attrs, adapter(o));
          case "mpath" -> new MpathPool(attrs);
          case "rbd" -> new RbdPool(attrs, hosts(o), o.reqStr("ceph-pool"), auth(o, "auth"));
          case "sheepdog" -> new SheepdogPool(attrs, host(o, true), o.reqStr("cluster"));
          case "gluster" -> new GlusterPool(attrs, host(o, true), o.reqStr("volume"), o.str("dir"));
          case "zfs" -> new ZfsPool(attrs, o.reqStr("zpool"), o.strings("devices"));
          case "vstorage" -> new VstoragePool(attrs, o.reqStr("cluster"));
          default -> throw new IllegalStateException(type);
        };
    Map<String, Collection<String>> elsewhere = new TreeMap<>(KEY_TYPES);
    TYPE_KEYS.get(type).forEach(elsewhere::remove);
    o.finish("a " + type + " pool", elsewhere);
    return o.failed() || name == null ? null : pool;
  }

  private static int countItems(Obj o, String key) {
    return o.raw(key) instanceof YNode.YSeq s ? s.items().size() : 0;
  }

  private static IscsiSource iscsi(Obj o) {
    String host = o.reqStr("host");
    Integer port = o.integer("port", 1, 65535);
    String iqn = o.reqStr("iqn");
    String initiator = o.str("initiator");
    PoolAuth chap = auth(o, "chap");
    return chap == null
        ? new IscsiSource(host, port, iqn, initiator, null, null, null)
        : new IscsiSource(
            host, port, iqn, initiator, chap.username(), chap.secretUsage(), chap.secretUuid());
  }

  /**
   * {@code chap:} or {@code auth:}: a user and the libvirt secret holding the password, named by
   * usage ({@code secret}) or UUID ({@code secret-uuid}), exactly one.
   */
  private static PoolAuth auth(Obj o, String key) {
    Obj a = o.obj(key);
    if (a == null) {
      return null;
    }
    String type = "chap";
    if (key.equals("auth")) {
      type = a.keyword("type", LinkReader.ordered("ceph", "chap"));
      type = type == null ? "ceph" : type;
    }
    String user = a.reqStr("user");
    String usage = a.str("secret");
    String uuid = a.str("secret-uuid");
    if (usage == null && uuid == null) {
      a.missing("secret", "the libvirt secret's usage name (or secret-uuid: its UUID)");
    } else if (usage != null && uuid != null) {
      a.invalid(
          "secret-uuid",
          "name the libvirt secret by usage (secret) or by UUID (secret-uuid), not both",
          null);
    }
    a.finish(key);
    if (a.failed()) {
      o.fail();
    }
    return new PoolAuth(type, user, uuid, usage);
  }

  private static PoolHost host(Obj o, boolean required) {
    String h = required ? o.reqStr("host") : o.str("host");
    Integer port = o.integer("port", 1, 65535);
    return h == null && port == null ? null : new PoolHost(h, port);
  }

  private static List<PoolHost> hosts(Obj o) {
    if (!o.has("hosts")) {
      o.missing("hosts", "the Ceph monitors, e.g. [{name: mon1.example.org, port: 6789}]");
      return List.of();
    }
    return o.list(
        "hosts",
        (n, p) -> {
          if (!(n instanceof YMap m)) {
            o.ctx().typeError(n, p, "a mapping with name and port");
            return null;
          }
          Obj h = new Obj(o.ctx(), m, p);
          String name = h.reqStr("name");
          Integer port = h.integer("port", 1, 65535);
          h.finish("a host");
          if (h.failed()) {
            o.fail();
          }
          return h.failed() ? null : new PoolHost(name, port);
        });
  }

  private static ScsiAdapter adapter(Obj o) {
    Obj a = o.obj("adapter");
    if (a == null) {
      o.missing("adapter", "the host adapter, e.g. {type: scsi_host, name: host0}");
      return null;
    }
    String type = a.keyword("type", LinkReader.ordered("scsi_host", "fc_host"));
    ScsiAdapter ad =
        new ScsiAdapter(
            type,
            a.str("name"),
            a.integer("parent-unique-id", 0, Integer.MAX_VALUE),
            a.str("parent-address"),
            a.str("parent"),
            a.str("parent-wwnn"),
            a.str("parent-wwpn"),
            a.str("parent-fabric-wwn"),
            a.str("wwnn"),
            a.str("wwpn"),
            a.bool("managed"));
    a.finish("an adapter");
    if (a.failed()) {
      o.fail();
    }
    return ad;
  }

  static Permissions permissions(Obj parent, String key) {
    Obj p = parent.obj(key);
    if (p == null) {
      return null;
    }
    Integer mode = null;
    YNode m = p.raw("mode");
    if (m != null) {
      // Modes are octal whatever YAML thinks: 0755, "0755", 0o755 and "755" all mean rwxr-xr-x.
      String t = m instanceof YScalar s ? s.value().replaceFirst("^0o", "") : "";
      if (t.matches("[0-7]{3,4}")) {
        mode = Integer.parseInt(t, 8);
      } else {
        p.invalid("mode", "expected an octal mode such as 0755, found " + m.describe(), null);
      }
    }
    Integer owner = p.integer("owner", 0, 4294967294L);
    Integer group = p.integer("group", 0, 4294967294L);
    String label = p.str("label");
    p.finish("permissions");
    if (p.failed()) {
      parent.fail();
    }
    return new Permissions(mode, owner, group, label);
  }

  static Volume volume(Obj o, String path) {
    String name = o.name("volume", false);
    VolumeFormat format =
        o.keyword(
            "format",
            Map.of(
                "qcow2", VolumeFormat.QCOW2, "raw", VolumeFormat.RAW, "vmdk", VolumeFormat.VMDK));
    var capacity = o.size("capacity");
    if (!o.has("capacity")) {
      o.missing("capacity", "a size such as 20G");
    }
    var allocation = o.size("allocation");
    String backing = o.str("backing");
    Permissions perms = permissions(o, "permissions");
    List<Unmodelled> extra = o.has("unmodelled") ? NetworkReader.unmodelled(o) : null;
    o.finish("a volume");
    return o.failed() || name == null
        ? null
        : new Volume(name, format, capacity, allocation, backing, perms, extra);
  }
}
