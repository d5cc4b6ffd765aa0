package io.vtopo.core.model;

/**
 * A GlusterFS volume reached natively through libgfapi ({@code pool-define-as NAME gluster
 * --source-host H --source-name VOLUME}), unlike a netfs pool which mounts it. No target path.
 *
 * @param attrs shared pool attributes
 * @param host the Gluster server
 * @param volume the Gluster volume name
 * @param dir a subdirectory of the volume, or null for its root
 */
public record GlusterPool(PoolAttrs attrs, PoolHost host, String volume, String dir)
    implements Pool {
  @Override
  public String type() {
    return "gluster";
  }
}
