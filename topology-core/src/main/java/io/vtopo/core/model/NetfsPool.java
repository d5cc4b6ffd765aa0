package io.vtopo.core.model;

/**
 * A network file system mounted on the target ({@code pool-define-as NAME netfs --source-host H
 * --source-path P}).
 *
 * @param attrs shared pool attributes; {@code target} is the mount point
 * @param format protocol ({@link NetfsFormat#AUTO} lets mount pick, as libvirt does when the XML
 *     has no format or {@code auto})
 * @param host server host name or address
 * @param sourcePath exported directory (nfs), volume name (glusterfs) or share (cifs)
 * @param protocolVersion NFS protocol version ({@code <protocol ver>}, e.g. {@code 3} or {@code
 *     4.1}), or null to let mount negotiate
 */
public record NetfsPool(
    PoolAttrs attrs, NetfsFormat format, String host, String sourcePath, String protocolVersion)
    implements Pool {
  /** A netfs pool without a protocol version. */
  public NetfsPool(PoolAttrs attrs, NetfsFormat format, String host, String sourcePath) {
    this(attrs, format, host, sourcePath, null);
  }

  @Override
  public String type() {
    return "netfs";
  }
}
