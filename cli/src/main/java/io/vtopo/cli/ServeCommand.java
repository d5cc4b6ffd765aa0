package io.vtopo.cli;

import io.vtopo.core.model.Topology;
import io.vtopo.host.HostLiveSource;
import io.vtopo.host.HostSession;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.web.LiveModel;
import io.vtopo.web.WebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vtopo serve [FILE]}: a read-only local web page with the live topology and its drift from
 * FILE.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a read-only web page with the live topology: links of the namespace and libvirt networks",
      "and pools, updated from kernel and libvirt events without a reload; with FILE, drift from the file is",
      "highlighted. Click an object for its fields; trace paths between the file's VMs. The first line printed",
      "is the URL. Stop with Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "1:invalid FILE or --bind",
      "2:usage error",
      "3:host facility unavailable"
    })
final class ServeCommand extends HostCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description =
          "Topology file to compare with the"
              + " host (optional: without it the page shows the host alone).")
  Path file;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; the page shows your host's topology: think"
              + " before exposing it).")
  String bind;

  int port;

  int resync;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  void port(int n) {
    port = inRange("--port", n, 0, 65_535, "0 (any free port) to 65535");
  }

  @Option(
      names = "--resync",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "Re-read the host this often even without events, 1 to 3600 (default: ${DEFAULT-VALUE}).")
  void resync(int seconds) {
    resync = inRange("--resync", seconds, 1, 3600, "1 to 3600 seconds");
  }

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    Topology t = null;
    if (file != null) {
      t = load(file);
      if (t == null) {
        return ExitCodes.INVALID;
      }
    }
    if (host.libvirt() && io.vtopo.libvirt.NativeLibvirt.isAvailable()) {
      // Lifecycle events are delivered only by an event loop registered before the connection is
      // opened.
      LibvirtConnections.startEventLoop();
    }
    HostSession session = HostSession.open(host.target());
    HostLiveSource source = new HostLiveSource(session, host.target());
    LiveModel model =
        new LiveModel(t, source, Duration.ofMillis(100), Duration.ofSeconds(Math.max(1, resync)));
    WebServer server;
    try {
      model.start();
      server = WebServer.start(model, bind, port);
    } catch (RuntimeException e) {
      model.close();
      source.close();
      throw e;
    }
    out().println(server.url());
    out().flush();
    err()
        .println(
            "vtopo serve: "
                + source.describe()
                + (t == null ? "" : ", compared with " + file)
                + "; read-only; Ctrl-C stops");
    err().flush();
    Thread hook = new Thread(() -> shutdown(server, model, source), "vtopo-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * Closes the server (and its event streams), the event subscriptions and the host session, in
   * that order.
   */
  private void shutdown(WebServer server, LiveModel model, HostLiveSource source) {
    try {
      server.close();
      model.close();
      source.close();
      err().println("vtopo serve: stopped (server, events and host session closed)");
      err().flush();
    } finally {
      stopped.countDown();
    }
  }
}
