package io.vtopo.libvirt;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import java.util.Locale;
import org.libvirt.LibvirtException;

/**
 * Maps libvirt errors ({@code virErrorNumber} codes and their messages, as libvirt 9.0 words them)
 * to vtopo's error kinds and to a hint a user can act on, for libvirt-java exceptions and the JNA
 * bindings alike. The one mapping for networks, storage and whatever else talks to libvirt.
 */
public final class LibvirtErrors {
  /** {@code VIR_ERR_NO_SUPPORT}. */
  public static final int VIR_ERR_NO_SUPPORT = 3;

  /** {@code VIR_ERR_NO_CONNECT}. */
  public static final int VIR_ERR_NO_CONNECT = 5;

  /** {@code VIR_ERR_INVALID_CONN}. */
  public static final int VIR_ERR_INVALID_CONN = 6;

  /** {@code VIR_ERR_INVALID_ARG}. */
  public static final int VIR_ERR_INVALID_ARG = 8;

  /** {@code VIR_ERR_XML_ERROR}. */
  public static final int VIR_ERR_XML_ERROR = 27;

  /** {@code VIR_ERR_OPERATION_DENIED}. */
  public static final int VIR_ERR_OPERATION_DENIED = 29;

  /** {@code VIR_ERR_NETWORK_EXIST}. */
  public static final int VIR_ERR_NETWORK_EXIST = 37;

  /** {@code VIR_ERR_SYSTEM_ERROR}. */
  public static final int VIR_ERR_SYSTEM_ERROR = 38;

  /** {@code VIR_ERR_RPC}. */
  public static final int VIR_ERR_RPC = 39;

  /** {@code VIR_ERR_NO_NETWORK}. */
  public static final int VIR_ERR_NO_NETWORK = 43;

  /** {@code VIR_ERR_AUTH_FAILED}. */
  public static final int VIR_ERR_AUTH_FAILED = 45;

  /** {@code VIR_ERR_NO_STORAGE_POOL}. */
  public static final int VIR_ERR_NO_STORAGE_POOL = 49;

  /** {@code VIR_ERR_NO_STORAGE_VOL}. */
  public static final int VIR_ERR_NO_STORAGE_VOL = 50;

  /** {@code VIR_ERR_OPERATION_INVALID}. */
  public static final int VIR_ERR_OPERATION_INVALID = 55;

  /** {@code VIR_ERR_CONFIG_UNSUPPORTED}. */
  public static final int VIR_ERR_CONFIG_UNSUPPORTED = 67;

  /** {@code VIR_ERR_ARGUMENT_UNSUPPORTED}. */
  public static final int VIR_ERR_ARGUMENT_UNSUPPORTED = 74;

  /** {@code VIR_ERR_AUTH_CANCELLED}. */
  public static final int VIR_ERR_AUTH_CANCELLED = 79;

  /** {@code VIR_ERR_OPERATION_UNSUPPORTED}. */
  public static final int VIR_ERR_OPERATION_UNSUPPORTED = 84;

  /** {@code VIR_ERR_ACCESS_DENIED}. */
  public static final int VIR_ERR_ACCESS_DENIED = 88;

  /** {@code VIR_ERR_AUTH_UNAVAILABLE}. */
  public static final int VIR_ERR_AUTH_UNAVAILABLE = 94;

  private LibvirtErrors() {}

