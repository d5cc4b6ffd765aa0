package io.vtopo.libvirt;

import static io.vtopo.libvirt.NativeLibvirt.connPointer;
import static io.vtopo.libvirt.NativeLibvirt.freeArray;
import static io.vtopo.libvirt.NativeLibvirt.takeString;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;

/**
 * Domain calls over the shared libvirt connection ({@link NativeLibvirt}'s pointer, error mapping
 * and memory rules): {@code virConnectListAllDomains} and the XML, device and metadata calls on one
 * domain. libvirt-java 0.5.3 has no ListAll call and no metadata API; binding the few domain calls
 * here keeps one style for all of them.
 */
public final class NativeDomains {
  /** {@code VIR_DOMAIN_AFFECT_LIVE}. */
  public static final int AFFECT_LIVE = 1;

  /** {@code VIR_DOMAIN_AFFECT_CONFIG}. */
  public static final int AFFECT_CONFIG = 2;

  /** {@code VIR_DOMAIN_XML_INACTIVE}. */
  public static final int XML_INACTIVE = 2;

  /** {@code VIR_DOMAIN_METADATA_ELEMENT}. */
  public static final int METADATA_ELEMENT = 2;

  /** {@code VIR_ERR_NO_DOMAIN}. */
  public static final int VIR_ERR_NO_DOMAIN = 42;

  private static final DomainApi API =
      NativeLibvirt.isAvailable() ? Native.load("virt", DomainApi.class) : null;

  private NativeDomains() {}

  /** The C functions, as libvirt declares them. */
  @SuppressWarnings({"checkstyle:MethodName", "unused"})
  interface DomainApi extends Library {
    int virConnectListAllDomains(Pointer conn, PointerByReference doms, int flags);

    Pointer virDomainLookupByName(Pointer conn, String name);

    Pointer virDomainDefineXML(Pointer conn, String xml);

    String virDomainGetName(Pointer dom);

    Pointer virDomainGetXMLDesc(Pointer dom, int flags);

    int virDomainIsActive(Pointer dom);

    int virDomainIsPersistent(Pointer dom);

    int virDomainAttachDeviceFlags(Pointer dom, String xml, int flags);

    int virDomainDetachDeviceFlags(Pointer dom, String xml, int flags);

    int virDomainUpdateDeviceFlags(Pointer dom, String xml, int flags);

    int virDomainSetMetadata(
        Pointer dom, int type, String metadata, String key, String uri, int flags);

    int virDomainFree(Pointer dom);

    int virDomainInterfaceAddresses(Pointer dom, PointerByReference ifaces, int source, int flags);

    void virDomainInterfaceFree(Pointer iface);
  }

  /** {@code VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE}: the DHCP leases of libvirt's networks. */
  public static final int ADDRESSES_SRC_LEASE = 0;

  /** {@code VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT}: the guest agent. */
  public static final int ADDRESSES_SRC_AGENT = 1;

  /** {@code VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP}: the host's ARP table. */
  public static final int ADDRESSES_SRC_ARP = 2;

  /**
   * One guest interface's addresses as {@code virDomainInterfaceAddresses} reports them.
   *
   * @param name the interface name (the host-side TAP for the lease and ARP sources)
   * @param mac the guest MAC, lower case, or null
   * @param addresses {@code address/prefix} strings
   */
  public record InterfaceAddresses(String name, String mac, List<String> addresses) {}

  /**
   * A domain as listed.
   *
   * @param name domain name
   * @param active running (or paused)
   * @param persistent has a persistent definition
   * @param liveXml the live XML (for an inactive domain: its definition)
   * @param inactiveXml the persistent XML, or null for a transient domain
   * @param error why the domain could not be read, or null
   */
  public record NativeDomain(
      String name,
      boolean active,
      boolean persistent,
      String liveXml,
      String inactiveXml,
      String error) {}

  private static DomainApi api() {
    NativeLibvirt.api();
    return API;
  }

  private static VtopoException error(String dom, String what) {
    int code = NativeLibvirt.api().virGetLastErrorCode();
    String msg = NativeLibvirt.api().virGetLastErrorMessage();
    if (code == VIR_ERR_NO_DOMAIN) {
      return new VtopoException(Kind.NOT_FOUND, "vm:" + dom, what + ": " + msg);
    }
    return LibvirtErrors.of(code, msg, dom == null ? null : "vm:" + dom, what);
  }

  /** {@code VIR_CONNECT_LIST_DOMAINS_ACTIVE}. */
  static final int LIST_ACTIVE = 1;

  /** {@code VIR_CONNECT_LIST_DOMAINS_PERSISTENT}. */
  static final int LIST_PERSISTENT = 4;

