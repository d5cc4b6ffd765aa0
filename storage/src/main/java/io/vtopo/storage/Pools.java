package io.vtopo.storage;

import io.vtopo.core.model.DirPool;
import io.vtopo.core.model.DiskPool;
import io.vtopo.core.model.IscsiPool;
import io.vtopo.core.model.LogicalPool;
import io.vtopo.core.model.NetfsPool;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.PoolAttrs;
import io.vtopo.core.model.Volume;
import java.util.List;
import java.util.Objects;

/**
 * Pure helpers over the sealed pool family: copy with new attributes, normalise, compare sources.
 */
public final class Pools {
  private Pools() {}

  /** The same pool with other shared attributes (the core model's helper). */
  public static Pool withAttrs(Pool p, PoolAttrs a) {
    return io.vtopo.core.model.Pools.withAttrs(p, a);
  }

  /** The same pool with other volumes. */
  public static Pool withVolumes(Pool p, List<Volume> volumes) {
    return io.vtopo.core.model.Pools.withVolumes(p, volumes);
  }

  /**
   * Fills the defaults libvirt applies and strips trailing slashes, so that a desired pool and the
   * live one compare equal when libvirt would treat them the same. Run on both sides before
   * diffing.
   */
  public static Pool normalize(Pool p) {
    PoolAttrs a = p.attrs();
    String target = trimSlash(a.target());
    if (p instanceof LogicalPool l) {
      String vg = l.vgName() == null ? l.name() : l.vgName();
      if (target == null) {
        target = "/dev/" + vg;
      }
      p = new LogicalPool(a, vg, l.devices());
    } else if ((p instanceof IscsiPool || p instanceof io.vtopo.core.model.ScsiPool)
        && target == null) {
      target = "/dev/disk/by-path";
    } else if (p instanceof io.vtopo.core.model.MpathPool && target == null) {
      target = "/dev/mapper";
    } else if (p instanceof IscsiPool && target == null) {
      target = "/dev/disk/by-path";
    } else if (p instanceof DiskPool && target == null) {
      target = "/dev";
    } else if (p instanceof NetfsPool n) {
      p =
          new NetfsPool(
              a,
              n.format(),
              n.host(),
              n.format().keyword().equals("nfs") ? trimSlash(n.sourcePath()) : n.sourcePath(),
              n.protocolVersion());
    }
    return withAttrs(
        p,
        new PoolAttrs(
            a.name(),
            target,
            a.permissions(),
            a.autostart(),
            a.capacity(),
            a.volumes(),
            a.cow(),
            a.unmodelled()));
  }

  private static String trimSlash(String s) {
    if (s == null) {
      return null;
    }
    String t = s;
    while (t.length() > 1 && t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  /**
   * True when the two pools read from a different source (type, device, host, export, VG, target
   * IQN, initiator or CHAP identity): switching a pool to another source hides its current volumes,
   * so it needs {@code --allow-source-change}.
   */
  public static boolean sourceDiffers(Pool current, Pool desired) {
    Pool c = normalize(current);
    Pool d = normalize(desired);
    if (!c.type().equals(d.type())) {
      return true;
    }
    if (c instanceof DirPool) {
      return !Objects.equals(c.attrs().target(), d.attrs().target());
    }
    return !Objects.equals(withAttrs(c, blank(c)), withAttrs(d, blank(c)));
  }

  private static PoolAttrs blank(Pool p) {
    return new PoolAttrs(p.name(), null, null, null, null, List.of());
  }
}
