package io.vtopo.domain;

import java.util.List;

/**
 * Writes node files for libvirt's {@code test:///PATH} driver: a network, a dir pool with volumes,
 * and domains with vNICs and disks. Used by tests and by {@code vtopo bench domains}; the driver's
 * state lives and dies with the connection.
 */
public final class TestNode {
  private TestNode() {}

  /**
   * A node with {@code domains} domains, each with {@code nics} vNICs (alternating network {@code
   * net0} and bridge {@code br0}) and {@code disks} disks (volumes of pool {@code images}); domains
   * whose index is odd are shut off.
   */
  public static String node(int domains, int nics, int disks) {
    StringBuilder sb = new StringBuilder("<node>\n");
    sb.append("<network><name>net0</name><bridge name='virbr9'/><forward mode='nat'/>")
        .append("<ip address='198.18.9.1' netmask='255.255.255.0'/></network>\n");
    sb.append("<network><name>net1</name><bridge name='virbr10'/>")
        .append("<ip address='198.18.10.1' netmask='255.255.255.0'/></network>\n");
    sb.append(
        "<pool type='dir'><name>images</name><target><path>/var/lib/vtopo-test-images</path></target>\n");
    for (int i = 0; i < domains; i++) {
      for (int k = 0; k < disks; k++) {
        sb.append("<volume><name>d")
            .append(i)
            .append('-')
            .append(k)
            .append(".qcow2</name><capacity>1048576</capacity>")
            .append("<target><format type='qcow2'/></target></volume>\n");
      }
    }
    sb.append("</pool>\n");
    for (int i = 0; i < domains; i++) {
      sb.append(domain("vm" + i, i, nics, disks, List.of()));
    }
    return sb.append("</node>\n").toString();
  }

  /** One test-driver domain; {@code extra} device elements are added verbatim. */
  public static String domain(String name, int index, int nics, int disks, List<String> extra) {
    StringBuilder sb =
        new StringBuilder("<domain type='test'><name>")
            .append(name)
            .append("</name>")
            .append("<memory>65536</memory><os><type>hvm</type></os><devices>");
    for (int n = 0; n < nics; n++) {
      String mac = String.format("52:54:00:%02x:%02x:%02x", (index >> 8) & 0xff, index & 0xff, n);
      if (n % 2 == 0) {
        sb.append("<interface type='network'><mac address='")
            .append(mac)
            .append("'/><source network='net0'/><model type='virtio'/></interface>");
      } else {
        sb.append("<interface type='bridge'><mac address='")
            .append(mac)
            .append("'/><source bridge='br0'/><model type='e1000'/><link state='up'/></interface>");
      }
    }
    for (int k = 0; k < disks; k++) {
      sb.append(
              "<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='images' volume='d")
          .append(index)
          .append('-')
          .append(k)
          .append(".qcow2'/><target dev='vd")
          .append((char) ('a' + k))
          .append("' bus='virtio'/></disk>");
    }
    extra.forEach(sb::append);
    return sb.append("</devices></domain>\n").toString();
  }
}