  /**
   * The kind for a libvirt error code and message; the message wins where libvirt's code is too
   * coarse.
   */
  public static Kind kind(int code, String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("permission denied")
        || m.contains("access denied")
        || m.contains("authentication")) {
      return Kind.PERMISSION_DENIED;
    }
    if (m.contains("unsupported flags")) {
      // Drivers report a flag they do not implement as VIR_ERR_INVALID_ARG; for callers it is a
      // missing feature.
      return Kind.UNSUPPORTED;
    }
    if (missingBackend(m) || unreachable(m)) {
      return Kind.UNAVAILABLE;
    }
    if (m.contains("device-mapper") || m.contains("lvcreate")) {
      return Kind.UNSUPPORTED;
    }
    if (code != VIR_ERR_NO_NETWORK
        && code != VIR_ERR_NO_STORAGE_POOL
        && code != VIR_ERR_NO_STORAGE_VOL
        && (m.contains("busy")
            || m.contains("already exists")
            || m.contains("already active")
            || m.contains("is still active")
            || m.contains("in use"))) {
      return Kind.CONFLICT;
    }
    return switch (code) {
      case VIR_ERR_NO_NETWORK, VIR_ERR_NO_STORAGE_POOL, VIR_ERR_NO_STORAGE_VOL -> Kind.NOT_FOUND;
      case VIR_ERR_NETWORK_EXIST, VIR_ERR_OPERATION_INVALID -> Kind.CONFLICT;
      case VIR_ERR_OPERATION_DENIED,
          VIR_ERR_AUTH_FAILED,
          VIR_ERR_AUTH_CANCELLED,
          VIR_ERR_ACCESS_DENIED,
          VIR_ERR_AUTH_UNAVAILABLE ->
          Kind.PERMISSION_DENIED;
      case VIR_ERR_NO_SUPPORT,
          VIR_ERR_CONFIG_UNSUPPORTED,
          VIR_ERR_ARGUMENT_UNSUPPORTED,
          VIR_ERR_OPERATION_UNSUPPORTED ->
          Kind.UNSUPPORTED;
      case VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_RPC -> Kind.UNAVAILABLE;
      case VIR_ERR_SYSTEM_ERROR ->
          m.contains("connect") || m.contains("no such file") ? Kind.UNAVAILABLE : Kind.FAILED;
      case VIR_ERR_XML_ERROR, VIR_ERR_INVALID_ARG -> Kind.INVALID_INPUT;
      default -> Kind.FAILED;
    };
  }

  /**
   * What the user can do about an error, as text to append to its message ("" when there is nothing
   * to add).
   */
  public static String hint(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (missingBackend(m)) {
      return " (the libvirt storage backend for this pool type is not installed: install"
          + " libvirt-daemon-driver-storage-<type> and restart libvirtd)";
    }
    if (unreachable(m)) {
      return " (the pool's source host is unreachable)";
    }
    if (m.contains("failed to login")
        || m.contains("target not found")
        || m.contains("iscsi_full_connect")) {
      return " (check the target IQN, the initiator IQN the target accepts, and CHAP)";
    }
    if (m.contains("device-mapper") || m.contains("lvcreate")) {
      return " (creating logical volumes needs device-mapper in the kernel)";
    }
    return "";
  }

  private static boolean missingBackend(String m) {
    return m.contains("missing backend for pool type")
        || m.contains("no storage pool backend")
        || m.contains("pool type") && m.contains("not supported");
  }

  // A storage source that cannot be reached; libvirtd's own socket ("libvirt-sock") is not a pool's
  // source host.
  private static boolean unreachable(String m) {
    return !m.contains("libvirt-sock")
        && (m.contains("connection refused")
            || m.contains("no route to host")
            || m.contains("network is unreachable")
            || m.contains("timed out")
            || m.contains("failed to connect")
            || m.contains("unable to connect")
            || m.contains("transport endpoint is not connected"));
  }

  /** The C error code of a libvirt-java exception, or -1. */
  public static int code(LibvirtException e) {
    // libvirt-java's ErrorNumber enum lists virErrorNumber in C order, so the ordinal is the C
    // value.
    return e.getError() == null || e.getError().getCode() == null
        ? -1
        : e.getError().getCode().ordinal();
  }

  /**
   * Wraps a libvirt-java exception, naming the object and the step that failed ({@code step:
   * message (hint)}).
   */
  public static VtopoException wrap(LibvirtException e, String object, String step) {
    String msg =
        e.getError() == null || e.getError().getMessage() == null
            ? e.getMessage()
            : e.getError().getMessage();
    return new VtopoException(kind(code(e), msg), object, step + ": " + msg + hint(msg), e);
  }

  /** An error from a JNA call: libvirt's last error, with its kind and hint. */
  public static VtopoException of(int code, String message, String object, String step) {
    return new VtopoException(kind(code, message), object, step + ": " + message + hint(message));
  }
}
