package io.vtopo.core.model;

/**
 * A whole disk whose partitions are volumes ({@code pool-define-as NAME disk --source-dev DEV}).
 *
 * @param attrs shared pool attributes; {@code target} defaults to {@code /dev}
 * @param device the disk, e.g. {@code /dev/sdb}
 * @param format partition table ({@code dos}, {@code gpt}), or null
 * @param partSeparator {@code <device part_separator>}: whether partition names get a {@code p}
 *     between device and number ({@code /dev/mapper/mpathap1}); null leaves libvirt's default
 */
public record DiskPool(PoolAttrs attrs, String device, String format, Boolean partSeparator)
    implements Pool {
  /** A disk pool without a partition separator setting. */
  public DiskPool(PoolAttrs attrs, String device, String format) {
    this(attrs, device, format, null);
  }

  @Override
  public String type() {
    return "disk";
  }
}
