package io.vtopo.core.model;

import java.util.List;

/**
 * A Ceph RADOS block device pool ({@code pool-define-as NAME rbd --source-host MON --source-name
 * POOL}); volumes are RBD images. No target path.
 *
 * @param attrs shared pool attributes
 * @param hosts the Ceph monitors
 * @param cephPool the Ceph pool (optionally {@code pool/namespace} as libvirt spells it)
 * @param auth cephx authentication, or null
 */
public record RbdPool(PoolAttrs attrs, List<PoolHost> hosts, String cephPool, PoolAuth auth)
    implements Pool {
  /** Copies the list. */
  public RbdPool {
    hosts = List.copyOf(hosts);
  }

  @Override
  public String type() {
    return "rbd";
  }
}