  /**
   * Every domain (persistent and transient, running and shut off) with its live and persistent XML.
   * Three {@code virConnectListAllDomains} calls (all domains, the running ones, the persistent
   * ones: the state of every domain at once, where asking each domain costs two calls, which are
   * round trips to libvirtd) and then, per domain, only its XML: the live XML, and the persistent
   * XML only for a running persistent domain (a shut-off domain's live XML is its definition; a
   * transient one has none). The names are libvirt's, from the domain handles (no call). A domain
   * that cannot be read comes back with its error instead of failing the whole list; one that
   * vanished between the list and the read is left out.
   */
  public static List<NativeDomain> listAll(Connect conn) {
    DomainApi a = api();
    java.util.Set<String> active = names(a, conn, LIST_ACTIVE);
    java.util.Set<String> persistent = names(a, conn, LIST_PERSISTENT);
    PointerByReference ref = new PointerByReference();
    int n = a.virConnectListAllDomains(connPointer(conn), ref, 0);
    if (n < 0) {
      throw error(null, "virConnectListAllDomains");
    }
    Pointer arr = ref.getValue();
    List<NativeDomain> out = new ArrayList<>(n);
    try {
      Pointer[] doms = n == 0 ? new Pointer[0] : arr.getPointerArray(0, n);
      for (Pointer d : doms) {
        try {
          String name = a.virDomainGetName(d);
          NativeDomain nd = read(a, d, name, active.contains(name), persistent.contains(name));
          if (nd != null && nd.error() == null && running(nd.liveXml()) != nd.active()) {
            // Started or stopped between the lists and the read: ask this domain for its state.
            nd = describe(a, d);
          }
          if (nd != null) {
            out.add(nd);
          }
        } finally {
          a.virDomainFree(d);
        }
      }
    } finally {
      freeArray(arr);
    }
    return out;
  }

  /** A running domain's live XML carries its id on the root element; a shut-off one's does not. */
  static boolean running(String liveXml) {
    int end = liveXml.indexOf('>');
    String root = end < 0 ? liveXml : liveXml.substring(0, end);
    return root.contains(" id='") || root.contains(" id=\"");
  }

  /** The names of the domains {@code virConnectListAllDomains(flags)} lists. */
  private static java.util.Set<String> names(DomainApi a, Connect conn, int flags) {
    PointerByReference ref = new PointerByReference();
    int n = a.virConnectListAllDomains(connPointer(conn), ref, flags);
    if (n < 0) {
      throw error(null, "virConnectListAllDomains");
    }
    Pointer arr = ref.getValue();
    java.util.Set<String> out = new java.util.HashSet<>();
    try {
      for (Pointer d : n == 0 ? new Pointer[0] : arr.getPointerArray(0, n)) {
        try {
          out.add(a.virDomainGetName(d));
        } finally {
          a.virDomainFree(d);
        }
      }
    } finally {
      freeArray(arr);
    }
    return out;
  }

  private static NativeDomain describe(DomainApi a, Pointer d) {
    String name = a.virDomainGetName(d);
    int active = a.virDomainIsActive(d);
    int persistent = a.virDomainIsPersistent(d);
    if (active < 0 || persistent < 0) {
      VtopoException e = error(name, "reading domain state");
      return e.kind() == Kind.NOT_FOUND
          ? null
          : new NativeDomain(name, false, true, null, null, e.getMessage());
    }
    return read(a, d, name, active == 1, persistent == 1);
  }

  /** The XML of one domain whose state is known. */
  private static NativeDomain read(
      DomainApi a, Pointer d, String name, boolean active, boolean persistent) {
    String live = takeString(a.virDomainGetXMLDesc(d, 0));
    if (live == null) {
      VtopoException e = error(name, "virDomainGetXMLDesc");
      return e.kind() == Kind.NOT_FOUND
          ? null
          : new NativeDomain(name, active, persistent, null, null, e.getMessage());
    }
    String inactive = null;
    if (persistent && active) {
      inactive = takeString(a.virDomainGetXMLDesc(d, XML_INACTIVE));
      if (inactive == null) {
        VtopoException e = error(name, "virDomainGetXMLDesc(INACTIVE)");
        if (e.kind() == Kind.NOT_FOUND) {
          return null;
        }
        // test:/// and some drivers refuse the flag: their live and persistent definitions are the
        // same.
        inactive = e.kind() == Kind.UNSUPPORTED ? live : null;
        if (inactive == null) {
          return new NativeDomain(name, true, true, live, null, e.getMessage());
        }
      }
    } else if (persistent) {
      inactive = live;
    }
    return new NativeDomain(name, active, persistent, live, inactive, null);
  }

  /** One domain by name, or null if there is none. */
  public static NativeDomain lookup(Connect conn, String name) {
    DomainApi a = api();
    Pointer d = a.virDomainLookupByName(connPointer(conn), name);
    if (d == null) {
      VtopoException e = error(name, "virDomainLookupByName");
      if (e.kind() == Kind.NOT_FOUND) {
        return null;
      }
      throw e;
    }
    try {
      return describe(a, d);
    } finally {
      a.virDomainFree(d);
    }
  }

