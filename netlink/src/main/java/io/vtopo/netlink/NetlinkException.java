package io.vtopo.netlink;

import io.vtopo.netlink.sys.Errno;

/**
 * A failed system call or a request the kernel refused: carries the errno (number and name), the
 * kernel's extended-ACK text when it sent one, and which request failed.
 *
 * <p>Example message: {@code ip link add br0.10 type vlan: EOPNOTSUPP (95): Unknown device type}.
 */
public class NetlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String extAck;
  private final String request;
  private final int requestIndex;

  /**
   * Creates the exception.
   *
   * @param errno positive errno, or 0 when the failure is not an errno (e.g. a protocol violation)
   * @param extAck the kernel's extended-ACK message, or null
   * @param request what was asked, in {@code ip} terms where possible
   * @param requestIndex position of the request in its batch, or -1
   */
  public NetlinkException(int errno, String extAck, String request, int requestIndex) {
    super(format(errno, extAck, request));
    this.errno = errno;
    this.extAck = extAck;
    this.request = request;
    this.requestIndex = requestIndex;
  }

  /** Creates an error that is not an errno, e.g. an unexpected reply. */
  public NetlinkException(String message) {
    super(message);
    this.errno = 0;
    this.extAck = null;
    this.request = null;
    this.requestIndex = -1;
  }

  private static String format(int errno, String extAck, String request) {
    StringBuilder sb = new StringBuilder();
    if (request != null) {
      sb.append(request).append(": ");
    }
    sb.append(Errno.name(errno)).append(" (").append(errno).append(")");
    if (extAck != null && !extAck.isEmpty()) {
      sb.append(": ").append(extAck);
    } else {
      sb.append(": ").append(Errno.describe(errno));
    }
    return sb.toString();
  }

  /** The positive errno, 0 if none. */
  public int errno() {
    return errno;
  }

  /** The errno's symbolic name, e.g. {@code EEXIST}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** The kernel's extended-ACK text, or null. */
  public String extAck() {
    return extAck;
  }

  /** The request that failed, or null. */
  public String request() {
    return request;
  }

  /** Index of the failed request in its batch, -1 if not from a batch. */
  public int requestIndex() {
    return requestIndex;
  }
}
