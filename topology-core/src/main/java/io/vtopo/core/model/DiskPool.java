package io.vtopo.core.model;

/**
 * A whole disk whose partitions are volumes ({@code pool-define-as NAME disk --source-dev DEV}).
 *
 * @param attrs shared pool attributes; {@code target} defaults to {@code /dev}
 * @param device the disk, e.g. {@code /dev/sdb}
 * @param format partition table ({@code dos}, {@code gpt}), or null
 */
public record DiskPool(PoolAttrs attrs, String device, String format) implements Pool {
  @Override
  public String type() {
    return "disk";
  }
}
