package io.vtopo.netlink.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One VLAN, or a range of VLANs with the same flags, on a bridge port ({@code bridge vlan add dev
 * PORT vid V[-E] [pvid] [untagged]}).
 *
 * @param vid first VLAN id (1..4094)
 * @param vidEnd last VLAN id of the range, equal to {@code vid} for a single VLAN
 * @param pvid BRIDGE_VLAN_INFO_PVID: untagged ingress frames join this VLAN (a single VLAN only)
 * @param untagged BRIDGE_VLAN_INFO_UNTAGGED: frames of this VLAN leave the port without a tag
 */
public record BridgeVlan(int vid, int vidEnd, boolean pvid, boolean untagged) {
  /** Checks the ids. */
  public BridgeVlan {
    if (vid < 1 || vidEnd > 4094 || vid > vidEnd) {
      throw new IllegalArgumentException("VLAN range " + vid + "-" + vidEnd + " outside 1..4094");
    }
    if (pvid && vid != vidEnd) {
      throw new IllegalArgumentException("a PVID is one VLAN, not the range " + vid + "-" + vidEnd);
    }
  }

  /** One VLAN. */
  public static BridgeVlan of(int vid, boolean pvid, boolean untagged) {
    return new BridgeVlan(vid, vid, pvid, untagged);
  }

  /** The flags of each VLAN id: bit 0 pvid, bit 1 untagged (what a port carries, id by id). */
  public static Map<Integer, Integer> expand(List<BridgeVlan> vlans) {
    Map<Integer, Integer> out = new TreeMap<>();
    for (BridgeVlan v : vlans) {
      for (int id = v.vid(); id <= v.vidEnd(); id++) {
        out.put(id, (v.pvid() ? 1 : 0) | (v.untagged() ? 2 : 0));
      }
    }
    return out;
  }

  /**
   * The shortest list of ranges for per-id flags as {@link #expand} gives them (consecutive ids,
   * same flags).
   */
  public static List<BridgeVlan> compress(Map<Integer, Integer> flags) {
    List<BridgeVlan> out = new ArrayList<>();
    int start = -1;
    int prev = -1;
    int prevFlags = -1;
    for (Map.Entry<Integer, Integer> e : new TreeMap<>(flags).entrySet()) {
      int id = e.getKey();
      int f = e.getValue();
      boolean extend = start >= 0 && id == prev + 1 && f == prevFlags && (f & 1) == 0;
      if (!extend) {
        if (start >= 0) {
          out.add(new BridgeVlan(start, prev, (prevFlags & 1) != 0, (prevFlags & 2) != 0));
        }
        start = id;
      }
      prev = id;
      prevFlags = f;
    }
    if (start >= 0) {
      out.add(new BridgeVlan(start, prev, (prevFlags & 1) != 0, (prevFlags & 2) != 0));
    }
    return out;
  }
}
