package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.LinkInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;

/**
 * Encodes and decodes the IFLA_INFO_DATA of one link kind.
 *
 * @param <T> the record of that kind
 */
public interface LinkKindCodec<T extends LinkInfo> {
  /** The IFLA_INFO_KIND string. */
  String kind();

  /** The record type handled. */
  Class<T> type();

  /**
   * Writes the kind's attributes inside the already opened IFLA_INFO_DATA nest, in the order
   * iproute2 uses, so requests are byte-identical to {@code ip}'s. Writing nothing drops the nest.
   */
  void encode(MessageWriter w, T info);

  /** Decodes IFLA_INFO_DATA (possibly empty) into the record. */
  T decode(AttrTable data);
}
