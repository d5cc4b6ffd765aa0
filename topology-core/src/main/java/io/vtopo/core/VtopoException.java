package io.vtopo.core;

/**
 * The one exception type vtopo's modules throw for expected failures. The {@link Kind} drives the
 * CLI's exit code and whether a retry can help; the message names the object, the field and both
 * values where they are known.
 */
public class VtopoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarsely. */
  public enum Kind {
    /** The input (file, flag) is invalid. */
    INVALID_INPUT,
    /** A daemon or kernel facility is not reachable or not installed. */
    UNAVAILABLE,
    /** Access was denied (not root, polkit, file permissions). */
    PERMISSION_DENIED,
    /** The kernel or libvirt does not support the requested feature. */
    UNSUPPORTED,
    /** The object does not exist. */
    NOT_FOUND,
    /** The object exists and belongs to someone else; vtopo will not touch it. */
    NOT_OWNED,
    /** The step would destroy data and the user did not allow it. */
    DESTRUCTIVE_REFUSED,
    /** The live state conflicts with the request (busy, exists, in use). */
    CONFLICT,
    /** A step failed for another reason reported by the kernel or libvirt. */
    FAILED,
    /** After applying, the live state still differs from the desired state. */
    VERIFY_FAILED
  }

  private final Kind kind;
  private final String object;

  /**
   * Creates an exception.
   *
   * @param kind what went wrong
   * @param object the object path it concerns (e.g. {@code links[br0]}), or null
   * @param message what happened, with values
   * @param cause the underlying error, or null
   */
  public VtopoException(Kind kind, String object, String message, Throwable cause) {
    super(object == null ? message : object + ": " + message, cause);
    this.kind = kind;
    this.object = object;
  }

  /** Creates an exception without a cause. */
  public VtopoException(Kind kind, String object, String message) {
    this(kind, object, message, null);
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The object path, or null. */
  public String object() {
    return object;
  }

  /** True if retrying the same request may succeed (the live state was in flux). */
  public boolean canRetry() {
    return kind == Kind.CONFLICT || kind == Kind.VERIFY_FAILED;
  }
}
