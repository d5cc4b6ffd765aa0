package io.vtopo.core.model;

/**
 * A directory of image files ({@code virsh pool-define-as NAME dir --target PATH}).
 *
 * @param attrs shared pool attributes; {@code target} is required
 */
public record DirPool(PoolAttrs attrs) implements Pool {
  @Override
  public String type() {
    return "dir";
  }
}
