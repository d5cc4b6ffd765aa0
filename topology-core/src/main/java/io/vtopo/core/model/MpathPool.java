package io.vtopo.core.model;

/**
 * The host's multipath devices ({@code pool-define-as NAME mpath}); volumes are the maps. No
 * source.
 *
 * @param attrs shared pool attributes; {@code target} defaults to {@code /dev/mapper}
 */
public record MpathPool(PoolAttrs attrs) implements Pool {
  @Override
  public String type() {
    return "mpath";
  }
}
