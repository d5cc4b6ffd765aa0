package io.vtopo.storage;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.ptr.PointerByReference;
import io.vtopo.core.VtopoException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.libvirt.Connect;

/**
 * The few libvirt C calls libvirt-java 0.5.3 lacks, bound with JNA against the caller's connection: the
 * {@code ListAll} calls that read every pool and its volumes in one round trip each. This is the only JNA binding in
 * the storage module; everything that mutates goes through libvirt-java.
 */
final class LibvirtStorageNative {
  // virConnectListAllStoragePoolsFlags
  static final int ACTIVE = 1 << 1;
  static final int AUTOSTART = 1 << 4;

  interface Lib extends Library {
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

    String virGetLastErrorMessage();
  }

  private static volatile Lib lib;

  private LibvirtStorageNative() {}

  private static Lib lib() {
    if (lib == null) {
      synchronized (LibvirtStorageNative.class) {
        if (lib == null) {
          lib = Native.load("virt", Lib.class);
        }
      }
    }
    return lib;
  }

  /**
   * One volume as listed: name and key come from the listing itself (no extra round trip), the XML costs one call.
   *
   * @param name volume name
   * @param key volume key
   * @param xml volume XML, or null when not asked for
   */
  record RawVolume(String name, String key, String xml) {}

  /**
   * One pool as listed.
   *
   * @param name pool name
   * @param uuid pool UUID
   * @param active running
   * @param autostart starts with libvirtd
   * @param xml pool XML
   * @param volumes its volumes (empty for an inactive pool, which libvirt cannot list)
   * @param volumeError why listing the volumes failed, or null
   */
  record RawPool(String name, String uuid, boolean active, boolean autostart, String xml, List<RawVolume> volumes,
      String volumeError) {}

  /**
   * Reads every pool with its volumes. Cost in libvirt round trips: 3 pool listings (all, active, autostart), then per
   * pool one XML and (if active) one volume listing, then per volume one XML when {@code volumeXml} is set.
   */
  static List<RawPool> listAll(Connect conn, boolean volumeXml) {
    Lib l = lib();
    Pointer c = connPointer(conn);
    Set<String> active = uuids(l, c, ACTIVE);
    Set<String> autostart = uuids(l, c, AUTOSTART);
    List<RawPool> out = new ArrayList<>();
    PointerByReference ref = new PointerByReference();
    int n = l.virConnectListAllStoragePools(c, ref, 0);
    if (n < 0) {
      throw error("listing storage pools", l);
    }
    Pointer[] pools = n == 0 ? new Pointer[0] : ref.getValue().getPointerArray(0, n);
    try {
      for (Pointer p : pools) {
        String uuid = uuid(l, p);
        String name = l.virStoragePoolGetName(p);
        String xml = takeString(l.virStoragePoolGetXMLDesc(p, 0));
        if (xml == null) {
          // The pool vanished between the listing and now; another client removed it.
          continue;
        }
        List<RawVolume> vols = new ArrayList<>();
        String volErr = null;
        if (active.contains(uuid)) {
          PointerByReference vref = new PointerByReference();
          int m = l.virStoragePoolListAllVolumes(p, vref, 0);
          if (m < 0) {
            volErr = l.virGetLastErrorMessage();
          } else {
            Pointer[] vs = m == 0 ? new Pointer[0] : vref.getValue().getPointerArray(0, m);
            try {
              for (Pointer v : vs) {
                String vx = volumeXml ? takeString(l.virStorageVolGetXMLDesc(v, 0)) : null;
                if (volumeXml && vx == null) {
                  continue;
                }
                vols.add(new RawVolume(l.virStorageVolGetName(v), l.virStorageVolGetKey(v), vx));
              }
            } finally {
              for (Pointer v : vs) {
                l.virStorageVolFree(v);
              }
              if (m > 0) {
                Native.free(Pointer.nativeValue(vref.getValue()));
              }
            }
          }
        }
        out.add(new RawPool(name, uuid, active.contains(uuid), autostart.contains(uuid), xml, vols, volErr));
      }
    } finally {
      for (Pointer p : pools) {
        l.virStoragePoolFree(p);
      }
      if (n > 0) {
        Native.free(Pointer.nativeValue(ref.getValue()));
      }
    }
    return out;
  }

  private static Set<String> uuids(Lib l, Pointer c, int flags) {
    PointerByReference ref = new PointerByReference();
    int n = l.virConnectListAllStoragePools(c, ref, flags);
    if (n < 0) {
      throw error("listing storage pools", l);
    }
    Set<String> out = new HashSet<>();
    if (n == 0) {
      return out;
    }
    Pointer[] pools = ref.getValue().getPointerArray(0, n);
    for (Pointer p : pools) {
      out.add(uuid(l, p));
      l.virStoragePoolFree(p);
    }
    Native.free(Pointer.nativeValue(ref.getValue()));
    return out;
  }

  private static String uuid(Lib l, Pointer p) {
    byte[] buf = new byte[37];
    if (l.virStoragePoolGetUUIDString(p, buf) < 0) {
      throw error("reading a pool UUID", l);
    }
    return new String(buf, 0, 36, StandardCharsets.US_ASCII);
  }

  // libvirt hands over malloc'd strings that the caller frees.
  private static String takeString(Pointer p) {
    if (p == null) {
      return null;
    }
    try {
      return p.getString(0, StandardCharsets.UTF_8.name());
    } finally {
      Native.free(Pointer.nativeValue(p));
    }
  }

  private static VtopoException error(String what, Lib l) {
    String msg = l.virGetLastErrorMessage();
    return new VtopoException(VtopoException.Kind.FAILED, null, what + ": " + msg);
  }

  private static Pointer connPointer(Connect conn) {
    try {
      Field f = Connect.class.getDeclaredField("vcp");
      f.setAccessible(true);
      Object v = f.get(conn);
      if (v == null) {
        throw new VtopoException(VtopoException.Kind.UNAVAILABLE, "libvirt", "the connection is closed");
      }
      return ((PointerType) v).getPointer();
    } catch (NoSuchFieldException | IllegalAccessException e) {
      throw new IllegalStateException("libvirt-java changed: Connect.vcp not readable", e);
    }
  }
}
