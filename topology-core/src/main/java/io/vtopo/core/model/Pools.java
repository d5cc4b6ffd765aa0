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
      return new NetfsPool(a, n.format(), n.host(), n.sourcePath(), n.protocolVersion());
    } else if (p instanceof LogicalPool l) {
      return new LogicalPool(a, l.vgName(), l.devices());
    } else if (p instanceof IscsiPool i) {
      return new IscsiPool(a, i.source());
    } else if (p instanceof IscsiDirectPool i) {
      return new IscsiDirectPool(a, i.source());
    } else if (p instanceof DiskPool d) {
      return new DiskPool(a, d.device(), d.format(), d.partSeparator());
    } else if (p instanceof ScsiPool s) {
      return new ScsiPool(a, s.adapter());
    } else if (p instanceof MpathPool) {
      return new MpathPool(a);
    } else if (p instanceof RbdPool r) {
      return new RbdPool(a, r.hosts(), r.cephPool(), r.auth());
    } else if (p instanceof SheepdogPool s) {
      return new SheepdogPool(a, s.host(), s.cluster());
    } else if (p instanceof GlusterPool g) {
      return new GlusterPool(a, g.host(), g.volume(), g.dir());
    } else if (p instanceof ZfsPool z) {
      return new ZfsPool(a, z.zpool(), z.devices());
    } else if (p instanceof VstoragePool v) {
      return new VstoragePool(a, v.cluster());
    }
    throw new IllegalArgumentException(p.type());
  }

  /** The same pool with other volumes. */
  public static Pool withVolumes(Pool p, List<Volume> volumes) {
    return withAttrs(p, p.attrs().withVolumes(volumes));
  }
}
