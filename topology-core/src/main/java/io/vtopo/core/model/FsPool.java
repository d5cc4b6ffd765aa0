package io.vtopo.core.model;

/**
 * A block device with a file system, mounted on the target ({@code pool-define-as NAME fs
 * --source-dev DEV}).
 *
 * @param attrs shared pool attributes; {@code target} is the mount point
 * @param device source block device, e.g. {@code /dev/vdb1}
 * @param format file system type ({@code auto}, {@code ext4}, {@code xfs}, ...), or null for auto
 */
public record FsPool(PoolAttrs attrs, String device, String format) implements Pool {
  @Override
  public String type() {
    return "fs";
  }
}
