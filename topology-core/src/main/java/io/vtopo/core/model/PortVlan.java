package io.vtopo.core.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * VLAN membership of a bridge port ({@code bridge vlan add dev PORT vid V [pvid] [untagged]}):
 * which VLANs the port carries and how. Each member VLAN is tagged on egress unless listed in
 * {@code untagged}; the PVID is a member too, untagged on egress unless it is also listed in {@code
 * vids} (tagged).
 *
 * @param pvid the port VLAN id untagged ingress frames join, or null when not set
 * @param vids VLANs the port carries tagged (sorted, unique)
 * @param untagged further VLANs the port carries that leave it untagged (sorted, unique)
 */
public record PortVlan(Integer pvid, List<Integer> vids, List<Integer> untagged) {
  /** Per-VLAN flag: the PVID. */
  public static final int PVID = 1;

  /** Per-VLAN flag: egress untagged. */
  public static final int UNTAGGED = 2;

  /** Sorts and copies the lists. */
  public PortVlan {
    vids = List.copyOf(new TreeSet<>(vids));
    untagged = List.copyOf(new TreeSet<>(untagged));
  }

  /** Membership without further untagged VLANs. */
  public PortVlan(Integer pvid, List<Integer> vids) {
    this(pvid, vids, List.of());
  }

  /**
   * An access port: untagged in one VLAN ({@code bridge vlan add dev PORT vid V pvid untagged}).
   */
  public static PortVlan access(int vid) {
    return new PortVlan(vid, List.of(), List.of());
  }

  /**
   * What the port carries, VLAN by VLAN, with {@link #PVID} and {@link #UNTAGGED} flags: the form
   * the kernel keeps and reports, so two memberships written differently compare equal when they
   * mean the same.
   */
  public Map<Integer, Integer> flags() {
    Map<Integer, Integer> out = new TreeMap<>();
    for (int v : vids) {
      out.put(v, 0);
    }
    for (int v : untagged) {
      out.put(v, UNTAGGED);
    }
    if (pvid != null) {
      out.put(pvid, PVID | (vids.contains(pvid) ? 0 : UNTAGGED));
    }
    return out;
  }

  /** Every VLAN the port is a member of. */
  public List<Integer> members() {
    return List.copyOf(flags().keySet());
  }

  /**
   * The membership that {@link #flags} describes (the reverse of {@link #flags}, for VLANs read
   * from a kernel).
   */
  public static PortVlan ofFlags(Map<Integer, Integer> flags) {
    Integer pvid = null;
    List<Integer> tagged = new java.util.ArrayList<>();
    List<Integer> untagged = new java.util.ArrayList<>();
    for (var e : flags.entrySet()) {
      boolean isPvid = (e.getValue() & PVID) != 0;
      boolean isUntagged = (e.getValue() & UNTAGGED) != 0;
      if (isPvid) {
        pvid = e.getKey();
        if (!isUntagged) {
          tagged.add(e.getKey());
        }
      } else if (isUntagged) {
        untagged.add(e.getKey());
      } else {
        tagged.add(e.getKey());
      }
    }
    return new PortVlan(pvid, tagged, untagged);
  }

  /** Same membership, however written. */
  public boolean sameAs(PortVlan o) {
    return o != null && flags().equals(o.flags());
  }
}
