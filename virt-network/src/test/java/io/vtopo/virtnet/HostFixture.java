package io.vtopo.virtnet;

import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.NativeLibvirt;
import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Test fixtures on the real host: unique names and subnets, network namespaces with a veth into a
 * libvirt bridge, and cleanup of exactly what this fixture created (in reverse order, even when the
 * test failed).
 */
final class HostFixture implements AutoCloseable {
  /**
   * The daemon under test; {@code VTOPO_LIBVIRT_URI} points the suite elsewhere (e.g. a remote
   * host).
   */
  static final String URI = System.getenv().getOrDefault("VTOPO_LIBVIRT_URI", "qemu:///system");

  private static final SecureRandom RANDOM = new SecureRandom();
  // 48 /28 chunks of the three documentation /24s; a random start keeps concurrent runs apart.
  private static final String[] BLOCKS = {"192.0.2.", "198.51.100.", "203.0.113."};
  private static int nextChunk = RANDOM.nextInt(48);

  private final Deque<String[]> undo = new ArrayDeque<>();
  private final List<String> networks = new ArrayList<>();
  private final Connect conn;

  private HostFixture(Connect conn) {
    this.conn = conn;
  }

  /**
   * Skips (or fails under VTOPO_REQUIRE_PRIVILEGED=1) unless root, libvirtd, ip and busybox are
   * there.
   */
  static HostFixture open() {
    Privileged.assume(
        Privileged.isRoot(), "the libvirt network tests need root (bridges, netns, firewall)");
    Privileged.assume(NativeLibvirt.isAvailable(), "libvirt.so.0 is not installed");
    Privileged.assume(
        Files.isExecutable(Path.of("/usr/bin/busybox"))
            || Files.isExecutable(Path.of("/bin/busybox")),
        "busybox (udhcpc) is not installed");
    Connect c;
    try {
      c = LibvirtConnections.open(URI);
    } catch (RuntimeException e) {
      Privileged.assume(
          false,
          "libvirtd at "
              + URI
              + " is not reachable: "
              + e.getMessage()
              + " (bash scripts/setup-host.sh packages libvirt)");
      throw e;
    }
    return new HostFixture(c);
  }

  Connect conn() {
    return conn;
  }

  static String suffix() {
    return String.format("%04x", RANDOM.nextInt(0x10000));
  }

  /** A fresh /28 as its first host address with prefix, e.g. {@code 198.51.100.33/28}. */
  static synchronized String subnet() {
    int c = nextChunk++ % 48;
    return BLOCKS[c / 16] + ((c % 16) * 16 + 1) + "/28";
  }

  /** Remembers a libvirt network to stop and undefine on close (only ones the test created). */
  void ownsNetwork(String name) {
    networks.add(name);
  }

  /** Runs a command, failing the test on a non-zero exit; returns stdout and stderr. */
  static String run(String... cmd) {
    Result r = exec(cmd);
    if (r.code != 0) {
      throw new AssertionError(String.join(" ", cmd) + " exited " + r.code + ": " + r.out);
    }
    return r.out;
  }

  record Result(int code, String out) {}

  static Result exec(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " timed out");
      }
      return new Result(
          p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A network namespace whose {@code eth0} is a veth peer of a link enslaved to {@code bridge}.
   *
   * <p>Equivalent to {@code ip netns add NS; ip link add H type veth peer name eth0 netns NS; ip
   * link set H master BRIDGE up}.
   *
   * @return the namespace name
   */
  String clientOn(String bridge) {
    String s = suffix();
    String ns = "vtt-ns" + s;
    String host = "vtt-h" + s;
    run("ip", "netns", "add", ns);
    undo.push(new String[] {"ip", "netns", "del", ns});
    run("ip", "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", ns);
    undo.push(new String[] {"ip", "link", "del", host});
    run("ip", "link", "set", host, "master", bridge, "up");
    run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    run("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
    return ns;
  }

  /** The MAC of {@code eth0} in a namespace. */
  static String macIn(String ns) {
    return run("ip", "netns", "exec", ns, "cat", "/sys/class/net/eth0/address").strip();
  }

  /**
   * Asks for a DHCP lease from inside {@code ns} with busybox udhcpc (no script: the address is
   * only reported).
   *
   * @return the leased address
   */
  static String dhcp(String ns) {
    // dnsmasq binds dynamically and the fresh port may still be settling, and on a loaded 2-core
    // machine dnsmasq can
    // answer late: retry discovers for up to 24 s, and run the client a second time before giving
    // up.
    String out = "";
    for (int attempt = 0; attempt < 2; attempt++) {
      // -n makes udhcpc exit non-zero without a lease; the output says why, so keep it either way.
      out +=
          exec(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  "busybox",
                  "udhcpc",
                  "-i",
                  "eth0",
                  "-n",
                  "-q",
                  "-t",
                  "12",
                  "-T",
                  "2",
                  "-s",
                  "/bin/true")
              .out();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("lease of ([0-9.]+) obtained").matcher(out);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("udhcpc got no lease: " + out);
  }

  /**
   * A host bridge made for the test ({@code ip link add NAME type bridge}), as vtopo's links would
   * declare one.
   */
  String hostBridge() {
    String br = "vtt-b" + suffix();
    run("ip", "link", "add", br, "type", "bridge");
    undo.push(new String[] {"ip", "link", "del", br});
    run("ip", "link", "set", br, "up");
    return br;
  }

  @Override
  public void close() {
    List<String> problems = new ArrayList<>();
    while (!undo.isEmpty()) {
      String[] cmd = undo.pop();
      Result r = exec(cmd);
      // A veth disappears with its namespace peer; "cannot find device" is then expected.
      if (r.code != 0 && !r.out.contains("Cannot find device")) {
        problems.add(String.join(" ", cmd) + ": " + r.out);
      }
    }
    for (String n : networks) {
      try {
        org.libvirt.Network net = conn.networkLookupByName(n);
        if (net.isActive() == 1) {
          net.destroy();
        }
        if (net.isPersistent() == 1) {
          net.undefine();
        }
        net.free();
      } catch (LibvirtException e) {
        if (!String.valueOf(e.getMessage()).contains("no network with matching name")) {
          problems.add(n + ": " + e.getMessage());
        }
      }
    }
    LibvirtConnections.closeQuietly(conn);
    if (!problems.isEmpty()) {
      throw new AssertionError("cleanup failed: " + problems);
    }
  }
}
