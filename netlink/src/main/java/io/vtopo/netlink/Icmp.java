package io.vtopo.netlink;

import com.sun.jna.Memory;
import io.vtopo.netlink.sys.Errno;
import io.vtopo.netlink.sys.Syscalls;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ICMP echo ({@code ping -c N -W T ADDRESS}) over the kernel's ICMP datagram sockets ("ping
 * sockets"): the kernel sets the identifier, computes the checksum and hands each socket only its
 * own replies, so many pings run in parallel without a raw socket. The socket is opened inside a
 * namespace and stays bound to it.
 *
 * <p>A namespace allows ping sockets only to the groups in {@code net.ipv4.ping_group_range} (none
 * by default in a new namespace): {@link #allowPingSockets(Netns)} opens it for the namespaces
 * vtopo creates itself.
 */
public final class Icmp {
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int IPPROTO_ICMP = 1;
  private static final int IPPROTO_ICMPV6 = 58;
  private static final long RESEND_NS = 200_000_000L;
  private static final int POLL_MS = 50;

  private Icmp() {}

  /**
   * The outcome of one ping.
   *
   * @param replied whether an echo reply came back
   * @param micros time to the first reply, or to giving up
   * @param detail {@code reply}, {@code no reply within 1000 ms}, or the ICMP error the kernel
   *     reported ({@code EHOSTUNREACH: No route to host})
   */
  public record Result(boolean replied, long micros, String detail) {}

  /**
   * Lets every group open ping sockets in {@code ns}: {@code sysctl net.ipv4.ping_group_range="0
   * 2147483647"}.
   */
  public static void allowPingSockets(Netns ns) {
    ns.call(
        () -> {
          try {
            Files.writeString(Path.of("/proc/sys/net/ipv4/ping_group_range"), "0 2147483647\n");
          } catch (IOException e) {
            throw new NetlinkException(
                "cannot write net.ipv4.ping_group_range in " + ns + ": " + e.getMessage());
          }
          return null;
        });
  }

  /**
   * Sends an echo request to {@code target} from inside {@code ns} every 200 ms until a reply
   * arrives, the kernel reports an ICMP error, or {@code timeoutMs} passes.
   */
  public static Result ping(Netns ns, InetAddress target, int timeoutMs) {
    boolean v6 = target instanceof Inet6Address;
    int fd =
        ns.call(
            () ->
                Syscalls.socket(
                    v6 ? AF_INET6 : AF_INET,
                    SOCK_DGRAM | Syscalls.SOCK_CLOEXEC,
                    v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP));
    try {
      Memory tv = new Memory(16);
      tv.setLong(0, 0);
      tv.setLong(8, POLL_MS * 1000L);
      Syscalls.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVTIMEO, tv);
      Memory addr = sockaddr(target);
      Memory pkt = new Memory(16);
      Memory buf = new Memory(1500);
      long start = System.nanoTime();
      long deadline = start + timeoutMs * 1_000_000L;
      long nextSend = start;
      int seq = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= deadline) {
          return new Result(false, (now - start) / 1000, "no reply within " + timeoutMs + " ms");
        }
        if (now >= nextSend) {
          pkt.clear();
          pkt.setByte(0, (byte) (v6 ? 128 : 8));
          seq++;
          pkt.setByte(6, (byte) (seq >> 8));
          pkt.setByte(7, (byte) seq);
          pkt.setLong(8, now);
          long n = Syscalls.sendto(fd, pkt, pkt.size(), addr, (int) addr.size());
          if (n < 0) {
            return error((int) -n, start);
          }
          nextSend = now + RESEND_NS;
        }
        long n = Syscalls.recvfrom(fd, buf, buf.size(), 0, null, null);
        if (n >= 8 && (buf.getByte(0) & 0xff) == (v6 ? 129 : 0)) {
          return new Result(true, (System.nanoTime() - start) / 1000, "reply");
        }
        if (n < 0 && n != -Errno.EAGAIN && n != -Errno.EINTR) {
          return error((int) -n, start);
        }
      }
    } finally {
      Syscalls.close(fd);
    }
  }

  private static Result error(int errno, long start) {
    return new Result(
        false,
        (System.nanoTime() - start) / 1000,
        "ICMP error: " + Errno.name(errno) + ": " + Errno.describe(errno));
  }

  private static Memory sockaddr(InetAddress a) {
    byte[] b = a.getAddress();
    Memory m = new Memory(b.length == 16 ? 28 : 16);
    m.clear();
    if (b.length == 16) {
      m.setShort(0, (short) AF_INET6);
      m.write(8, b, 0, 16);
      if (a instanceof Inet6Address i6 && i6.getScopeId() != 0) {
        m.setInt(24, i6.getScopeId());
      }
    } else {
      m.setShort(0, (short) AF_INET);
      m.write(4, b, 0, 4);
    }
    return m;
  }
}
