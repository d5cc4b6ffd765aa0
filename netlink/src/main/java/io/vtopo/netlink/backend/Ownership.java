package io.vtopo.netlink.backend;

import io.vtopo.netlink.model.Link;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * How vtopo marks the links it creates: IFLA_IFALIAS {@code vtopo:<topology>} names the owner, and
 * IFLA_GROUP {@link #groupFor} lets the kernel delete a topology's links in one request ({@code ip
 * link del group N}).
 *
 * <p>The alias is authoritative; the group is only a bulk-deletion hint, used when every link of
 * the group is to be deleted (two topology names may hash to the same group).
 */
public final class Ownership {
  /** Prefix of the alias of every vtopo-created link. */
  public static final String ALIAS_PREFIX = "vtopo:";

  /** High bits shared by vtopo's groups, so they stay clear of small hand-picked group numbers. */
  private static final int GROUP_BASE = 0x76000000;

  private Ownership() {}

  /** The alias that marks {@code topology} as owner. */
  public static String alias(String topology) {
    return ALIAS_PREFIX + topology;
  }

  /** The owning topology of a live link, or null if vtopo did not create it. */
  public static String ownerOf(Link link) {
    String a = link.alias();
    return a != null && a.startsWith(ALIAS_PREFIX) && a.length() > ALIAS_PREFIX.length()
        ? a.substring(ALIAS_PREFIX.length())
        : null;
  }

  /** True if {@code link} was created by vtopo for {@code topology}. */
  public static boolean ownedBy(Link link, String topology) {
    return topology.equals(ownerOf(link));
  }

  /** The link group of a topology: a stable hash of its name in vtopo's range. */
  public static int groupFor(String topology) {
    CRC32 crc = new CRC32();
    crc.update(topology.getBytes(StandardCharsets.UTF_8));
    return GROUP_BASE | (int) (crc.getValue() & 0x00ffffff);
  }
}
