package io.vtopo.libvirt;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.libvirt.Connect;

/**
 * The one JNA binding of {@code libvirt.so.0}: the C functions libvirt-java 0.5.3 does not wrap
 * (the {@code ListAll} calls, {@code virNetworkUpdate}, {@code virNetworkGetDHCPLeases}, network
 * events), called against the connection a libvirt-java {@link Connect} already holds. {@link
 * NativeNetworks} and {@link NativeStorage} are the operations over it.
 *
 * <p>libvirt-java loads the same library, so both share one process-wide library state (error
 * callback, event loop).
 */
public final class NativeLibvirt {
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
      // libvirt-java 0.5.3 has no accessor for the native virConnectPtr; its protected field is the
      // only way to reuse
      // the caller's connection (opening a second one would see another test:/// instance and
      // double the sockets).
      VCP = Connect.class.getDeclaredField("vcp");
      VCP.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private NativeLibvirt() {}

  /** The C functions, as libvirt declares them. */
  @SuppressWarnings({"checkstyle:MethodName", "unused"})
  interface Api extends Library {
    int virConnectListAllNetworks(Pointer conn, PointerByReference nets, int flags);

    Pointer virNetworkLookupByName(Pointer conn, String name);

    int virNetworkFree(Pointer net);

    String virNetworkGetName(Pointer net);

    Pointer virNetworkGetXMLDesc(Pointer net, int flags);

    Pointer virNetworkGetBridgeName(Pointer net);

    int virNetworkIsActive(Pointer net);

    int virNetworkIsPersistent(Pointer net);

    int virNetworkGetAutostart(Pointer net, IntByReference autostart);

    int virNetworkUpdate(
        Pointer net, int command, int section, int parentIndex, String xml, int flags);

    int virNetworkGetDHCPLeases(Pointer net, String mac, PointerByReference leases, int flags);

    void virNetworkDHCPLeaseFree(Pointer lease);

    int virConnectNetworkEventRegisterAny(
        Pointer conn,
        Pointer net,
        int eventId,
        LifecycleCallback cb,
        Pointer opaque,
        Pointer freeCb);

    int virConnectNetworkEventDeregisterAny(Pointer conn, int callbackId);

    int virConnectListAllStoragePools(Pointer conn, PointerByReference pools, int flags);

    int virStoragePoolListAllVolumes(Pointer pool, PointerByReference vols, int flags);

    String virStoragePoolGetName(Pointer pool);

    int virStoragePoolGetUUIDString(Pointer pool, byte[] buf);

    Pointer virStoragePoolGetXMLDesc(Pointer pool, int flags);

    int virStoragePoolFree(Pointer pool);

    String virStorageVolGetName(Pointer vol);

    String virStorageVolGetKey(Pointer vol);

    Pointer virStorageVolGetXMLDesc(Pointer vol, int flags);

    int virStorageVolFree(Pointer vol);

    int virGetLastErrorCode();

    String virGetLastErrorMessage();
  }

  /** {@code virConnectNetworkEventLifecycleCallback}. */
  interface LifecycleCallback extends Callback {
    void invoke(Pointer conn, Pointer net, int event, int detail, Pointer opaque);
  }

  /** True if libvirt.so could be loaded. */
  public static boolean isAvailable() {
    return API != null;
  }

  static Api api() {
    if (API == null) {
      throw new VtopoException(
          Kind.UNAVAILABLE,
          null,
          "libvirt.so.0 cannot be loaded: " + LOAD_ERROR.getMessage(),
          LOAD_ERROR);
    }
    return API;
  }

  /** The native {@code virConnectPtr} behind a libvirt-java connection. */
  static Pointer connPointer(Connect conn) {
    try {
      PointerType p = (PointerType) VCP.get(conn);
      if (p == null || p.getPointer() == null) {
        throw new VtopoException(Kind.UNAVAILABLE, null, "the libvirt connection is closed");
      }
      return p.getPointer();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** libvirt's last error on this thread, as an exception naming the object and the call. */
  static VtopoException lastError(String object, String what) {
    Api a = api();
    return LibvirtErrors.of(a.virGetLastErrorCode(), a.virGetLastErrorMessage(), object, what);
  }

  /** A string libvirt allocated for the caller, read as UTF-8 and freed. */
  static String takeString(Pointer p) {
    if (p == null) {
      return null;
    }
    try {
      return p.getString(0, StandardCharsets.UTF_8.name());
    } finally {
      Native.free(Pointer.nativeValue(p));
    }
  }

  /** Frees an array libvirt allocated for the caller. */
  static void freeArray(Pointer arr) {
    if (arr != null) {
      Native.free(Pointer.nativeValue(arr));
    }
  }
}
