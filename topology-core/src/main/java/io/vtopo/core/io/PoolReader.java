package io.vtopo.core.io;

import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.DiskPool;
import io.vtopo.core.model.FsPool;
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.IscsiPool;
import io.vtopo.core.model.IscsiSource;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.NetfsFormat;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Permissions;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
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
    TYPE_KEYS.put("netfs", List.of("format", "host", "path"));
    TYPE_KEYS.put("logical", List.of("vg", "devices"));
    TYPE_KEYS.put("iscsi", List.of("host", "port", "iqn", "initiator", "chap"));
    TYPE_KEYS.put("iscsi-direct", List.of("host", "port", "iqn", "initiator", "chap"));
    TYPE_KEYS.put("disk", List.of("device", "format"));
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
    List<Volume> volumes =
        o.ctx().objects(o.raw("volumes"), o.fieldPath("volumes"), PoolReader::volume);
    if (o.has("volumes") && volumes.size() != countItems(o, "volumes")) {
      o.fail();
    }
    PoolAttrs attrs = new PoolAttrs(name, target, perms, autostart, capacity, volumes);
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
                        "nfs",
                        NetfsFormat.NFS,
                        "glusterfs",
                        NetfsFormat.GLUSTERFS,
                        "cifs",
                        NetfsFormat.CIFS));
            yield new NetfsPool(
                attrs, f == null ? NetfsFormat.NFS : f, o.reqStr("host"), o.reqStr("path"));
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
                      LinkReader.ordered("dos", "gpt", "mac", "bsd", "pc98", "sun", "lvm2")));
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
    String user = null;
    String secret = null;
    Obj chap = o.obj("chap");
    if (chap != null) {
      user = chap.reqStr("user");
      secret = chap.reqStr("secret");
      chap.finish("chap");
      if (chap.failed()) {
        o.fail();
      }
    }
    return new IscsiSource(host, port, iqn, initiator, user, secret);
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
    o.finish("a volume");
    return o.failed() || name == null
        ? null
        : new Volume(name, format, capacity, allocation, backing, perms);
  }
}
