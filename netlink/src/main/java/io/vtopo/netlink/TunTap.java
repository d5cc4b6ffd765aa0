package io.vtopo.netlink;

import com.sun.jna.Memory;
import io.vtopo.netlink.sys.Syscalls;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Creates tun/tap devices with the {@code /dev/net/tun} ioctls; rtnetlink cannot create them. The
 * device is created in the namespace of the thread that opens {@code /dev/net/tun}, hence {@link
 * Netns#call}.
 */
final class TunTap {
  private static final long TUNSETIFF = 0x400454caL;
  private static final long TUNSETPERSIST = 0x400454cbL;
  private static final long TUNSETOWNER = 0x400454ccL;
  private static final long TUNSETGROUP = 0x400454ceL;
  private static final long TUNSETCARRIER = 0x400454e2L;
  private static final int IFF_TUN = 0x1;
  private static final int IFF_TAP = 0x2;
  private static final int IFF_MULTI_QUEUE = 0x100;
  private static final int IFF_NO_PI = 0x1000;
  private static final int IFF_VNET_HDR = 0x4000;
  private static final int IFNAMSIZ = 16;

  /** Fails TUNSETIFF with EBUSY when a device of that name exists, instead of attaching to it. */
  private static final int IFF_TUN_EXCL = 0x8000;

  private TunTap() {}

  /** Creates every device on the calling thread, in its namespace. */
  static void createAll(List<TapSpec> specs) {
    try (Opened o = openAll(specs)) {
      for (TapSpec s : specs) {
        if (s.persist()) {
          o.persist(s.name());
        }
      }
    }
  }

  /**
   * Devices created but not yet persistent: each lives only as long as this process holds its
   * descriptor. A caller marks them as vtopo's (netlink alias and group) and only then makes them
   * persistent, so a kill at any point leaves either no device (the kernel deletes a non-persistent
   * TAP with its last descriptor) or a marked one: there is no moment at which an unmarked TAP of
   * vtopo's outlives the process.
   */
  static final class Opened implements RtNetlink.PendingTaps {
    private final java.util.Map<String, Integer> fds = new java.util.LinkedHashMap<>();

    /** {@code TUNSETPERSIST 1} on the named device opened here, then closes its descriptor. */
    @Override
    public void persist(String name) {
      Integer fd = fds.get(name);
      if (fd == null) {
        throw new IllegalArgumentException("not opened here: " + name);
      }
      Syscalls.ioctl(fd, TUNSETPERSIST, 1L, "ip tuntap add dev " + name + " (TUNSETPERSIST)");
      fds.remove(name);
      Syscalls.close(fd);
    }

    /** Names opened, in order. */
    List<String> names() {
      return List.copyOf(fds.keySet());
    }

    @Override
    public void close() {
      for (int fd : fds.values()) {
        Syscalls.close(fd);
      }
      fds.clear();
    }
  }

  /**
   * Creates every device, not persistent yet, on the calling thread (in its namespace). {@code
   * IFF_TUN_EXCL} makes the creation fail when any device of that name exists (another tool made it
   * since the plan), instead of attaching to and reconfiguring that device. On a failure the
   * devices opened so far are closed (and so vanish).
   */
  static Opened openAll(List<TapSpec> specs) {
    Opened o = new Opened();
    Memory ifr = new Memory(40);
    try {
      for (TapSpec s : specs) {
        byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
        if (name.length >= IFNAMSIZ || name.length == 0) {
          throw new IllegalArgumentException("bad interface name: " + s.name());
        }
        String what = "ip tuntap add dev " + s.name() + " mode " + (s.tap() ? "tap" : "tun");
        int fd = Syscalls.open("/dev/net/tun", Syscalls.O_RDWR);
        boolean kept = false;
        try {
          ifr.clear();
          ifr.write(0, name, 0, name.length);
          int flags = (s.tap() ? IFF_TAP : IFF_TUN) | IFF_NO_PI | IFF_TUN_EXCL;
          if (s.multiQueue()) {
            flags |= IFF_MULTI_QUEUE;
          }
          if (s.vnetHdr()) {
            flags |= IFF_VNET_HDR;
          }
          ifr.setShort(IFNAMSIZ, (short) flags);
          Syscalls.ioctl(fd, TUNSETIFF, ifr, what + " (TUNSETIFF)");
          // While vtopo holds the descriptor the device would have carrier, so bringing it up and
          // enslaving it would
          // start the port and address machinery (IPv6 DAD, bridge port states) that a persistent
          // TAP without a reader
          // never runs. Carrier off keeps it like the TAP `ip tuntap add` leaves; the next
          // TUNSETIFF (QEMU's) turns it
          // on again.
          try {
            Syscalls.ioctl(
                fd,
                TUNSETCARRIER,
                new com.sun.jna.ptr.IntByReference(0),
                what + " (TUNSETCARRIER)");
          } catch (RuntimeException e) {
            // Kernels before 4.19 lack it: only slower, not wrong.
          }
          // Integer arguments go as long: the kernel reads an unsigned long and int varargs leave
          // the top half
          // undefined.
          if (s.owner() != null) {
            Syscalls.ioctl(fd, TUNSETOWNER, (long) s.owner(), what + " (TUNSETOWNER)");
          }
          if (s.group() != null) {
            Syscalls.ioctl(fd, TUNSETGROUP, (long) s.group(), what + " (TUNSETGROUP)");
          }
          o.fds.put(s.name(), fd);
          kept = true;
        } finally {
          if (!kept) {
            Syscalls.close(fd);
          }
        }
      }
      return o;
    } catch (RuntimeException e) {
      o.close();
      throw e;
    }
  }
}
