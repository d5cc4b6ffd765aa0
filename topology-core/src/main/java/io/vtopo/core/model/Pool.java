package io.vtopo.core.model;

/**
 * A libvirt storage pool. One record per pool type; the shared fields live in {@link PoolAttrs}.
 * Records mirror libvirt's {@code <pool type=...>} XML.
 */
public sealed interface Pool
    permits DirPool,
        FsPool,
        NetfsPool,
        LogicalPool,
        IscsiPool,
        IscsiDirectPool,
        DiskPool,
        ScsiPool,
        MpathPool,
        RbdPool,
        SheepdogPool,
        GlusterPool,
        ZfsPool,
        VstoragePool {
  /** The shared attributes. */
  PoolAttrs attrs();

  /** The libvirt pool type ({@code dir}, {@code fs}, {@code netfs}, ...). */
  String type();

  /** Shorthand for {@code attrs().name()}. */
  default String name() {
    return attrs().name();
  }
}
