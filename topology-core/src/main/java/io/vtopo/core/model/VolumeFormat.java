package io.vtopo.core.model;

import java.util.Locale;

/**
 * Volume formats vtopo manages. File pools take all; block pools (logical, disk, iscsi) hold raw
 * volumes only.
 */
public enum VolumeFormat {
  QCOW2,
  RAW,
  VMDK;

  /** The file and libvirt keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