  /** An operation on one looked-up domain. */
  @FunctionalInterface
  private interface DomainCall {
    int call(DomainApi a, Pointer dom);
  }

  private static void onDomain(Connect conn, String name, String what, DomainCall c) {
    DomainApi a = api();
    Pointer d = a.virDomainLookupByName(connPointer(conn), name);
    if (d == null) {
      throw error(name, "virDomainLookupByName");
    }
    try {
      if (c.call(a, d) < 0) {
        throw error(name, what);
      }
    } finally {
      a.virDomainFree(d);
    }
  }

  /** {@code virDomainAttachDeviceFlags}. */
  public static void attach(Connect conn, String domain, String xml, int flags) {
    onDomain(
        conn,
        domain,
        "virDomainAttachDeviceFlags",
        (a, d) -> a.virDomainAttachDeviceFlags(d, xml, flags));
  }

  /**
   * {@code virDomainDetachDeviceFlags}: returns once libvirt has asked the guest; the guest may
   * release it later.
   */
  public static void detach(Connect conn, String domain, String xml, int flags) {
    onDomain(
        conn,
        domain,
        "virDomainDetachDeviceFlags",
        (a, d) -> a.virDomainDetachDeviceFlags(d, xml, flags));
  }

  /** {@code virDomainUpdateDeviceFlags}. */
  public static void update(Connect conn, String domain, String xml, int flags) {
    onDomain(
        conn,
        domain,
        "virDomainUpdateDeviceFlags",
        (a, d) -> a.virDomainUpdateDeviceFlags(d, xml, flags));
  }

  /**
   * {@code virDomainSetMetadata} of an element under vtopo's namespace ({@code xml} null removes
   * it).
   */
  public static void setMetadata(
      Connect conn, String domain, String xml, String prefix, String uri, int flags) {
    onDomain(
        conn,
        domain,
        "virDomainSetMetadata",
        (a, d) -> a.virDomainSetMetadata(d, METADATA_ELEMENT, xml, prefix, uri, flags));
  }

  /**
   * {@code virDomainInterfaceAddresses} of a running domain from {@code source} ({@link
   * #ADDRESSES_SRC_LEASE}, {@link #ADDRESSES_SRC_ARP}, {@link #ADDRESSES_SRC_AGENT}).
   */
  public static List<InterfaceAddresses> interfaceAddresses(
      Connect conn, String domain, int source) {
    List<InterfaceAddresses> out = new ArrayList<>();
    onDomain(
        conn,
        domain,
        "virDomainInterfaceAddresses",
        (a, d) -> {
          PointerByReference ref = new PointerByReference();
          int n = a.virDomainInterfaceAddresses(d, ref, source, 0);
          if (n < 0) {
            return n;
          }
          Pointer arr = ref.getValue();
          try {
            Pointer[] ifaces = n == 0 ? new Pointer[0] : arr.getPointerArray(0, n);
            for (Pointer i : ifaces) {
              try {
                // struct _virDomainInterface {char *name; char *hwaddr; unsigned int naddrs;
                // virDomainIPAddressPtr addrs;} and struct _virDomainIPAddress {int type; char
                // *addr; unsigned int prefix;}: pointers and ints at their natural alignment.
                String name = str(i.getPointer(0));
                String mac = str(i.getPointer(Native.POINTER_SIZE));
                int naddrs = i.getInt(2L * Native.POINTER_SIZE);
                Pointer addrs = i.getPointer(3L * Native.POINTER_SIZE);
                List<String> list = new ArrayList<>();
                long size = 3L * Native.POINTER_SIZE;
                for (int k = 0; k < naddrs && addrs != null; k++) {
                  long base = k * size;
                  String addr = str(addrs.getPointer(base + Native.POINTER_SIZE));
                  int prefix = addrs.getInt(base + 2L * Native.POINTER_SIZE);
                  if (addr != null) {
                    list.add(addr + "/" + prefix);
                  }
                }
                out.add(
                    new InterfaceAddresses(
                        name, mac == null ? null : mac.toLowerCase(java.util.Locale.ROOT), list));
              } finally {
                a.virDomainInterfaceFree(i);
              }
            }
          } finally {
            freeArray(arr);
          }
          return n;
        });
    return out;
  }

  private static String str(Pointer p) {
    return p == null ? null : p.getString(0, java.nio.charset.StandardCharsets.UTF_8.name());
  }

  /**
   * {@code virDomainDefineXML}: replaces a domain's persistent definition (rollback of config
   * changes).
   */
  public static void define(Connect conn, String xml) {
    DomainApi a = api();
    Pointer d = a.virDomainDefineXML(connPointer(conn), xml);
    if (d == null) {
      throw error(null, "virDomainDefineXML");
    }
    a.virDomainFree(d);
  }
}
