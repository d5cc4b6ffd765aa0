package io.vtopo.netlink.sys;

import java.util.Map;

/** Linux errno names and short descriptions for error messages. */
public final class Errno {
  private Errno() {}

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ERANGE = 34;
  public static final int ENOPROTOOPT = 92;
  public static final int EOPNOTSUPP = 95;
  public static final int EADDRNOTAVAIL = 99;
  public static final int ENOBUFS = 105;

  private static final Map<Integer, String[]> TABLE =
      Map.ofEntries(
          e(1, "EPERM", "Operation not permitted"),
          e(2, "ENOENT", "No such file or directory"),
          e(3, "ESRCH", "No such process"),
          e(4, "EINTR", "Interrupted system call"),
          e(5, "EIO", "I/O error"),
          e(6, "ENXIO", "No such device or address"),
          e(7, "E2BIG", "Argument list too long"),
          e(9, "EBADF", "Bad file descriptor"),
          e(11, "EAGAIN", "Resource temporarily unavailable"),
          e(12, "ENOMEM", "Cannot allocate memory"),
          e(13, "EACCES", "Permission denied"),
          e(14, "EFAULT", "Bad address"),
          e(16, "EBUSY", "Device or resource busy"),
          e(17, "EEXIST", "File exists"),
          e(18, "EXDEV", "Invalid cross-device link"),
          e(19, "ENODEV", "No such device"),
          e(20, "ENOTDIR", "Not a directory"),
          e(21, "EISDIR", "Is a directory"),
          e(22, "EINVAL", "Invalid argument"),
          e(23, "ENFILE", "Too many open files in system"),
          e(24, "EMFILE", "Too many open files"),
          e(25, "ENOTTY", "Inappropriate ioctl for device"),
          e(28, "ENOSPC", "No space left on device"),
          e(30, "EROFS", "Read-only file system"),
          e(31, "EMLINK", "Too many links"),
          e(32, "EPIPE", "Broken pipe"),
          e(34, "ERANGE", "Numerical result out of range"),
          e(36, "ENAMETOOLONG", "File name too long"),
          e(38, "ENOSYS", "Function not implemented"),
          e(39, "ENOTEMPTY", "Directory not empty"),
          e(40, "ELOOP", "Too many levels of symbolic links"),
          e(42, "ENOMSG", "No message of desired type"),
          e(61, "ENODATA", "No data available"),
          e(71, "EPROTO", "Protocol error"),
          e(74, "EBADMSG", "Bad message"),
          e(75, "EOVERFLOW", "Value too large for defined data type"),
          e(88, "ENOTSOCK", "Socket operation on non-socket"),
          e(90, "EMSGSIZE", "Message too long"),
          e(92, "ENOPROTOOPT", "Protocol not available"),
          e(93, "EPROTONOSUPPORT", "Protocol not supported"),
          e(95, "EOPNOTSUPP", "Operation not supported"),
          e(97, "EAFNOSUPPORT", "Address family not supported by protocol"),
          e(98, "EADDRINUSE", "Address already in use"),
          e(99, "EADDRNOTAVAIL", "Cannot assign requested address"),
          e(100, "ENETDOWN", "Network is down"),
          e(101, "ENETUNREACH", "Network is unreachable"),
          e(105, "ENOBUFS", "No buffer space available"),
          e(110, "ETIMEDOUT", "Connection timed out"),
          e(111, "ECONNREFUSED", "Connection refused"),
          e(113, "EHOSTUNREACH", "No route to host"),
          e(114, "EALREADY", "Operation already in progress"),
          e(115, "EINPROGRESS", "Operation now in progress"));

  private static Map.Entry<Integer, String[]> e(int n, String name, String text) {
    return Map.entry(n, new String[] {name, text});
  }

  /** The symbolic name, or {@code errno N} if unknown. */
  public static String name(int errno) {
    String[] v = TABLE.get(errno);
    return v != null ? v[0] : "errno " + errno;
  }

  /** The strerror text, or empty if unknown. */
  public static String describe(int errno) {
    String[] v = TABLE.get(errno);
    return v != null ? v[1] : "";
  }
}
