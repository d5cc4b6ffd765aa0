package io.vtopo.netlink;

import com.sun.jna.Memory;
import io.vtopo.netlink.sys.Syscalls;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Creates tun/tap devices with the {@code /dev/net/tun} ioctls; rtnetlink cannot create them. The device is created
 * in the namespace of the thread that opens {@code /dev/net/tun}, hence {@link Netns#call}.
 */
final class TunTap {
  private static final long TUNSETIFF = 0x400454caL;
  private static final long TUNSETPERSIST = 0x400454cbL;
  private static final long TUNSETOWNER = 0x400454ccL;
  private static final long TUNSETGROUP = 0x400454ceL;
  private static final int IFF_TUN = 0x1;
  private static final int IFF_TAP = 0x2;
  private static final int IFF_MULTI_QUEUE = 0x100;
  private static final int IFF_NO_PI = 0x1000;
  private static final int IFF_VNET_HDR = 0x4000;
  private static final int IFNAMSIZ = 16;

  private TunTap() {}

  /** Creates every device on the calling thread, in its namespace. */
  static void createAll(List<TapSpec> specs) {
    Memory ifr = new Memory(40);
    for (TapSpec s : specs) {
      byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
      if (name.length >= IFNAMSIZ || name.length == 0) {
        throw new IllegalArgumentException("bad interface name: " + s.name());
      }
      String what = "ip tuntap add dev " + s.name() + " mode " + (s.tap() ? "tap" : "tun");
      int fd = Syscalls.open("/dev/net/tun", Syscalls.O_RDWR);
      try {
        ifr.clear();
        ifr.write(0, name, 0, name.length);
        int flags = (s.tap() ? IFF_TAP : IFF_TUN) | IFF_NO_PI;
        if (s.multiQueue()) {
          flags |= IFF_MULTI_QUEUE;
        }
        if (s.vnetHdr()) {
          flags |= IFF_VNET_HDR;
        }
        ifr.setShort(IFNAMSIZ, (short) flags);
        Syscalls.ioctl(fd, TUNSETIFF, ifr, what + " (TUNSETIFF)");
        // Integer arguments go as long: the kernel reads an unsigned long and int varargs leave the top half undefined.
        if (s.owner() != null) {
          Syscalls.ioctl(fd, TUNSETOWNER, (long) s.owner(), what + " (TUNSETOWNER)");
        }
        if (s.group() != null) {
          Syscalls.ioctl(fd, TUNSETGROUP, (long) s.group(), what + " (TUNSETGROUP)");
        }
        if (s.persist()) {
          Syscalls.ioctl(fd, TUNSETPERSIST, 1L, what + " (TUNSETPERSIST)");
        }
      } finally {
        Syscalls.close(fd);
      }
    }
  }
}
