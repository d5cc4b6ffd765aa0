package io.vtopo.libvirt;

import static io.vtopo.libvirt.NativeLibvirt.connPointer;
import static io.vtopo.libvirt.NativeLibvirt.freeArray;
import static io.vtopo.libvirt.NativeLibvirt.lastError;
import static io.vtopo.libvirt.NativeLibvirt.takeString;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.MacAddress;
import io.vtopo.libvirt.NativeLibvirt.Api;
import io.vtopo.libvirt.NativeLibvirt.LifecycleCallback;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.libvirt.Connect;

/**
 * Network calls libvirt-java 0.5.3 lacks, over {@link NativeLibvirt}: {@code
 * virConnectListAllNetworks}, {@code virNetworkUpdate}, {@code virNetworkGetDHCPLeases} and network
 * lifecycle events.
 */
public final class NativeNetworks {
  /** {@code VIR_NETWORK_UPDATE_AFFECT_LIVE}. */
  public static final int UPDATE_LIVE = 1;

  /** {@code VIR_NETWORK_UPDATE_AFFECT_CONFIG}. */
  public static final int UPDATE_CONFIG = 2;

  /** {@code VIR_NETWORK_XML_INACTIVE}: the persistent definition instead of the running one. */
  public static final int XML_INACTIVE = 1;

  private NativeNetworks() {}

  /** {@code virNetworkDHCPLease}; field order and types are libvirt's ABI. */
  @Structure.FieldOrder({
    "iface",
    "expirytime",
    "type",
    "mac",
    "iaid",
    "ipaddr",
    "prefix",
    "hostname",
    "clientid"
  })
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
  public record NativeNetwork(
      String name,
      String xml,
      boolean active,
      boolean persistent,
      boolean autostart,
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

  /**
   * Every network (active, inactive, transient) with its live XML, in one {@code
   * virConnectListAllNetworks} call rather than libvirt-java's two racy name lists.
   */
  public static List<NativeNetwork> listAllNetworks(Connect conn) {
    Api a = NativeLibvirt.api();
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
      freeArray(arr);
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
    // Bridge-mode networks name no libvirt-created bridge: libvirt reports an error instead of
    // null.
    String bridge = active == 1 ? takeString(a.virNetworkGetBridgeName(net)) : null;
    return new NativeNetwork(name, xml, active == 1, persistent == 1, auto.getValue() == 1, bridge);
  }

  /** One network by name, or null if it does not exist. */
  public static NativeNetwork lookup(Connect conn, String name) {
    Api a = NativeLibvirt.api();
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

  /**
   * The persistent (inactive) XML of a network; the live XML where the driver has no separate one.
   */
  public static String inactiveXml(Connect conn, String name) {
    Api a = NativeLibvirt.api();
    Pointer net = lookupOrThrow(a, conn, name);
    try {
      String xml = takeString(a.virNetworkGetXMLDesc(net, XML_INACTIVE));
      if (xml == null) {
        VtopoException e = lastError("networks[" + name + "]", "virNetworkGetXMLDesc(INACTIVE)");
        if (e.kind() != Kind.UNSUPPORTED) {
          throw e;
        }
        // test:/// refuses the flag; its live and persistent definitions are one and the same
        // there.
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
   * {@code virNetworkUpdate}: changes one section of a network, live and/or in its persistent
   * definition.
   *
   * @param flags {@link #UPDATE_LIVE} and/or {@link #UPDATE_CONFIG}
   */
  public static void update(Connect conn, String network, NetUpdate u, int flags) {
    Api a = NativeLibvirt.api();
    Pointer net = lookupOrThrow(a, conn, network);
    try {
      if (a.virNetworkUpdate(
              net, u.command().value(), u.section().value(), u.parentIndex(), u.xml(), flags)
          < 0) {
        throw lastError("networks[" + network + "]", u.describe(network));
      }
    } finally {
      a.virNetworkFree(net);
    }
  }

  /** {@code virNetworkGetDHCPLeases}: the leases of a network's dnsmasq. */
  public static List<DhcpLease> dhcpLeases(Connect conn, String network) {
    Api a = NativeLibvirt.api();
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
          out.add(
              new DhcpLease(
                  s.iface,
                  Instant.ofEpochSecond(s.expirytime),
                  IpAddress.parse(s.ipaddr).orElse(null),
                  s.prefix,
                  s.mac == null ? null : MacAddress.parse(s.mac).orElse(null),
                  s.hostname,
                  s.clientid));
          a.virNetworkDHCPLeaseFree(p);
        }
      } finally {
        freeArray(arr);
      }
      return out;
    } finally {
      a.virNetworkFree(net);
    }
  }

  /**
   * Subscribes to lifecycle events of every network on {@code conn}. Events are delivered only
   * while a libvirt event loop runs ({@link LibvirtConnections#startEventLoop()} before the
   * connection was opened).
   *
   * @param listener receives the network name and the event, on the event loop thread
   * @return closing it unsubscribes
   */
  public static AutoCloseable onLifecycle(
      Connect conn, BiConsumer<String, LifecycleEvent> listener) {
    Api a = NativeLibvirt.api();
    Pointer c = connPointer(conn);
    LifecycleCallback cb =
        (cp, net, event, detail, opaque) -> {
          LifecycleEvent[] all = LifecycleEvent.values();
          listener.accept(
              a.virNetworkGetName(net),
              event >= 0 && event < all.length - 1 ? all[event] : LifecycleEvent.OTHER);
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
