package io.vtopo.libvirt;

import static io.vtopo.libvirt.NativeLibvirt.connPointer;
import static io.vtopo.libvirt.NativeLibvirt.freeArray;
import static io.vtopo.libvirt.NativeLibvirt.takeString;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.vtopo.core.VtopoException;
import io.vtopo.libvirt.NativeLibvirt.Api;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.libvirt.Connect;

/**
 * Storage calls libvirt-java 0.5.3 lacks, over {@link NativeLibvirt}: the {@code ListAll} calls
 * that read every pool and its volumes in one round trip each. Everything that mutates goes through
 * libvirt-java.
 */
public final class NativeStorage {
  // virConnectListAllStoragePoolsFlags
  static final int ACTIVE = 1 << 1;
  static final int AUTOSTART = 1 << 4;

  private NativeStorage() {}

  /**
   * One volume as listed: name and key come from the listing itself (no extra round trip), the XML
   * costs one call.
   *
   * @param name volume name
   * @param key volume key
   * @param xml volume XML, or null when not asked for
   */
  public record RawVolume(String name, String key, String xml) {}

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
  public record RawPool(
      String name,
      String uuid,
      boolean active,
      boolean autostart,
      String xml,
      List<RawVolume> volumes,
      String volumeError) {}

  /**
   * Reads every pool with its volumes. Cost in libvirt round trips: 3 pool listings (all, active,
   * autostart), then per pool one XML and (if active) one volume listing, then per volume one XML
   * when {@code volumeXml} is set.
   */
  public static List<RawPool> listAll(Connect conn, boolean volumeXml) {
    Api l = NativeLibvirt.api();
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
                freeArray(vref.getValue());
              }
            }
          }
        }
        out.add(
            new RawPool(
                name, uuid, active.contains(uuid), autostart.contains(uuid), xml, vols, volErr));
      }
    } finally {
      for (Pointer p : pools) {
        l.virStoragePoolFree(p);
      }
      if (n > 0) {
        freeArray(ref.getValue());
      }
    }
    return out;
  }

  private static Set<String> uuids(Api l, Pointer c, int flags) {
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
    freeArray(ref.getValue());
    return out;
  }

  private static String uuid(Api l, Pointer p) {
    byte[] buf = new byte[37];
    if (l.virStoragePoolGetUUIDString(p, buf) < 0) {
      throw error("reading a pool UUID", l);
    }
    return new String(buf, 0, 36, StandardCharsets.US_ASCII);
  }

  private static VtopoException error(String what, Api l) {
    return LibvirtErrors.of(l.virGetLastErrorCode(), l.virGetLastErrorMessage(), null, what);
  }
}
