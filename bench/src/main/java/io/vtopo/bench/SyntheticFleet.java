package io.vtopo.bench;

import java.util.Locale;

/**
 * A synthetic fleet file for {@code vtopo-bench fleet}: {@code hosts} hosts on one underlay subnet,
 * {@code vmsPerHost} VMs on each, spread over segments of 400 VMs (multicast, every host on every
 * segment), unique addresses and MACs, and one intent per host (a VM to a VM on the next host, and
 * one to another segment).
 */
public final class SyntheticFleet {
  private SyntheticFleet() {}

  /** The YAML text. */
  public static String yaml(int hosts, int vmsPerHost) {
    if (hosts < 2 || hosts > 250 || vmsPerHost < 1 || vmsPerHost > 250) {
      throw new IllegalArgumentException("hosts 2..250 and VMs per host 1..250");
    }
    int total = hosts * vmsPerHost;
    int segments = Math.max(1, (total + 399) / 400);
    StringBuilder sb = new StringBuilder(total * 120);
    sb.append(
        "apiVersion: vtopo-fleet/v1\nname: bench\nunderlay: {mtu: 9000, gateway: 203.0.113.254}\nhosts:\n");
    for (int h = 1; h <= hosts; h++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  - {name: kvm%03d, underlay: {dev: eno1, address: 203.0.113.%d/24}}%n",
              h,
              h));
    }
    sb.append("segments:\n");
    for (int s = 0; s < segments; s++) {
      int base = s * 1024;
      sb.append(
          String.format(
              Locale.ROOT,
              "  - {name: s%d, vni: %d, group: 239.1.%d.%d, subnet: 198.%d.%d.0/22}%n",
              s,
              10_000 + s,
              s / 250,
              s % 250 + 1,
              18 + base / 65536,
              base / 256 % 256));
    }
    sb.append("vms:\n");
    int[] used = new int[segments];
    for (int h = 1; h <= hosts; h++) {
      for (int v = 0; v < vmsPerHost; v++) {
        int n = (h - 1) * vmsPerHost + v;
        int s = n % segments;
        int i = used[s]++;
        int addr = s * 1024 + 1 + i;
        sb.append(
            String.format(
                Locale.ROOT,
                "  - {name: vm%d-%d, host: kvm%03d, nics: [{name: eth0, segment: s%d,"
                    + " tap: t%d, mac: \"52:54:%02x:%02x:%02x:%02x\", ip: 198.%d.%d.%d/22}]}%n",
                h,
                v,
                h,
                s,
                v,
                n >> 24 & 255,
                n >> 16 & 255,
                n >> 8 & 255,
                n & 255,
                18 + addr / 65536,
                addr / 256 % 256,
                addr % 256));
      }
    }
    sb.append("expect:\n");
    for (int h = 1; h <= hosts; h++) {
      int next = h % hosts + 1;
      for (int v : new int[] {0, 1 % vmsPerHost}) {
        int a = (h - 1) * vmsPerHost;
        int b = (next - 1) * vmsPerHost + v;
        sb.append(
            String.format(
                Locale.ROOT,
                "  - {from: vm%d-0, to: vm%d-%d, reachable: %b}%n",
                h,
                next,
                v,
                a % segments == b % segments));
      }
    }
    return sb.toString();
  }
}
