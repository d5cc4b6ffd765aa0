package io.vtopo.virtnet;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.MacAddress;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.libvirt.Connect;

/**
 * The libvirt C functions that libvirt-java 0.5.3 does not wrap, bound with JNA against the connection a
 * {@link Connect} already holds: {@code virConnectListAllNetworks}, {@code virNetworkUpdate},
 * {@code virNetworkGetDHCPLeases} and network lifecycle events.
 *
 * <p>This is the only class that touches libvirt's C API directly. libvirt-java loads the same {@code libvirt.so.0}, so
 * both share one process-wide library state (error callback, event loop).
 */
public final class NativeLibvirt {
  /** {@code VIR_NETWORK_UPDATE_AFFECT_LIVE}. */
  public static final int UPDATE_LIVE = 1;
  /** {@code VIR_NETWORK_UPDATE_AFFECT_CONFIG}. */
  public static final int UPDATE_CONFIG = 2;
  /** {@code VIR_NETWORK_XML_INACTIVE}: the persistent definition instead of the running one. */
  public static final int XML_INACTIVE = 1;

  private static final Api API;
  private static final Throwable LOAD_ERROR;
  private static final Field VCP;

  static {
    Api api = null;
    Throwable err = null;
    try {
      api = Native.load("virt", Api.class);
    } catch (LinkageError e) {
      err = e;
    }
    API = api;
    LOAD_ERROR = err;
    try {
      // libvirt-java 0.5.3 has no accessor for the native virConnectPtr; its protected field is the only way to reuse
      // the caller's connection (opening a second one would see another test:/// instance and double the sockets).
      VCP = Connect.class.getDeclaredField("vcp");
      VCP.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private NativeLibvirt() {}

  @SuppressWarnings({"checkstyle:MethodName", "unused"})
  private interface Api extends Library {
    int virConnectListAllNetworks(Pointer conn, PointerByReference nets, int flags);

    Pointer virNetworkLookupByName(Pointer conn, String name);

    int virNetworkFree(Pointer net);

    String virNetworkGetName(Pointer net);

    Pointer virNetworkGetXMLDesc(Pointer net, int flags);

    Pointer virNetworkGetBridgeName(Pointer net);

    int virNetworkIsActive(Pointer net);

    int virNetworkIsPersistent(Pointer net);

    int virNetworkGetAutostart(Pointer net, IntByReference autostart);

    int virNetworkUpdate(Pointer net, int command, int section, int parentIndex, String xml, int flags);

    int virNetworkGetDHCPLeases(Pointer net, String mac, PointerByReference leases, int flags);

    void virNetworkDHCPLeaseFree(Pointer lease);

    int virConnectNetworkEventRegisterAny(Pointer conn, Pointer net, int eventId, LifecycleCallback cb, Pointer opaque,
        Pointer freeCb);

    int virConnectNetworkEventDeregisterAny(Pointer conn, int callbackId);

    int virGetLastErrorCode();

    String virGetLastErrorMessage();
  }

  /** {@code virConnectNetworkEventLifecycleCallback}. */
  private interface LifecycleCallback extends Callback {
    void invoke(Pointer conn, Pointer net, int event, int detail, Pointer opaque);
  }

  /** {@code virNetworkDHCPLease}; field order and types are libvirt's ABI. */
  @Structure.FieldOrder({"iface", "expirytime", "type", "mac", "iaid", "ipaddr", "prefix", "hostname", "clientid"})
  public static final class LeaseStruct extends Structure {
    /** Bridge name. */
    public String iface;
    /** Seconds since the epoch. */
    public long expirytime;
    /** 0 IPv4, 1 IPv6. */
    public int type;
    /** Client MAC. */
    public String mac;
    /** IPv6 IAID. */
    public String iaid;
    /** Leased address. */
    public String ipaddr;
    /** Prefix length. */
    public int prefix;
    /** Client host name. */
    public String hostname;
    /** Client id or DUID. */
    public String clientid;

    /** Reads the struct at {@code p}. */
    public LeaseStruct(Pointer p) {
      super(p);
      read();
    }
  }

  /** A network as libvirt lists it. */
  public record NativeNetwork(String name, String xml, boolean active, boolean persistent, boolean autostart,
      String bridgeName) {}

  /** Network lifecycle events ({@code virNetworkEventLifecycleType}). */
  public enum LifecycleEvent {
    /** Defined or redefined. */
    DEFINED,
    /** Undefined. */
    UNDEFINED,
    /** Started. */
    STARTED,
    /** Stopped. */
    STOPPED,
    /** An event this binding does not know. */
    OTHER
  }

  /** True if libvirt.so could be loaded. */
  public static boolean isAvailable() {
    return API != null;
  }

  private static Api api() {
    if (API == null) {
      throw new VtopoException(Kind.UNAVAILABLE, null, "libvirt.so.0 cannot be loaded: " + LOAD_ERROR.getMessage(),
          LOAD_ERROR);
    }
    return API;
  }

  /** The native {@code virConnectPtr} behind a libvirt-java connection. */
  static Pointer connPointer(Connect conn) {
    try {
      PointerType p = (PointerType) VCP.get(conn);
      if (p == null || p.getPointer() == null) {
        throw new VtopoException(Kind.FAILED, null, "the libvirt connection is closed");
      }
      return p.getPointer();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static VtopoException lastError(String object, String what) {
    Api a = api();
    int code = a.virGetLastErrorCode();
    String msg = a.virGetLastErrorMessage();
    return new VtopoException(LibvirtErrors.kind(code, msg), object, what + ": " + msg);
  }

  private static String takeString(Pointer p) {
    if (p == null) {
      return null;
    }
    try {
      return p.getString(0);
    } finally {
      Native.free(Pointer.nativeValue(p));
    }
  }

  /**
   * Every network (active, inactive, transient) with its live XML, in one {@code virConnectListAllNetworks} call rather
   * than libvirt-java's two racy name lists.
   */
  public static List<NativeNetwork> listAllNetworks(Connect conn) {
    Api a = api();
    PointerByReference ref = new PointerByReference();
    int n = a.virConnectListAllNetworks(connPointer(conn), ref, 0);
    if (n < 0) {
      throw lastError(null, "virConnectListAllNetworks");
    }
    Pointer arr = ref.getValue();
    List<NativeNetwork> out = new ArrayList<>(n);
    try {
      Pointer[] nets = n == 0 ? new Pointer[0] : arr.getPointerArray(0, n);
      VtopoException err = null;
      for (Pointer net : nets) {
        try {
          if (err == null) {
            out.add(describe(a, net));
          }
        } catch (VtopoException e) {
          // A network undefined between the list and the read is gone; anything else is an error.
          if (e.kind() != Kind.NOT_FOUND) {
            err = e;
          }
        } finally {
          a.virNetworkFree(net);
        }
      }
      if (err != null) {
        throw err;
      }
    } finally {
      if (arr != null) {
        Native.free(Pointer.nativeValue(arr));
      }
    }
    return out;
  }

  private static NativeNetwork describe(Api a, Pointer net) {
    String name = a.virNetworkGetName(net);
    String obj = "networks[" + name + "]";
    String xml = takeString(a.virNetworkGetXMLDesc(net, 0));
    if (xml == null) {
      throw lastError(obj, "virNetworkGetXMLDesc");
    }
    int active = a.virNetworkIsActive(net);
    int persistent = a.virNetworkIsPersistent(net);
    IntByReference auto = new IntByReference();
    if (active < 0 || persistent < 0 || a.virNetworkGetAutostart(net, auto) < 0) {
      throw lastError(obj, "reading network state");
    }
    // Bridge-mode networks name no libvirt-created bridge: libvirt reports an error instead of null.
    String bridge = active == 1 ? takeString(a.virNetworkGetBridgeName(net)) : null;
    return new NativeNetwork(name, xml, active == 1, persistent == 1, auto.getValue() == 1, bridge);
  }

  /** One network by name, or null if it does not exist. */
  public static NativeNetwork lookup(Connect conn, String name) {
    Api a = api();
    Pointer net = a.virNetworkLookupByName(connPointer(conn), name);
    if (net == null) {
      if (a.virGetLastErrorCode() == LibvirtErrors.VIR_ERR_NO_NETWORK) {
        return null;
      }
      throw lastError("networks[" + name + "]", "virNetworkLookupByName");
    }
    try {
      return describe(a, net);
    } finally {
      a.virNetworkFree(net);
    }
  }

  /** The persistent (inactive) XML of a network; the live XML where the driver has no separate one. */
  public static String inactiveXml(Connect conn, String name) {
    Api a = api();
    Pointer net = lookupOrThrow(a, conn, name);
    try {
      String xml = takeString(a.virNetworkGetXMLDesc(net, XML_INACTIVE));
      if (xml == null) {
        VtopoException e = lastError("networks[" + name + "]", "virNetworkGetXMLDesc(INACTIVE)");
        if (e.kind() != Kind.UNSUPPORTED) {
          throw e;
        }
        // test:/// refuses the flag; its live and persistent definitions are one and the same there.
        xml = takeString(a.virNetworkGetXMLDesc(net, 0));
        if (xml == null) {
          throw lastError("networks[" + name + "]", "virNetworkGetXMLDesc");
        }
      }
      return xml;
    } finally {
      a.virNetworkFree(net);
    }
  }

  private static Pointer lookupOrThrow(Api a, Connect conn, String name) {
    Pointer net = a.virNetworkLookupByName(connPointer(conn), name);
    if (net == null) {
      throw lastError("networks[" + name + "]", "virNetworkLookupByName");
    }
    return net;
  }

  /**
   * {@code virNetworkUpdate}: changes one section of a network, live and/or in its persistent definition.
   *
   * @param flags {@link #UPDATE_LIVE} and/or {@link #UPDATE_CONFIG}
   */
  public static void update(Connect conn, String network, NetUpdate u, int flags) {
    Api a = api();
    Pointer net = lookupOrThrow(a, conn, network);
    try {
      if (a.virNetworkUpdate(net, u.command().value(), u.section().value(), u.parentIndex(), u.xml(), flags) < 0) {
        throw lastError("networks[" + network + "]", u.describe(network));
      }
    } finally {
      a.virNetworkFree(net);
    }
  }

  /** {@code virNetworkGetDHCPLeases}: the leases of a network's dnsmasq. */
  public static List<DhcpLease> dhcpLeases(Connect conn, String network) {
    Api a = api();
    Pointer net = lookupOrThrow(a, conn, network);
    try {
      PointerByReference ref = new PointerByReference();
      int n = a.virNetworkGetDHCPLeases(net, null, ref, 0);
      if (n < 0) {
        throw lastError("networks[" + network + "]", "virNetworkGetDHCPLeases");
      }
      Pointer arr = ref.getValue();
      List<DhcpLease> out = new ArrayList<>(n);
      try {
        for (Pointer p : n == 0 ? new Pointer[0] : arr.getPointerArray(0, n)) {
          LeaseStruct s = new LeaseStruct(p);
          out.add(new DhcpLease(s.iface, Instant.ofEpochSecond(s.expirytime), IpAddress.parse(s.ipaddr).orElse(null),
              s.prefix, s.mac == null ? null : MacAddress.parse(s.mac).orElse(null), s.hostname, s.clientid));
          a.virNetworkDHCPLeaseFree(p);
        }
      } finally {
        if (arr != null) {
          Native.free(Pointer.nativeValue(arr));
        }
      }
      return out;
    } finally {
      a.virNetworkFree(net);
    }
  }

  /**
   * Subscribes to lifecycle events of every network on {@code conn}. Events are delivered only while a libvirt event
   * loop runs ({@link LibvirtConnections#startEventLoop()} before the connection was opened).
   *
   * @param listener receives the network name and the event, on the event loop thread
   * @return closing it unsubscribes
   */
  public static AutoCloseable onLifecycle(Connect conn, BiConsumer<String, LifecycleEvent> listener) {
    Api a = api();
    Pointer c = connPointer(conn);
    LifecycleCallback cb = (cp, net, event, detail, opaque) -> {
      LifecycleEvent[] all = LifecycleEvent.values();
      listener.accept(a.virNetworkGetName(net), event >= 0 && event < all.length - 1 ? all[event] : LifecycleEvent.OTHER);
    };
    int id = a.virConnectNetworkEventRegisterAny(c, null, 0, cb, null, null);
    if (id < 0) {
      throw lastError(null, "virConnectNetworkEventRegisterAny");
    }
    return new AutoCloseable() {
      // Holding the callback keeps JNA's native trampoline alive until deregistration.
      private LifecycleCallback held = cb;

      @Override
      public void close() {
        if (held != null) {
          a.virConnectNetworkEventDeregisterAny(c, id);
          held = null;
        }
      }
    };
  }
}
