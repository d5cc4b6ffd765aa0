package io.vtopo.core.model;

import java.util.Locale;

/** Network file system protocols for netfs pools. */
public enum NetfsFormat {
  /** No format, or {@code auto}: mount picks (in practice NFS). */
  AUTO,
  NFS,
  GLUSTERFS,
  CIFS;

  /** The file and libvirt keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
