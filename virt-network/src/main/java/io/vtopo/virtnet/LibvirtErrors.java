package io.vtopo.virtnet;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import org.libvirt.LibvirtException;

/** Maps libvirt's {@code virErrorNumber} codes to vtopo's error kinds, for libvirt-java and the JNA bindings alike. */
final class LibvirtErrors {
  static final int VIR_ERR_NO_SUPPORT = 3;
  static final int VIR_ERR_NO_CONNECT = 5;
  static final int VIR_ERR_INVALID_CONN = 6;
  static final int VIR_ERR_OPERATION_DENIED = 29;
  static final int VIR_ERR_NETWORK_EXIST = 37;
  static final int VIR_ERR_SYSTEM_ERROR = 38;
  static final int VIR_ERR_RPC = 39;
  static final int VIR_ERR_NO_NETWORK = 43;
  static final int VIR_ERR_AUTH_FAILED = 45;
  static final int VIR_ERR_OPERATION_INVALID = 55;
  static final int VIR_ERR_CONFIG_UNSUPPORTED = 67;
  static final int VIR_ERR_ARGUMENT_UNSUPPORTED = 74;
  static final int VIR_ERR_AUTH_CANCELLED = 79;
  static final int VIR_ERR_OPERATION_UNSUPPORTED = 84;
  static final int VIR_ERR_ACCESS_DENIED = 88;
  static final int VIR_ERR_AUTH_UNAVAILABLE = 94;

  private LibvirtErrors() {}

  /** The kind for a libvirt error code and message. */
  static Kind kind(int code, String message) {
    String m = message == null ? "" : message;
    if (m.contains("Permission denied") || m.contains("authentication")) {
      return Kind.PERMISSION_DENIED;
    }
    if (m.contains("unsupported flags")) {
      // Drivers report a flag they do not implement as VIR_ERR_INVALID_ARG; for callers it is a missing feature.
      return Kind.UNSUPPORTED;
    }
    return switch (code) {
      case VIR_ERR_NO_NETWORK -> Kind.NOT_FOUND;
      case VIR_ERR_NETWORK_EXIST, VIR_ERR_OPERATION_INVALID -> Kind.CONFLICT;
      case VIR_ERR_OPERATION_DENIED, VIR_ERR_AUTH_FAILED, VIR_ERR_AUTH_CANCELLED, VIR_ERR_ACCESS_DENIED,
          VIR_ERR_AUTH_UNAVAILABLE -> Kind.PERMISSION_DENIED;
      case VIR_ERR_NO_SUPPORT, VIR_ERR_CONFIG_UNSUPPORTED, VIR_ERR_ARGUMENT_UNSUPPORTED,
          VIR_ERR_OPERATION_UNSUPPORTED -> Kind.UNSUPPORTED;
      case VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_RPC -> Kind.UNAVAILABLE;
      case VIR_ERR_SYSTEM_ERROR -> m.contains("connect") || m.contains("No such file") ? Kind.UNAVAILABLE : Kind.FAILED;
      default -> Kind.FAILED;
    };
  }

  /** Wraps a libvirt-java exception, naming the object and the step that failed. */
  static VtopoException wrap(LibvirtException e, String object, String step) {
    int code = e.getError() == null || e.getError().getCode() == null ? -1 : e.getError().getCode().ordinal();
    String msg = e.getError() == null ? e.getMessage() : e.getError().getMessage();
    return new VtopoException(kind(code, msg), object, step + ": " + msg, e);
  }
}
