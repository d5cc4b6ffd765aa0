package io.vtopo.netlink.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.vtopo.netlink.NetlinkException;

/**
 * Every native call of the module, in one place. JNA interface mapping (not direct mapping) because
 * {@code ioctl} is varargs; errno comes back through {@link LastErrorException} and leaves as
 * {@link NetlinkException}.
 *
 * <p>Assumes an LP64 Linux ABI (x86_64, aarch64): {@code size_t} and {@code ssize_t} are Java
 * {@code long}.
 */
public final class Syscalls {
  /** The libc functions used. Public only because JNA needs to proxy it. */
  public interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, Pointer addr, int len) throws LastErrorException;

    int getsockname(int fd, Pointer addr, IntByReference len) throws LastErrorException;

    int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

    long sendmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    long recvfrom(int fd, Pointer buf, long len, int flags, Pointer addr, IntByReference addrLen)
        throws LastErrorException;

    long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrLen)
        throws LastErrorException;

    int ioctl(int fd, NativeLong request, Object... args) throws LastErrorException;

    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int mount(String source, String target, String fstype, NativeLong flags, Pointer data)
        throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
  }

  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_SNDBUFFORCE = 32;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int MSG_PEEK = 0x2;
  public static final int MSG_TRUNC = 0x20;
  public static final int O_RDONLY = 0;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0x40;
  public static final int O_CLOEXEC = 0x80000;
  public static final int CLONE_NEWNET = 0x40000000;
  public static final long MS_BIND = 4096;
  public static final int MNT_DETACH = 2;

  private static final LibC C = Native.load("c", LibC.class);

  private Syscalls() {}

  private static NetlinkException fail(LastErrorException e, String what) {
    return new NetlinkException(e.getErrorCode(), null, what, -1);
  }

  /** socket(2). */
  public static int socket(int domain, int type, int protocol) {
    try {
      return C.socket(domain, type, protocol);
    } catch (LastErrorException e) {
      throw fail(e, "socket(" + domain + ", " + type + ", " + protocol + ")");
    }
  }

  /** bind(2). */
  public static void bind(int fd, Pointer addr, int len) {
    try {
      C.bind(fd, addr, len);
    } catch (LastErrorException e) {
      throw fail(e, "bind");
    }
  }

  /** getsockname(2) into {@code addr}. */
  public static void getsockname(int fd, Pointer addr, int len) {
    try {
      C.getsockname(fd, addr, new IntByReference(len));
    } catch (LastErrorException e) {
      throw fail(e, "getsockname");
    }
  }

  /**
   * setsockopt(2) with an int value; returns the errno instead of throwing, for optional options.
   */
  public static int setsockoptInt(int fd, int level, int name, int value) {
    Memory m = new Memory(4);
    m.setInt(0, value);
    try {
      C.setsockopt(fd, level, name, m, 4);
      return 0;
    } catch (LastErrorException e) {
      return e.getErrorCode();
    }
  }

  /** setsockopt(2) with raw bytes. */
  public static void setsockopt(int fd, int level, int name, Memory value) {
    try {
      C.setsockopt(fd, level, name, value, (int) value.size());
    } catch (LastErrorException e) {
      throw fail(e, "setsockopt(" + level + ", " + name + ")");
    }
  }

  /** sendmsg(2); returns bytes sent. */
  public static long sendmsg(int fd, Pointer msghdr) {
    try {
      return C.sendmsg(fd, msghdr, 0);
    } catch (LastErrorException e) {
      throw fail(e, "sendmsg");
    }
  }

  /**
   * sendto(2); returns bytes sent, or -errno (an ICMP error queued on the socket comes back here).
   */
  public static long sendto(int fd, Pointer buf, long len, Pointer addr, int addrLen) {
    try {
      return C.sendto(fd, buf, len, 0, addr, addrLen);
    } catch (LastErrorException e) {
      return -e.getErrorCode();
    }
  }

  /** recvfrom(2); returns bytes (with MSG_TRUNC: the datagram's full size), or -errno. */
  public static long recvfrom(
      int fd, Pointer buf, long len, int flags, Pointer addr, IntByReference addrLen) {
    try {
      return C.recvfrom(fd, buf, len, flags, addr, addrLen);
    } catch (LastErrorException e) {
      return -e.getErrorCode();
    }
  }

  /** ioctl(2) with a pointer or integer argument. */
  public static int ioctl(int fd, long request, Object arg, String what) {
    try {
      return C.ioctl(fd, new NativeLong(request), arg);
    } catch (LastErrorException e) {
      throw fail(e, what);
    }
  }

  /** open(2). */
  public static int open(String path, int flags) {
    try {
      return C.open(path, flags | O_CLOEXEC, 0644);
    } catch (LastErrorException e) {
      throw fail(e, "open " + path);
    }
  }

  /** close(2), ignoring errors: there is nothing useful to do about them. */
  public static void close(int fd) {
    try {
      C.close(fd);
    } catch (LastErrorException e) {
      // ignored on purpose
    }
  }

  /** setns(2) for the calling thread. */
  public static void setns(int fd, int nstype, String what) {
    try {
      C.setns(fd, nstype);
    } catch (LastErrorException e) {
      throw fail(e, what);
    }
  }

  /** unshare(2) for the calling thread. */
  public static void unshare(int flags) {
    try {
      C.unshare(flags);
    } catch (LastErrorException e) {
      throw fail(e, "unshare(" + Integer.toHexString(flags) + ")");
    }
  }

  /** A bind mount, as {@code ip netns add} uses to give a namespace a name. */
  public static void bindMount(String source, String target) {
    try {
      C.mount(source, target, "none", new NativeLong(MS_BIND), null);
    } catch (LastErrorException e) {
      throw fail(e, "mount --bind " + source + " " + target);
    }
  }

  /** umount2(2) with MNT_DETACH. */
  public static void detach(String target) {
    try {
      C.umount2(target, MNT_DETACH);
    } catch (LastErrorException e) {
      throw fail(e, "umount " + target);
    }
  }
}
