package io.vtopo.bench;

/**
 * Generates a large, valid topology file for benchmarks. At scale 1 it has 10,000 objects: 200
 * bridges, 9,000 TAPs, 500 VMs (two vNICs each: a TAP and a libvirt network), 50 NAT networks, 20
 * dir pools and 230 volumes (qcow2 bases with overlays). Scale N multiplies every count by N.
 * Addresses come from fd00::/8 so any scale stays valid.
 */
public final class SyntheticTopology {
  private SyntheticTopology() {}

  /** Number of objects (links, networks, pools, volumes, VMs) at a scale. */
  public static int objects(int scale) {
    return scale * (200 + 9000 + 500 + 50 + 20 + 230);
  }

  /** The YAML text at a scale. */
  public static String yaml(int scale) {
    int bridges = 200 * scale;
    int taps = 9000 * scale;
    int vms = 500 * scale;
    int networks = 50 * scale;
    int pools = 20 * scale;
    int volumesPerPool = 230 / 20;
    StringBuilder sb = new StringBuilder(taps * 80);
    sb.append("apiVersion: vtopo/v1\nname: bench\nlinks:\n");
    for (int b = 0; b < bridges; b++) {
      sb.append("  - name: br")
          .append(b)
          .append("\n    kind: bridge\n    stp: false\n    mtu: 1500\n")
          .append("    addresses: [\"fd01:")
          .append(Integer.toHexString(b))
          .append("::1/64\"]\n");
    }
    for (int t = 0; t < taps; t++) {
      sb.append("  - {name: tap")
          .append(t)
          .append(", kind: tap, master: br")
          .append(t % bridges)
          .append(", multi-queue: true, vnet-hdr: true}\n");
    }
    sb.append("networks:\n");
    for (int n = 0; n < networks; n++) {
      String hex = Integer.toHexString(n);
      sb.append("  - name: net")
          .append(n)
          .append("\n    mode: nat\n    bridge: vbr")
          .append(n)
          .append("\n    autostart: true\n    ips:\n      - address: \"fd02:")
          .append(hex)
          .append("::1/64\"\n")
          .append("        dhcp:\n          ranges: [{start: \"fd02:")
          .append(hex)
          .append("::100\", end: \"fd02:")
          .append(hex)
          .append("::1ff\"}]\n");
    }
    sb.append("pools:\n");
    for (int p = 0; p < pools; p++) {
      sb.append("  - name: pool")
          .append(p)
          .append("\n    type: dir\n    target: /srv/vtopo/pool")
          .append(p)
          .append("\n    capacity: 10T\n    volumes:\n");
      int count = p < 10 * scale ? volumesPerPool + 1 : volumesPerPool;
      sb.append("      - {name: base.qcow2, format: qcow2, capacity: 20G}\n");
      for (int v = 1; v < count; v++) {
        sb.append("      - {name: vm")
            .append(v)
            .append(".qcow2, format: qcow2, capacity: 20G, backing: base.qcow2}\n");
      }
    }
    sb.append("vms:\n");
    for (int v = 0; v < vms; v++) {
      sb.append("  - name: vm")
          .append(v)
          .append("\n    nics:\n      - {tap: tap")
          .append(v)
          .append(", mac: \"")
          .append(mac(v))
          .append("\"}\n      - {network: net")
          .append(v % networks)
          .append("}\n");
    }
    sb.append("expect:\n");
    for (int v = 1; v < Math.min(vms, 100); v++) {
      sb.append("  - {from: vm0, to: vm")
          .append(v)
          .append(", reachable: ")
          .append(v % 2 == 0)
          .append("}\n");
    }
    return sb.toString();
  }

  private static String mac(int v) {
    return String.format(
        "52:54:%02x:%02x:%02x:%02x", (v >> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  }
}
