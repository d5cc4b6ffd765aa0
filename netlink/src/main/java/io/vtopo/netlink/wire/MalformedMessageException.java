package io.vtopo.netlink.wire;

/**
 * The module's only decode error: a netlink message or attribute that is truncated, misaligned or
 * otherwise does not follow the wire format. Decoders never let {@code IndexOutOfBoundsException}
 * or similar escape.
 */
public final class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with a description of what was wrong and where. */
  public MalformedMessageException(String message) {
    super(message);
  }

  /** Creates the error wrapping a lower-level failure found while decoding. */
  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
