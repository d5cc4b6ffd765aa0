package io.vtopo.core.model;

/**
 * A Sheepdog cluster ({@code pool-define-as NAME sheepdog --source-host H --source-name N}). No
 * target path.
 *
 * @param attrs shared pool attributes
 * @param host the cluster's gateway host, or null for libvirt's default (localhost:7000)
 * @param cluster the cluster name
 */
public record SheepdogPool(PoolAttrs attrs, PoolHost host, String cluster) implements Pool {
  @Override
  public String type() {
    return "sheepdog";
  }
}
