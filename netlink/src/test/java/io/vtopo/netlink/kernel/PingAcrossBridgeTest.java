package io.vtopo.netlink.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.VethInfo;
import io.vtopo.testsupport.Privileged;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two namespaces joined by a bridge in a third, all built by this module: veth peers are created
 * directly in their target namespaces, enslaved, addressed and brought up; then real traffic
 * crosses the bridge.
 */
class PingAcrossBridgeTest extends KernelTestBase {
  private Netns left;
  private Netns right;

  @BeforeEach
  void buildTopology() throws Exception {
    left = newNamespace();
    right = newNamespace();
    nl.createLink(LinkSpec.create("br0", BridgeInfo.defaults()));
    nl.createLink(LinkSpec.create("l0", new VethInfo("eth0", left)));
    nl.createLink(LinkSpec.create("r0", new VethInfo("eth0", right)));
    int br = link("br0").index();
    nl.batch()
        .modifyLink(LinkSpec.ofName("l0").withMaster(br).withUp(true))
        .modifyLink(LinkSpec.ofName("r0").withMaster(br).withUp(true))
        .modifyLink(LinkSpec.ofName("br0").withUp(true))
        .executeOrThrow();
    configure(left, "192.0.2.1");
    configure(right, "192.0.2.2");
  }

  private void configure(Netns where, String address) throws Exception {
    RtNetlink c = client(where);
    int eth0 = c.link("eth0").orElseThrow().index();
    c.batch()
        .addAddress(Address.of(eth0, InetAddress.getByName(address), 24))
        .modifyLink(LinkSpec.ofName("eth0").withUp(true))
        .modifyLink(LinkSpec.ofName("lo").withUp(true))
        .executeOrThrow();
  }

  @Test
  void icmpPingFromOneNamespaceToTheOther() throws Exception {
    boolean tools =
        Files.isExecutable(Path.of("/usr/bin/nsenter"))
            && Files.isExecutable(Path.of("/usr/bin/ping"));
    Privileged.assume(
        tools, "nsenter and ping (util-linux, iputils-ping) are needed for an ICMP ping");
    String nsPath = "/proc/" + ProcessHandle.current().pid() + "/fd/" + left.fd();
    Process p =
        new ProcessBuilder(
                "/usr/bin/nsenter",
                "--net=" + nsPath,
                "/usr/bin/ping",
                "-c",
                "3",
                "-i",
                "0.2",
                "-W",
                "5",
                "192.0.2.2")
            .redirectErrorStream(true)
            .start();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("3 received");
  }

  @Test
  void tcpEchoFromOneNamespaceToTheOther() throws Exception {
    // Sockets belong to the namespace of the thread that creates them.
    ServerSocket server =
        right.call(() -> new ServerSocket(7777, 1, InetAddress.getByName("192.0.2.2")));
    try (server) {
      Thread echo =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  s.getOutputStream().write(s.getInputStream().readNBytes(5));
                } catch (Exception ignored) {
                  // the client side asserts
                }
              });
      echo.start();
      // Java creates a client socket's descriptor lazily, so it must also connect inside the
      // namespace.
      try (Socket client =
          left.call(
              () -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("192.0.2.2", 7777), 5000);
                return s;
              })) {
        client.setSoTimeout(5000);
        OutputStream o = client.getOutputStream();
        o.write("hello".getBytes(StandardCharsets.US_ASCII));
        InputStream i = client.getInputStream();
        assertThat(new String(i.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
      }
      echo.join(5000);
    }
  }
}
