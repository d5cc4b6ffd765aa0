package io.vtopo.netlink.sys;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.wire.Nl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One NETLINK_ROUTE socket bound with port id 0 (the kernel picks a unique one, avoiding EADDRINUSE
 * when several sockets live in one process), with extended ACKs, strict checking and capped ACKs
 * enabled when the kernel has them, a 1 MiB receive buffer, and receives sized by peeking. Not
 * thread-safe; the socket stays in the namespace it was opened in.
 */
public final class NetlinkSocket implements Transport {
  /**
   * Minimum receive buffer: the kernel sizes dump datagrams by what the reader offered, up to 32
   * KiB.
   */
  public static final int MIN_RECV = 32 * 1024;

  private static final int SOCKADDR_NL_LEN = 12;

  private final int fd;
  private final int portId;
  private final Memory kernelAddr = new Memory(SOCKADDR_NL_LEN);
  private final Memory fromAddr = new Memory(SOCKADDR_NL_LEN);
  private final IntByReference fromLen = new IntByReference();
  private final Memory msghdr = new Memory(56);
  private final Memory iov = new Memory(16);
  private Memory sendBuf = new Memory(64 * 1024);
  private Memory recvBuf = new Memory(MIN_RECV);

  /**
   * A native-order view of all of {@link #recvBuf}, made once per buffer: JNA registers every view
   * it hands out with a weak-reference holder, which cost more per receive than the receive.
   */
  private ByteBuffer recvView = view(recvBuf);

  private volatile boolean closed;

  private NetlinkSocket(int fd, int portId) {
    this.fd = fd;
    this.portId = portId;
    kernelAddr.clear();
    kernelAddr.setShort(0, (short) Syscalls.AF_NETLINK);
  }

  /**
   * Opens a socket in the calling thread's network namespace.
   *
   * @param groups multicast group bitmask (bit g-1 for group g), 0 for a request socket
   * @param receiveBuffer requested SO_RCVBUF in bytes
   */
  public static NetlinkSocket open(int groups, int receiveBuffer) {
    int fd =
        Syscalls.socket(
            Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, Nl.NETLINK_ROUTE);
    try {
      // FORCE works for root and ignores rmem_max; unprivileged callers get the capped plain
      // option.
      if (Syscalls.setsockoptInt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUFFORCE, receiveBuffer)
          != 0) {
        Syscalls.setsockoptInt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, receiveBuffer);
      }
      if (Syscalls.setsockoptInt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_SNDBUFFORCE, 1 << 20) != 0) {
        Syscalls.setsockoptInt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_SNDBUF, 1 << 20);
      }
      // Optional features: old kernels answer ENOPROTOOPT and we carry on without them.
      Syscalls.setsockoptInt(fd, Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1);
      Syscalls.setsockoptInt(fd, Nl.SOL_NETLINK, Nl.NETLINK_GET_STRICT_CHK, 1);
      Syscalls.setsockoptInt(fd, Nl.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1);
      Memory addr = new Memory(SOCKADDR_NL_LEN);
      addr.clear();
      addr.setShort(0, (short) Syscalls.AF_NETLINK);
      addr.setInt(4, 0);
      addr.setInt(8, groups);
      Syscalls.bind(fd, addr, SOCKADDR_NL_LEN);
      Syscalls.getsockname(fd, addr, SOCKADDR_NL_LEN);
      return new NetlinkSocket(fd, addr.getInt(4));
    } catch (RuntimeException e) {
      Syscalls.close(fd);
      throw e;
    }
  }

  /** Joins a multicast group beyond the 32 of the bind mask. */
  public void joinGroup(int group) {
    int err = Syscalls.setsockoptInt(fd, Nl.SOL_NETLINK, Nl.NETLINK_ADD_MEMBERSHIP, group);
    if (err != 0) {
      throw new NetlinkException(err, null, "join netlink group " + group, -1);
    }
  }

  /** Sets SO_RCVTIMEO so a blocked receive returns EAGAIN after {@code millis}. */
  @Override
  public void setReceiveTimeout(int millis) {
    Memory tv = new Memory(16);
    tv.setLong(0, millis / 1000);
    tv.setLong(8, (millis % 1000) * 1000L);
    Syscalls.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVTIMEO, tv);
  }

  /** The port id the kernel assigned. */
  @Override
  public int portId() {
    return portId;
  }

  /** Sends {@code data} (position to limit) to the kernel in one sendmsg. */
  @Override
  public void send(ByteBuffer data) {
    int len = data.remaining();
    if (sendBuf.size() < len) {
      sendBuf = new Memory(Math.max(len, sendBuf.size() * 2));
    }
    if (data.hasArray()) {
      sendBuf.write(0, data.array(), data.arrayOffset() + data.position(), len);
    } else {
      byte[] tmp = new byte[len];
      data.duplicate().get(tmp);
      sendBuf.write(0, tmp, 0, len);
    }
    iov.setPointer(0, sendBuf);
    iov.setLong(8, len);
    msghdr.clear();
    msghdr.setPointer(0, kernelAddr);
    msghdr.setInt(8, SOCKADDR_NL_LEN);
    msghdr.setPointer(16, iov);
    msghdr.setLong(24, 1);
    long sent = Syscalls.sendmsg(fd, msghdr);
    if (sent != len) {
      throw new NetlinkException("sendmsg sent " + sent + " of " + len + " bytes");
    }
  }

  /**
   * Receives one datagram. Returns a native-order view valid until the next call, or null when a
   * receive timeout expired.
   *
   * @throws NetlinkException with errno ENOBUFS when the kernel dropped messages for this socket
   */
  @Override
  public ByteBuffer receive() {
    while (true) {
      long n =
          Syscalls.recvfrom(
              fd, recvBuf, recvBuf.size(), Syscalls.MSG_PEEK | Syscalls.MSG_TRUNC, null, null);
      if (n == -Errno.EINTR) {
        continue;
      }
      if (n == -Errno.EAGAIN) {
        return null;
      }
      if (n < 0) {
        throw new NetlinkException((int) -n, null, "recvmsg", -1);
      }
      if (n > recvBuf.size()) {
        recvBuf = new Memory(Math.max(n, recvBuf.size() * 2));
        recvView = view(recvBuf);
      }
      fromLen.setValue(SOCKADDR_NL_LEN);
      n = Syscalls.recvfrom(fd, recvBuf, recvBuf.size(), 0, fromAddr, fromLen);
      if (n == -Errno.EINTR || n == -Errno.EAGAIN) {
        continue;
      }
      if (n < 0) {
        throw new NetlinkException((int) -n, null, "recvmsg", -1);
      }
      if (fromAddr.getInt(4) != 0) {
        // Only the kernel (port 0) may talk to us; drop spoofed unicast from other processes.
        continue;
      }
      recvView.clear().limit((int) n);
      return recvView;
    }
  }

  private static ByteBuffer view(Memory m) {
    return m.getByteBuffer(0, m.size()).order(ByteOrder.nativeOrder());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Syscalls.close(fd);
    }
  }
}
