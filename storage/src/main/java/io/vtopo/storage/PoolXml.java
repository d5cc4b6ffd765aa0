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
import io.vtopo.core.model.IscsiDirectPool;
import io.vtopo.core.model.IscsiPool;
import io.vtopo.core.model.IscsiSource;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.NetfsFormat;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Pure conversion between {@link Pool} and libvirt's {@code <pool>} XML (formatstorage.html).
 * Rendering writes only what the model holds; parsing keeps what libvirt reports and lists
 * everything it does not model in {@link Parsed#unmodelled()} instead of dropping it silently.
 */
public final class PoolXml {
  private PoolXml() {}

  /**
   * A pool read from libvirt XML.
   *
   * @param type the libvirt pool type, also for types vtopo does not model
   * @param pool the model, or null when vtopo does not model {@code type}
   * @param uuid the pool UUID, or null
   * @param capacity live capacity, or null
   * @param allocation live allocation, or null
   * @param available live free space, or null
   * @param unmodelled element and attribute paths present in the XML that the model does not carry,
   *     e.g. {@code source/adapter} or {@code source/host/@port}
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

  private static final Set<String> COMMON =
      Set.of(
          "@type",
          "name",
          "uuid",
          "capacity",
          "capacity/@unit",
          "allocation",
          "allocation/@unit",
          "available",
          "available/@unit",
          "source",
          "target",
          "target/path",
          "target/permissions",
          "target/permissions/mode",
          "target/permissions/owner",
          "target/permissions/group",
          "target/permissions/label");

  private static final Set<String> ISCSI =
      Set.of(
          "source/host",
          "source/host/@name",
          "source/host/@port",
          "source/device",
          "source/device/@path",
          "source/initiator",
          "source/initiator/iqn",
          "source/initiator/iqn/@name",
          "source/auth",
          "source/auth/@type",
          "source/auth/@username",
          "source/auth/secret",
          "source/auth/secret/@usage");

  private static final Map<String, Set<String>> KNOWN =
      Map.of(
          "dir", Set.of(),
          "fs",
              Set.of(
                  "source/device", "source/device/@path", "source/format", "source/format/@type"),
          "netfs",
              Set.of(
                  "source/host",
                  "source/host/@name",
                  "source/dir",
                  "source/dir/@path",
                  "source/format",
                  "source/format/@type"),
          "logical",
              Set.of(
                  "source/device",
                  "source/device/@path",
                  "source/name",
                  "source/format",
                  "source/format/@type"),
          "iscsi", ISCSI,
          "iscsi-direct", ISCSI,
          "disk",
              Set.of(
                  "source/device", "source/device/@path", "source/format", "source/format/@type"));

  /** The pool types vtopo models. */
  public static Set<String> modelledTypes() {
    return KNOWN.keySet();
  }

  /** Renders a pool definition for {@code virStoragePoolDefineXML}. */
  public static String render(Pool pool) {
    return render(pool, null);
  }

  /**
   * Renders a pool definition; {@code uuid} (when not null) keeps the identity of an existing pool
   * on redefinition.
   */
  public static String render(Pool pool, String uuid) {
    XmlSupport.Out out = new XmlSupport.Out();
    PoolAttrs a = pool.attrs();
    out.open("pool", "type", pool.type());
    out.text("name", a.name());
    out.text("uuid", uuid);
    source(out, pool);
    // libvirt refuses iscsi and disk pools without a target; the file may leave it to the
    // documented default.
    String target =
        a.target() != null || !(pool instanceof IscsiPool || pool instanceof DiskPool)
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
    if (pool instanceof DirPool) {
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
      out.leaf("device", "path", p.device());
      if (p.format() != null) {
        out.leaf("format", "type", p.format());
      }
    }
    out.close();
  }

  private static void iscsi(XmlSupport.Out out, IscsiSource s) {
    out.leaf("host", "name", s.host(), "port", s.port() == null ? null : s.port().toString());
    out.leaf("device", "path", s.targetIqn());
    if (s.initiatorIqn() != null) {
      out.open("initiator").leaf("iqn", "name", s.initiatorIqn()).close();
    }
    if (s.chapUser() != null) {
      out.open("auth", "type", "chap", "username", s.chapUser());
      out.leaf("secret", "usage", s.chapSecret());
      out.close();
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
    PoolAttrs attrs =
        new PoolAttrs(
            name,
            text(child(target, "path")),
            XmlSupport.permissions(child(target, "permissions")),
            null,
            null,
            List.of());
    Set<String> known = new HashSet<>(COMMON);
    Set<String> extra = type == null ? null : KNOWN.get(type);
    Pool pool = null;
    List<String> problems = new ArrayList<>();
    if (extra != null) {
      known.addAll(extra);
      pool =
          switch (type) {
            case "dir" -> new DirPool(attrs);
            case "fs" ->
                new FsPool(
                    attrs, attr(child(src, "device"), "path"), attr(child(src, "format"), "type"));
            case "netfs" ->
                new NetfsPool(
                    attrs,
                    netfsFormat(attr(child(src, "format"), "type"), problems),
                    attr(child(src, "host"), "name"),
                    attr(child(src, "dir"), "path"));
            case "logical" ->
                new LogicalPool(
                    attrs,
                    text(child(src, "name")),
                    src == null
                        ? List.of()
                        : children(src, "device").stream().map(d -> attr(d, "path")).toList());
            case "iscsi" -> new IscsiPool(attrs, iscsi(src, problems));
            case "iscsi-direct" -> new IscsiDirectPool(attrs, iscsi(src, problems));
            case "disk" ->
                new DiskPool(
                    attrs, attr(child(src, "device"), "path"), attr(child(src, "format"), "type"));
            default -> throw new IllegalStateException(type);
          };
    }
    List<String> unmodelled = new ArrayList<>(XmlSupport.unmodelled(root, known));
    unmodelled.addAll(problems);
    return new Parsed(
        type,
        pool,
        text(child(root, "uuid")),
        XmlSupport.size(child(root, "capacity"), what + ".capacity"),
        XmlSupport.size(child(root, "allocation"), what + ".allocation"),
        XmlSupport.size(child(root, "available"), what + ".available"),
        unmodelled);
  }

  private static NetfsFormat netfsFormat(String f, List<String> problems) {
    if (f == null || f.equals("auto")) {
      // libvirt's netfs default is auto, which means an NFS mount.
      return NetfsFormat.NFS;
    }
    try {
      return NetfsFormat.valueOf(f.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add("source/format/@type=" + f);
      return NetfsFormat.NFS;
    }
  }

  private static IscsiSource iscsi(Element src, List<String> problems) {
    Element host = child(src, "host");
    String port = attr(host, "port");
    Element auth = child(src, "auth");
    String authType = attr(auth, "type");
    if (auth != null && !"chap".equals(authType)) {
      problems.add("source/auth/@type=" + authType);
      auth = null;
    }
    return new IscsiSource(
        attr(host, "name"),
        port == null ? null : Integer.valueOf(port),
        attr(child(src, "device"), "path"),
        attr(child(src, "initiator", "iqn"), "name"),
        attr(auth, "username"),
        attr(child(auth, "secret"), "usage"));
  }
}
