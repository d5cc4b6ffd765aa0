package io.vtopo.netlink.model;

import java.util.Arrays;

/**
 * A link of a kind the module has no codec for (or a plain device without IFLA_LINKINFO, where
 * {@code kind} is empty). The raw IFLA_INFO_DATA is kept so nothing is lost.
 *
 * @param kind the IFLA_INFO_KIND string, empty if none
 * @param data the IFLA_INFO_DATA payload, empty if none
 */
public record GenericInfo(String kind, byte[] data) implements LinkInfo {
  /** Copies the data defensively. */
  public GenericInfo {
    data = data == null ? new byte[0] : data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GenericInfo g && g.kind.equals(kind) && Arrays.equals(g.data, data);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "GenericInfo[kind=" + kind + ", data=" + data.length + " bytes]";
  }
}
