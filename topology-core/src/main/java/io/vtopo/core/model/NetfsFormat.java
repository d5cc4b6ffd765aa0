package io.vtopo.core.model;

import java.util.Locale;

/** Network file system protocols for netfs pools. */
public enum NetfsFormat {
  NFS,
  GLUSTERFS,
  CIFS;

  /** The file and libvirt keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
