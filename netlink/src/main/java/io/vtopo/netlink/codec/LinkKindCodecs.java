package io.vtopo.netlink.codec;

import io.vtopo.netlink.model.GenericInfo;
import io.vtopo.netlink.model.LinkInfo;
import io.vtopo.netlink.wire.AttrTable;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The codecs of every known link kind; unknown kinds fall back to {@link GenericInfo}. */
public final class LinkKindCodecs {
  private static final List<LinkKindCodec<?>> ALL =
      List.of(
          new BridgeCodec(),
          new VethCodec(),
          new TunCodec(),
          new VxlanCodec(),
          new MacvlanCodec(),
          new MacvtapCodec(),
          new VlanCodec(),
          new BondCodec(),
          new DummyCodec());
  private static final Map<String, LinkKindCodec<?>> BY_KIND = new HashMap<>();
  private static final Map<Class<?>, LinkKindCodec<?>> BY_TYPE = new HashMap<>();

  static {
    for (LinkKindCodec<?> c : ALL) {
      BY_KIND.put(c.kind(), c);
      BY_TYPE.put(c.type(), c);
    }
  }

  private LinkKindCodecs() {}

  /** The registered codecs. */
  public static List<LinkKindCodec<?>> all() {
    return ALL;
  }

  /**
   * Writes IFLA_LINKINFO for {@code info}: IFLA_INFO_KIND (no NUL, as iproute2) and IFLA_INFO_DATA
   * if any.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void encode(MessageWriter w, LinkInfo info) {
    int linkinfo = w.nestStart(Nl.IFLA_LINKINFO);
    w.attrStringNoNul(Nl.IFLA_INFO_KIND, info.kind());
    int data = w.nestStart(Nl.IFLA_INFO_DATA);
    if (info instanceof GenericInfo g) {
      byte[] raw = g.data();
      if (raw.length > 0) {
        w.bytes(raw);
      }
    } else {
      LinkKindCodec c = BY_TYPE.get(info.getClass());
      c.encode(w, info);
    }
    w.nestEndOrDrop(data);
    w.nestEnd(linkinfo);
  }

  /**
   * Decodes a kind's data; kinds without a codec come back as {@link GenericInfo} with the raw
   * bytes.
   */
  public static LinkInfo decode(String kind, AttrTable linkinfo) {
    LinkKindCodec<?> c = kind == null ? null : BY_KIND.get(kind);
    if (c == null) {
      byte[] raw = linkinfo.bytes(Nl.IFLA_INFO_DATA);
      return new GenericInfo(kind == null ? "" : kind, raw);
    }
    return c.decode(linkinfo.nested(Nl.IFLA_INFO_DATA));
  }
}
