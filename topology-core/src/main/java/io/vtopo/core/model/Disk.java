package io.vtopo.core.model;

/**
 * A VM's disk; mirrors libvirt's {@code <disk>}. A {@code null} field is "not set": neither applied
 * nor compared.
 *
 * @param target guest device name ({@code vda}, {@code sdb}): the disk's identity on its domain
 * @param source where the data lives
 * @param bus {@code virtio}, {@code sata}, {@code scsi}, {@code ide}, {@code usb}, or null
 * @param device {@code disk}, {@code cdrom}, {@code floppy} or {@code lun}, or null (libvirt's
 *     default: disk)
 * @param format driver format ({@code qcow2}, {@code raw}), or null
 * @param readonly read-only, or null
 * @param shareable shareable between domains, or null
 */
public record Disk(
    String target,
    Source source,
    String bus,
    String device,
    String format,
    Boolean readonly,
    Boolean shareable)
    implements VmDevice {
  /** What a disk's source names. */
  public enum SourceKind {
    /** A volume in a libvirt pool ({@code pool} and {@code name}). */
    VOLUME,
    /** A file path. */
    FILE,
    /** A block device path. */
    BLOCK,
    /**
     * A network disk: {@code protocol}, {@code host} and {@code name} (image or volume on the
     * server).
     */
    NETWORK,
    /** No medium (an empty CD-ROM drive). */
    NONE
  }

  /**
   * A disk's source.
   *
   * @param kind what it is
   * @param pool the pool (volumes), or null
   * @param name the volume name, path, or network image name
   * @param protocol network protocol ({@code gluster}, {@code iscsi}, {@code nbd}, {@code rbd}...),
   *     or null
   * @param host network host ({@code 198.51.100.5} or {@code host:port}), or null
   */
  public record Source(SourceKind kind, String pool, String name, String protocol, String host) {
    /** A volume in a pool. */
    public static Source volume(String pool, String name) {
      return new Source(SourceKind.VOLUME, pool, name, null, null);
    }

    /** A file. */
    public static Source file(String path) {
      return new Source(SourceKind.FILE, null, path, null, null);
    }

    /**
     * The file form: {@code pool/volume}, a path, {@code protocol://host/name}, or {@code none}.
     */
    @Override
    public String toString() {
      return switch (kind) {
        case VOLUME -> pool + "/" + name;
        case FILE, BLOCK -> name;
        case NETWORK -> protocol + "://" + (host == null ? "" : host) + "/" + name;
        case NONE -> "none";
      };
    }
  }

  @Override
  public String key() {
    return target;
  }

  @Override
  public ObjectId id(String vm) {
    return new ObjectId(ObjectId.Kind.DISK, vm, target);
  }

  /** True for a removable medium (CD-ROM, floppy): its source can change on a running guest. */
  public boolean removable() {
    return "cdrom".equals(device) || "floppy".equals(device);
  }
}
