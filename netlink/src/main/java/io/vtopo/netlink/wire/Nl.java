package io.vtopo.netlink.wire;

/**
 * Numeric constants of netlink and rtnetlink (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h).
 */
public final class Nl {
  private Nl() {}

  public static final int NETLINK_ROUTE = 0;
  public static final int HDRLEN = 16;
  public static final int ALIGNTO = 4;

  // nlmsg_type
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_NEWNSID = 88;
  public static final int RTM_GETNSID = 90;
  public static final int NETNSA_NSID = 1;
  public static final int NETNSA_FD = 3;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNEIGH = 28;
  public static final int RTM_DELNEIGH = 29;
  public static final int RTM_GETNEIGH = 30;

  // nlmsg_flags
  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_ECHO = 0x8;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_APPEND = 0x800;

  // neighbour (FDB) messages: struct ndmsg, NDA_*, NUD_*, NTF_* (linux/neighbour.h)
  public static final int NDMSG_LEN = 12;
  public static final int NDA_DST = 1;
  public static final int NDA_LLADDR = 2;
  public static final int NUD_NOARP = 0x40;
  public static final int NUD_PERMANENT = 0x80;
  public static final int NTF_SELF = 0x02;
  public static final int NLM_F_CAPPED = 0x100;
  public static final int NLM_F_ACK_TLVS = 0x200;

  // NLMSGERR_ATTR_*
  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;

  // socket options (SOL_NETLINK = 270)
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_ADD_MEMBERSHIP = 1;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int NETLINK_GET_STRICT_CHK = 12;

  // multicast groups
  public static final int RTNLGRP_LINK = 1;
  public static final int RTNLGRP_IPV4_IFADDR = 5;
  public static final int RTNLGRP_IPV4_ROUTE = 7;
  public static final int RTNLGRP_IPV6_IFADDR = 9;
  public static final int RTNLGRP_IPV6_ROUTE = 11;

  // address families
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_BRIDGE = 7;

  // IFLA_*
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_BROADCAST = 2;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_TXQLEN = 13;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_NET_NS_PID = 19;
  public static final int IFLA_IFALIAS = 20;
  public static final int IFLA_GROUP = 27;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_LINK_NETNSID = 37;
  public static final int IFLA_AF_SPEC = 26;

  // IFLA_BRIDGE_* inside IFLA_AF_SPEC of AF_BRIDGE messages (linux/if_bridge.h)
  public static final int IFLA_BRIDGE_FLAGS = 0;
  public static final int IFLA_BRIDGE_VLAN_INFO = 2;
  public static final int BRIDGE_VLAN_INFO_MASTER = 1;
  public static final int BRIDGE_VLAN_INFO_PVID = 1 << 1;
  public static final int BRIDGE_VLAN_INFO_UNTAGGED = 1 << 2;
  public static final int BRIDGE_VLAN_INFO_RANGE_BEGIN = 1 << 3;
  public static final int BRIDGE_VLAN_INFO_RANGE_END = 1 << 4;
  public static final int BRIDGE_VLAN_INFO_BRENTRY = 1 << 5;
  public static final int IFLA_NEW_NETNSID = 45;
  public static final int IFLA_TARGET_NETNSID = 46;

  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int IFLA_INFO_SLAVE_KIND = 4;

  public static final int RTEXT_FILTER_VF = 1;
  public static final int RTEXT_FILTER_BRVLAN = 1 << 1;
  public static final int RTEXT_FILTER_BRVLAN_COMPRESSED = 1 << 2;
  public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

  public static final int IFF_UP = 0x1;
  public static final int IFF_LOWER_UP = 0x10000;

  // IFA_*
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;
  public static final int IFA_BROADCAST = 4;
  public static final int IFA_FLAGS = 8;

  // RTA_*
  public static final int RTA_DST = 1;
  public static final int RTA_SRC = 2;
  public static final int RTA_IIF = 3;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_TABLE = 15;

  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RTPROT_UNSPEC = 0;
  public static final int RTPROT_BOOT = 3;
  public static final int RTPROT_STATIC = 4;
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;
  public static final int RT_SCOPE_NOWHERE = 255;
  public static final int RTN_UNSPEC = 0;
  public static final int RTN_UNICAST = 1;

  /** Rounds {@code len} up to the 4-byte netlink alignment. */
  public static int align(int len) {
    return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);
  }

  /** A readable name for a message type, for error messages. */
  public static String typeName(int type) {
    switch (type) {
      case RTM_NEWLINK:
        return "RTM_NEWLINK";
      case RTM_DELLINK:
        return "RTM_DELLINK";
      case RTM_GETLINK:
        return "RTM_GETLINK";
      case RTM_SETLINK:
        return "RTM_SETLINK";
      case RTM_NEWADDR:
        return "RTM_NEWADDR";
      case RTM_DELADDR:
        return "RTM_DELADDR";
      case RTM_GETADDR:
        return "RTM_GETADDR";
      case RTM_NEWROUTE:
        return "RTM_NEWROUTE";
      case RTM_DELROUTE:
        return "RTM_DELROUTE";
      case RTM_GETROUTE:
        return "RTM_GETROUTE";
      case NLMSG_ERROR:
        return "NLMSG_ERROR";
      case NLMSG_DONE:
        return "NLMSG_DONE";
      default:
        return "type " + type;
    }
  }
}
