package io.vtopo.core.model;

/**
 * A network file system mounted on the target ({@code pool-define-as NAME netfs --source-host H
 * --source-path P}).
 *
 * @param attrs shared pool attributes; {@code target} is the mount point
 * @param format protocol
 * @param host server host name or address
 * @param sourcePath exported directory (nfs), volume name (glusterfs) or share (cifs)
 */
public record NetfsPool(PoolAttrs attrs, NetfsFormat format, String host, String sourcePath)
    implements Pool {
  @Override
  public String type() {
    return "netfs";
  }
}
