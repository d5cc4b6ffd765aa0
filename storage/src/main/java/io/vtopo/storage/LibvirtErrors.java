package io.vtopo.storage;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import java.util.Locale;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/** Turns libvirt errors into {@link VtopoException}s whose kind and message say what to do about them. */
final class LibvirtErrors {
  private LibvirtErrors() {}

  static VtopoException map(String object, String action, LibvirtException e) {
    Error err = e.getError();
    String msg = err == null || err.getMessage() == null ? e.getMessage() : err.getMessage();
    String lower = msg == null ? "" : msg.toLowerCase(Locale.ROOT);
    Error.ErrorNumber code = err == null ? null : err.getCode();
    Kind kind = Kind.FAILED;
    String hint = "";
    if (lower.contains("missing backend for pool type") || lower.contains("no storage pool backend")
        || lower.contains("pool type") && lower.contains("not supported")) {
      kind = Kind.UNAVAILABLE;
      hint = " (the libvirt storage backend for this pool type is not installed: install"
          + " libvirt-daemon-driver-storage-<type> and restart libvirtd)";
    } else if (code == Error.ErrorNumber.VIR_ERR_NO_STORAGE_POOL || code == Error.ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
      kind = Kind.NOT_FOUND;
    } else if (code == Error.ErrorNumber.VIR_ERR_OPERATION_DENIED || code == Error.ErrorNumber.VIR_ERR_AUTH_FAILED
        || lower.contains("permission denied") || lower.contains("access denied")
        || lower.contains("authentication failed")) {
      kind = Kind.PERMISSION_DENIED;
    } else if (lower.contains("connection refused") || lower.contains("no route to host")
        || lower.contains("network is unreachable") || lower.contains("timed out")
        || lower.contains("failed to connect") || lower.contains("unable to connect")
        || lower.contains("transport endpoint is not connected")) {
      kind = Kind.UNAVAILABLE;
      hint = " (the pool's source host is unreachable)";
    } else if (lower.contains("failed to login") || lower.contains("target not found")
        || lower.contains("iscsi_full_connect")) {
      kind = Kind.FAILED;
      hint = " (check the target IQN, the initiator IQN the target accepts, and CHAP)";
    } else if (lower.contains("device-mapper") || lower.contains("lvcreate")) {
      kind = Kind.UNSUPPORTED;
      hint = " (creating logical volumes needs device-mapper in the kernel)";
    } else if (lower.contains("busy") || lower.contains("already exists") || lower.contains("already active")
        || lower.contains("is still active") || lower.contains("in use")) {
      kind = Kind.CONFLICT;
    } else if (code == Error.ErrorNumber.VIR_ERR_NO_SUPPORT) {
      kind = Kind.UNSUPPORTED;
    } else if (code == Error.ErrorNumber.VIR_ERR_OPERATION_INVALID) {
      kind = Kind.CONFLICT;
    } else if (code == Error.ErrorNumber.VIR_ERR_XML_ERROR || code == Error.ErrorNumber.VIR_ERR_INVALID_ARG) {
      kind = Kind.INVALID_INPUT;
    }
    return new VtopoException(kind, object, action + " failed: " + msg + hint, e);
  }
}
