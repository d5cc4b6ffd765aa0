package io.vtopo.core.model;

/**
 * A Virtuozzo Storage cluster mounted on the target ({@code pool-define-as NAME vstorage
 * --source-name CLUSTER}).
 *
 * @param attrs shared pool attributes; {@code target} is the mount point
 * @param cluster the cluster name
 */
public record VstoragePool(PoolAttrs attrs, String cluster) implements Pool {
  @Override
  public String type() {
    return "vstorage";
  }
}
