package io.vtopo.core.model;

import java.util.List;

/** Helpers over the sealed {@link Pool} family. */
public final class Pools {
  private Pools() {}

  /** The same pool with other shared attributes. */
  public static Pool withAttrs(Pool p, PoolAttrs a) {
    if (p instanceof DirPool) {
      return new DirPool(a);
    } else if (p instanceof FsPool f) {
      return new FsPool(a, f.device(), f.format());
    } else if (p instanceof NetfsPool n) {
      return new NetfsPool(a, n.format(), n.host(), n.sourcePath());
    } else if (p instanceof LogicalPool l) {
      return new LogicalPool(a, l.vgName(), l.devices());
    } else if (p instanceof IscsiPool i) {
      return new IscsiPool(a, i.source());
    } else if (p instanceof IscsiDirectPool i) {
      return new IscsiDirectPool(a, i.source());
    } else if (p instanceof DiskPool d) {
      return new DiskPool(a, d.device(), d.format());
    }
    throw new IllegalArgumentException(p.type());
  }

  /** The same pool with other volumes. */
  public static Pool withVolumes(Pool p, List<Volume> volumes) {
    PoolAttrs a = p.attrs();
    return withAttrs(
        p,
        new PoolAttrs(a.name(), a.target(), a.permissions(), a.autostart(), a.capacity(), volumes));
  }
}
