package io.vtopo.storage;

import static io.vtopo.storage.XmlSupport.attr;
import static io.vtopo.storage.XmlSupport.child;
import static io.vtopo.storage.XmlSupport.children;
import static io.vtopo.storage.XmlSupport.text;

import io.vtopo.core.VtopoException;
import io.vtopo.core.model.ByteSize;
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
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.PoolAuth;
import io.vtopo.core.model.PoolHost;
import io.vtopo.core.model.RbdPool;
import io.vtopo.core.model.ScsiAdapter;
import io.vtopo.core.model.ScsiPool;
import io.vtopo.core.model.SheepdogPool;
import io.vtopo.core.model.Unmodelled;
import io.vtopo.core.model.VstoragePool;
import io.vtopo.core.model.ZfsPool;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Pure conversion between {@link Pool} and libvirt's {@code <pool>} XML (formatstorage.html), for
 * every pool type libvirt 9 has. Rendering writes what the model holds and then puts back, at their
 * paths, the pieces of XML the model does not carry ({@link PoolAttrs#unmodelled()}); parsing
 * computes those pieces as the live XML minus the model's own rendering, so nothing is ever dropped
 * silently.
 */
public final class PoolXml {
  private PoolXml() {}

  /**
   * A pool read from libvirt XML.
   *
   * @param type the libvirt pool type, also for types vtopo does not model
   * @param pool the model, with its unmodelled pieces in {@code attrs().unmodelled()}; null when
   *     vtopo does not know {@code type} (a libvirt newer than 9)
   * @param uuid the pool UUID, or null
   * @param capacity live capacity, or null
   * @param allocation live allocation, or null
   * @param available live free space, or null
   * @param unmodelled paths of what the XML holds that the model does not carry (kept verbatim in
   *     the model), e.g. {@code source/vendor} or {@code fs:mount_opts}
   */
  public record Parsed(
      String type,
      Pool pool,
      String uuid,
      ByteSize capacity,
      ByteSize allocation,
      ByteSize available,
      List<String> unmodelled) {
    /** Copies the list. */
    public Parsed {
      unmodelled = List.copyOf(unmodelled);
    }
  }

  /** Live state, not configuration: never reported as unmodelled, never written back. */
  private static final Set<String> STATE = Set.of("uuid", "capacity", "allocation", "available");

  private static final Set<String> TYPES =
      Set.of(
          "dir",
          "fs",
          "netfs",
          "logical",
          "iscsi",
          "iscsi-direct",
          "disk",
          "scsi",
          "mpath",
          "rbd",
          "sheepdog",
          "gluster",
          "zfs",
          "vstorage");

  /** The pool types vtopo models: every type libvirt 9 has. */
  public static Set<String> modelledTypes() {
    return TYPES;
  }

  /** Renders a pool definition for {@code virStoragePoolDefineXML}. */
  public static String render(Pool pool) {
    return render(pool, null);
  }

  /**
   * Renders a pool definition; {@code uuid} (when not null) keeps the identity of an existing pool
   * on redefinition. The model's unmodelled pieces are put back at their places.
   */
  public static String render(Pool pool, String uuid) {
    return render(pool, uuid, pool.attrs().unmodelled());
  }

  /**
   * Renders a pool definition with {@code keep} as its unmodelled pieces (a redefinition of a pool
   * whose file does not say keeps the live pool's).
   */
  public static String render(Pool pool, String uuid, List<Unmodelled> keep) {
    String plain = renderModel(pool, uuid);
    if (keep == null || keep.isEmpty()) {
      return plain;
    }
    Element root = XmlSupport.parse(plain, "pool XML").getDocumentElement();
    StorageResidual.apply(root, keep);
    return StorageResidual.serialize(root, true).strip() + "\n";
  }

  private static String renderModel(Pool pool, String uuid) {
    XmlSupport.Out out = new XmlSupport.Out();
    PoolAttrs a = pool.attrs();
    out.open("pool", "type", pool.type());
    out.text("name", a.name());
    out.text("uuid", uuid);
    if (a.cow() != null) {
      out.open("features").leaf("cow", "state", a.cow() ? "yes" : "no").close();
    }
    source(out, pool);
    // libvirt refuses iscsi, scsi and disk pools without a target; the file may leave it to the
    // documented default.
    String target =
        a.target() != null
                || !(pool instanceof IscsiPool
                    || pool instanceof DiskPool
                    || pool instanceof ScsiPool
                    || pool instanceof MpathPool)
            ? a.target()
            : Pools.normalize(pool).attrs().target();
    if (!(pool instanceof IscsiDirectPool) && (target != null || a.permissions() != null)) {
      out.open("target");
      out.text("path", target);
      XmlSupport.permissions(out, a.permissions());
      out.close();
    }
    out.close();
    return out.toString();
  }

  private static void source(XmlSupport.Out out, Pool pool) {
    if (pool instanceof DirPool || pool instanceof MpathPool) {
      return;
    }
    out.open("source");
    if (pool instanceof FsPool p) {
      out.leaf("device", "path", p.device());
      if (p.format() != null) {
        out.leaf("format", "type", p.format());
      }
    } else if (pool instanceof NetfsPool p) {
      out.leaf("host", "name", p.host());
      out.leaf("dir", "path", p.sourcePath());
      out.leaf("format", "type", p.format().keyword());
      if (p.protocolVersion() != null) {
        out.leaf("protocol", "ver", p.protocolVersion());
      }
    } else if (pool instanceof LogicalPool p) {
      for (String d : p.devices()) {
        out.leaf("device", "path", d);
      }
      out.text("name", p.vgName() == null ? p.name() : p.vgName());
      out.leaf("format", "type", "lvm2");
    } else if (pool instanceof IscsiPool p) {
      iscsi(out, p.source());
    } else if (pool instanceof IscsiDirectPool p) {
      iscsi(out, p.source());
    } else if (pool instanceof DiskPool p) {
      out.leaf(
          "device",
          "path",
          p.device(),
          "part_separator",
          p.partSeparator() == null ? null : p.partSeparator() ? "yes" : "no");
      if (p.format() != null) {
        out.leaf("format", "type", p.format());
      }
    } else if (pool instanceof ScsiPool p) {
      adapter(out, p.adapter());
    } else if (pool instanceof RbdPool p) {
      for (PoolHost h : p.hosts()) {
        host(out, h);
      }
      out.text("name", p.cephPool());
      auth(out, p.auth());
    } else if (pool instanceof SheepdogPool p) {
      host(out, p.host());
      out.text("name", p.cluster());
    } else if (pool instanceof GlusterPool p) {
      host(out, p.host());
      if (p.dir() != null) {
        out.leaf("dir", "path", p.dir());
      }
      out.text("name", p.volume());
    } else if (pool instanceof ZfsPool p) {
      for (String d : p.devices()) {
        out.leaf("device", "path", d);
      }
      out.text("name", p.zpool());
    } else if (pool instanceof VstoragePool p) {
      out.text("name", p.cluster());
    }
    out.close();
  }

  private static void host(XmlSupport.Out out, PoolHost h) {
    if (h != null) {
      out.leaf("host", "name", h.name(), "port", h.port() == null ? null : h.port().toString());
    }
  }

  private static void auth(XmlSupport.Out out, PoolAuth a) {
    if (a == null) {
      return;
    }
    out.open("auth", "type", a.type(), "username", a.username());
    out.leaf("secret", "uuid", a.secretUuid(), "usage", a.secretUsage());
    out.close();
  }

  private static void adapter(XmlSupport.Out out, ScsiAdapter a) {
    if (a == null) {
      return;
    }
    String[] attrs = {
      "type", a.type(),
      "name", a.name(),
      "parent", a.parent(),
      "parent_wwnn", a.parentWwnn(),
      "parent_wwpn", a.parentWwpn(),
      "parent_fabric_wwn", a.parentFabricWwn(),
      "managed", a.managed() == null ? null : a.managed() ? "yes" : "no",
      "wwnn", a.wwnn(),
      "wwpn", a.wwpn()
    };
    if (a.parentUniqueId() == null && a.parentAddress() == null) {
      out.leaf("adapter", attrs);
      return;
    }
    out.open("adapter", attrs);
    out.open(
        "parentaddr",
        "unique_id",
        a.parentUniqueId() == null ? null : a.parentUniqueId().toString());
    String[] pci = pci(a.parentAddress());
    if (pci != null) {
      out.leaf("address", "domain", pci[0], "bus", pci[1], "slot", pci[2], "function", pci[3]);
    }
    out.close();
    out.close();
  }

  /** {@code DDDD:BB:SS.F} as libvirt's hex attributes. */
  private static String[] pci(String addr) {
    if (addr == null) {
      return null;
    }
    String[] p = addr.split("[:.]");
    if (p.length != 4) {
      return null;
    }
    return new String[] {"0x" + p[0], "0x" + p[1], "0x" + p[2], "0x" + p[3]};
  }

  private static void iscsi(XmlSupport.Out out, IscsiSource s) {
    out.leaf("host", "name", s.host(), "port", s.port() == null ? null : s.port().toString());
    out.leaf("device", "path", s.targetIqn());
    if (s.initiatorIqn() != null) {
      out.open("initiator").leaf("iqn", "name", s.initiatorIqn()).close();
    }
    if (s.chapUser() != null) {
      auth(out, new PoolAuth("chap", s.chapUser(), s.chapSecretUuid(), s.chapSecret()));
    }
  }

  /**
   * Parses pool XML as libvirt reports it ({@code virStoragePoolGetXMLDesc}) or as vtopo renders
   * it.
   */
  public static Parsed parse(String xml) {
    Element root = XmlSupport.parse(xml, "pool XML").getDocumentElement();
    if (!root.getTagName().equals("pool")) {
      throw new VtopoException(
          VtopoException.Kind.INVALID_INPUT,
          "pool XML",
          "expected <pool>, found <" + root.getTagName() + ">");
    }
    String type = attr(root, "type");
    String name = text(child(root, "name"));
    String what = "pools[" + name + "]";
    Element src = child(root, "source");
    Element target = child(root, "target");
    String cow = attr(child(root, "features", "cow"), "state");
    PoolAttrs attrs =
        new PoolAttrs(
            name,
            text(child(target, "path")),
            XmlSupport.permissions(child(target, "permissions")),
            null,
            null,
            List.of(),
            cow == null ? null : yesNo(cow),
            null);
    Pool pool = null;
    if (type != null && TYPES.contains(type)) {
      pool =
          switch (type) {
            case "dir" -> new DirPool(attrs);
            case "fs" -> new FsPool(attrs, path(src, "device"), attr(child(src, "format"), "type"));
            case "netfs" ->
                new NetfsPool(
                    attrs,
                    netfsFormat(attr(child(src, "format"), "type")),
                    attr(child(src, "host"), "name"),
                    path(src, "dir"),
                    attr(child(src, "protocol"), "ver"));
            case "logical" -> new LogicalPool(attrs, text(child(src, "name")), devices(src));
            case "iscsi" -> new IscsiPool(attrs, iscsi(src));
            case "iscsi-direct" -> new IscsiDirectPool(attrs, iscsi(src));
            case "disk" -> {
              String sep = attr(child(src, "device"), "part_separator");
              yield new DiskPool(
                  attrs,
                  path(src, "device"),
                  attr(child(src, "format"), "type"),
                  sep == null ? null : yesNo(sep));
            }
            case "scsi" -> new ScsiPool(attrs, adapter(child(src, "adapter")));
            case "mpath" -> new MpathPool(attrs);
            case "rbd" ->
                new RbdPool(attrs, hosts(src), text(child(src, "name")), auth(child(src, "auth")));
            case "sheepdog" -> new SheepdogPool(attrs, first(hosts(src)), text(child(src, "name")));
            case "gluster" ->
                new GlusterPool(
                    attrs, first(hosts(src)), text(child(src, "name")), path(src, "dir"));
            case "zfs" -> new ZfsPool(attrs, text(child(src, "name")), devices(src));
            case "vstorage" -> new VstoragePool(attrs, text(child(src, "name")));
            default -> throw new IllegalStateException(type);
          };
    }
    List<Unmodelled> rest;
    if (pool != null) {
      // Whatever the model cannot render back is kept verbatim: the live XML minus the model's
      // own rendering of it.
      Element modelled = XmlSupport.parse(renderModel(pool, null), what).getDocumentElement();
      rest = StorageResidual.of(root, modelled, STATE);
      pool = Pools.withAttrs(pool, pool.attrs().withUnmodelled(rest));
    } else {
      Element bare = root.getOwnerDocument().createElement("pool");
      rest = StorageResidual.of(root, bare, STATE);
    }
    return new Parsed(
        type,
        pool,
        text(child(root, "uuid")),
        XmlSupport.size(child(root, "capacity"), what + ".capacity"),
        XmlSupport.size(child(root, "allocation"), what + ".allocation"),
        XmlSupport.size(child(root, "available"), what + ".available"),
        rest.stream().map(Unmodelled::path).toList());
  }

  private static Boolean yesNo(String v) {
    return switch (v) {
      case "yes", "on" -> true;
      case "no", "off" -> false;
      default -> null;
    };
  }

  private static String path(Element src, String tag) {
    return attr(child(src, tag), "path");
  }

  private static List<String> devices(Element src) {
    return src == null
        ? List.of()
        : children(src, "device").stream().map(d -> attr(d, "path")).toList();
  }

  private static List<PoolHost> hosts(Element src) {
    if (src == null) {
      return List.of();
    }
    return children(src, "host").stream()
        .map(
            h -> {
              String port = attr(h, "port");
              return new PoolHost(attr(h, "name"), port == null ? null : parsePort(port));
            })
        .toList();
  }

  private static Integer parsePort(String port) {
    try {
      return Integer.valueOf(port);
    } catch (NumberFormatException e) {
      // Not a port vtopo can model: the residual keeps the attribute verbatim.
      return null;
    }
  }

  private static PoolHost first(List<PoolHost> hosts) {
    return hosts.isEmpty() ? null : hosts.get(0);
  }

  private static NetfsFormat netfsFormat(String f) {
    if (f == null) {
      return NetfsFormat.AUTO;
    }
    try {
      return NetfsFormat.valueOf(f.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      // A format vtopo does not know: the residual keeps source/format verbatim.
      return NetfsFormat.AUTO;
    }
  }

  private static PoolAuth auth(Element auth) {
    if (auth == null || !auth.hasAttribute("username")) {
      return null;
    }
    Element secret = child(auth, "secret");
    return new PoolAuth(
        attr(auth, "type"), attr(auth, "username"), attr(secret, "uuid"), attr(secret, "usage"));
  }

  private static ScsiAdapter adapter(Element a) {
    if (a == null) {
      return null;
    }
    Element pa = child(a, "parentaddr");
    Element addr = child(pa, "address");
    String uid = attr(pa, "unique_id");
    String pci = null;
    if (addr != null) {
      pci =
          hex(attr(addr, "domain"), 4)
              + ":"
              + hex(attr(addr, "bus"), 2)
              + ":"
              + hex(attr(addr, "slot"), 2)
              + "."
              + hex(attr(addr, "function"), 1);
    }
    String managed = attr(a, "managed");
    return new ScsiAdapter(
        attr(a, "type"),
        attr(a, "name"),
        uid == null ? null : Integer.valueOf(uid),
        pci,
        attr(a, "parent"),
        attr(a, "parent_wwnn"),
        attr(a, "parent_wwpn"),
        attr(a, "parent_fabric_wwn"),
        attr(a, "wwnn"),
        attr(a, "wwpn"),
        managed == null ? null : yesNo(managed));
  }

  private static String hex(String v, int width) {
    if (v == null) {
      return "0".repeat(width);
    }
    String h = v.startsWith("0x") ? v.substring(2) : v;
    return h.length() >= width ? h : "0".repeat(width - h.length()) + h;
  }

  private static IscsiSource iscsi(Element src) {
    Element host = child(src, "host");
    String port = attr(host, "port");
    PoolAuth auth = auth(child(src, "auth"));
    if (auth != null && !"chap".equals(auth.type())) {
      auth = null;
    }
    return new IscsiSource(
        attr(host, "name"),
        port == null ? null : parsePort(port),
        attr(child(src, "device"), "path"),
        attr(child(src, "initiator", "iqn"), "name"),
        auth == null ? null : auth.username(),
        auth == null ? null : auth.secretUsage(),
        auth == null ? null : auth.secretUuid());
  }
}
