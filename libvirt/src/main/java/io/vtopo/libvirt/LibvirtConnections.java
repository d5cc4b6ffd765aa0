package io.vtopo.libvirt;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;

/**
 * Opens libvirt connections for the CLI: {@code qemu:///system} by default, {@code
 * qemu+ssh://host/system} for a remote host, {@code test:///default} for dry runs and fast tests
 * (an in-process fake with per-connection state).
 */
public final class LibvirtConnections {
  /** The URI used when the user names none. */
  public static final String DEFAULT_URI = "qemu:///system";

  // Held in a static field: JNA must keep the native trampoline of a registered callback alive.
  private static final Libvirt.VirErrorCallback QUIET = (userData, error) -> {};
  private static boolean quiet;
  private static Thread eventLoop;

  private LibvirtConnections() {}

  /**
   * Makes libvirt report errors only through exceptions: without a callback libvirt prints every
   * error (including expected ones such as "network not found") to stderr.
   */
  public static synchronized void silenceLibvirtStderr() {
    if (quiet) {
      return;
    }
    try {
      Connect.setErrorCallback(QUIET);
      quiet = true;
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, null, "virSetErrorFunc");
    }
  }

  /**
   * Opens a read-write connection.
   *
   * @param uri libvirt URI, or null for {@link #DEFAULT_URI}
   * @return the connection; the caller closes it
   * @throws VtopoException {@code UNAVAILABLE} when libvirtd cannot be reached, {@code
   *     PERMISSION_DENIED} when access is refused
   */
  public static Connect open(String uri) {
    String u = uri == null || uri.isBlank() ? DEFAULT_URI : uri;
    if (!NativeLibvirt.isAvailable()) {
      throw new VtopoException(
          Kind.UNAVAILABLE,
          null,
          "libvirt client library (libvirt.so.0) is not installed: apt-get install libvirt0");
    }
    silenceLibvirtStderr();
    try {
      return new Connect(u, false);
    } catch (LibvirtException e) {
      VtopoException w = LibvirtErrors.wrap(e, null, "cannot connect to " + u);
      if (uriRejected(String.valueOf(e.getMessage()))) {
        // A mistyped URI is the user's input, not a daemon that is down: do not send them to
        // systemctl.
        throw new VtopoException(
            Kind.INVALID_INPUT,
            null,
            w.getMessage()
                + "; check the --connect URI"
                + " (qemu:///system, qemu+ssh://HOST/system, test:///default)",
            e);
      }
      String hint =
          switch (w.kind()) {
            case PERMISSION_DENIED ->
                "; run as root or as a member of the libvirt group, or check polkit rules";
            case UNAVAILABLE ->
                u.startsWith("qemu+ssh")
                    ? "; check that ssh to the host works without a password prompt and that libvirtd runs there"
                    : "; is libvirtd running? (systemctl start libvirtd, or libvirtd -d)";
            default -> "";
          };
      throw new VtopoException(
          w.kind() == Kind.FAILED ? Kind.UNAVAILABLE : w.kind(), null, w.getMessage() + hint, e);
    } catch (UnsatisfiedLinkError e) {
      throw new VtopoException(
          Kind.UNAVAILABLE, null, "libvirt client library cannot be loaded: " + e.getMessage(), e);
    }
  }

  /**
   * libvirt's words for a URI no driver accepts ({@code qemuu:///system}, {@code qemu:///sytem}).
   */
  public static boolean uriRejected(String libvirtMessage) {
    String m = libvirtMessage.toLowerCase(java.util.Locale.ROOT);
    return m.contains("no connection driver available")
        || m.contains("unexpected qemu uri")
        || m.contains("uri path")
        || m.contains("unable to parse uri")
        || m.contains("failed to parse xml document");
  }

  /** Closes a connection, ignoring errors (used on cleanup paths). */
  public static void closeQuietly(Connect c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (LibvirtException e) {
      // Nothing useful to do on cleanup: the connection is unusable either way.
    }
  }

  /**
   * Registers libvirt's default event loop and runs it on a daemon thread. Needed for lifecycle
   * events; must be called before opening the connections that subscribe to them. Idempotent.
   */
  public static synchronized void startEventLoop() {
    if (eventLoop != null) {
      return;
    }
    silenceLibvirtStderr();
    try {
      Library.initEventLoop();
    } catch (LibvirtException e) {
      throw LibvirtErrors.wrap(e, null, "virEventRegisterDefaultImpl");
    }
    Thread t =
        new Thread(
            () -> {
              try {
                Library.runEventLoop();
              } catch (LibvirtException | InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "libvirt-event-loop");
    t.setDaemon(true);
    t.start();
    eventLoop = t;
  }
}
