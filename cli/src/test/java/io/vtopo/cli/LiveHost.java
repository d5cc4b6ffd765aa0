package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.model.Link;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Topology;
import io.vtopo.netlink.Netns;
import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real test target for privileged CLI tests: fresh named network namespaces ({@code
 * vtt-<id>...}), the real libvirtd at {@code qemu:///system}, a state directory, and an independent
 * oracle of the live state ({@code ip} and {@code virsh}, not vtopo's own readers). Everything it
 * creates carries the test's unique prefix and is removed by {@link #close()}, which never touches
 * objects of other names.
 */
final class LiveHost implements AutoCloseable {
  static final String URI = "qemu:///system";
  private static final SecureRandom RND = new SecureRandom();
  private static final Set<String> HANDED_OUT = new HashSet<>();

  /** Four hex digits unique to this test; every object name contains them. */
  final String id;

  /** Prefix of every libvirt object and namespace of this test: {@code vtt-<id>}. */
  final String prefix;

  /**
   * Short prefix for link names (bridges of libvirt networks live in the root namespace): {@code
   * vtt<id>}.
   */
  final String lp;

  final Path tmp;
  final Path state;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  LiveHost(Path tmp) {
    requirePrivileges();
    this.id = String.format("%04x", RND.nextInt(0x10000));
    this.prefix = "vtt-" + id;
    this.lp = "vtt" + id;
    this.tmp = tmp;
    this.state = tmp.resolve("state");
  }

  /** Skips (or fails under VTOPO_REQUIRE_PRIVILEGED=1) unless root and libvirtd are available. */
  static void requirePrivileges() {
    Privileged.assume(
        Privileged.isRoot(), "needs root (named network namespaces, libvirtd at " + URI + ")");
    Privileged.assume(Files.isDirectory(Path.of("/sys/class/net")), "no /sys/class/net");
    Cmd c = cmd("virsh", "-c", URI, "uri");
    Privileged.assume(
        c.code == 0,
        "libvirtd at "
            + URI
            + " is not reachable (run 'bash scripts/setup-host.sh"
            + " libvirt'): "
            + c.err.strip());
  }

  /** A fresh named namespace {@code vtt-<id><suffix>}, deleted by {@link #close()}. */
  String netns(String suffix) {
    String name = prefix + suffix;
    Netns.createNamed(name).close();
    namespaces.add(name);
    return name;
  }

  /**
   * A /28 of the documentation ranges that no route in the root namespace overlaps, unique in this
   * JVM.
   */
  static synchronized String chunk28() {
    String routes = cmd("ip", "-4", "route", "show", "table", "all").out;
    String[] bases = {"192.0.2.", "198.51.100.", "203.0.113."};
    for (int attempt = 0; attempt < 500; attempt++) {
      String base = bases[RND.nextInt(3)];
      int off = RND.nextInt(16) * 16;
      String c = base + off;
      if (HANDED_OUT.contains(c)
          || routes.contains(base + off + "/")
          || routes.contains(base + off + " ")) {
        continue;
      }
      boolean clash = false;
      for (String line : routes.split("\n")) {
        String dst = line.trim().split("\\s+")[0];
        if (dst.startsWith(base) && dst.contains("/")) {
          int o = Integer.parseInt(dst.substring(base.length(), dst.indexOf('/')));
          int len = Integer.parseInt(dst.substring(dst.indexOf('/') + 1));
          int size = 1 << (32 - Math.max(len, 24));
          if (off < o + size && o < off + 16) {
            clash = true;
          }
        }
      }
      if (!clash) {
        HANDED_OUT.add(c);
        return c;
      }
    }
    throw new IllegalStateException("no free /28 in the documentation ranges");
  }

  /**
   * A /24 of 198.18.0.0/15 (RFC 2544 benchmarking space) unused by any root-namespace route, as
   * "198.18.N.".
   */
  static synchronized String benchmark24() {
    String routes = cmd("ip", "-4", "route", "show", "table", "all").out;
    for (int attempt = 0; attempt < 500; attempt++) {
      int n = RND.nextInt(512);
      String c = "198." + (18 + n / 256) + "." + (n % 256) + ".";
      if (!HANDED_OUT.contains(c) && !routes.contains(c)) {
        HANDED_OUT.add(c);
        return c;
      }
    }
    throw new IllegalStateException("no free /24 in 198.18.0.0/15");
  }

  /** The result of one vtopo run. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  /** Runs vtopo in this JVM. */
  static Run vtopo(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
    return new Run(code, o.toString(), e.toString());
  }

  /** Host options for {@code --netns ns}: for the in-process engine tests. */
  HostOptions options(String ns) {
    HostOptions o = new HostOptions();
    o.netns = ns;
    o.connect = URI;
    o.stateDir = state;
    return o;
  }

  /** The address {@code n} after the network address of {@code chunk} (as {@link #chunk28}). */
  static String address(String chunk, int n) {
    int dot = chunk.lastIndexOf('.');
    return chunk.substring(0, dot + 1) + (Integer.parseInt(chunk.substring(dot + 1)) + n);
  }

  /**
   * The command that runs vtopo's {@code Main} in a new JVM on this test's class path (quick to
   * start), with {@code jvmOptions}; the caller appends vtopo's arguments.
   */
  static List<String> vtopoJvm(String... jvmOptions) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto"));
    cmd.addAll(Arrays.asList(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vtopo.cli.Main"));
    return cmd;
  }

  /**
   * Starts vtopo in a separate JVM (same classpath); stdout and stderr merged. Killed by {@link
   * #close()}.
   */
  Process spawn(String... args) throws IOException {
    List<String> cmd = vtopoJvm();
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  /** The output of a finished command. */
  record Cmd(int code, String out, String err) {}

  static Cmd cmd(String... args) {
    try {
      Process p = new ProcessBuilder(args).start();
      p.getOutputStream().close();
      var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", args));
      }
      return new Cmd(p.exitValue(), out, errF.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command that must succeed; returns its stdout. */
  static String sh(String... args) {
    Cmd c = cmd(args);
    assertThat(c.code).as("%s failed: %s", String.join(" ", args), c.err).isZero();
    return c.out;
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs virsh commands; one argument may hold several ';'-separated commands. */
  /** The interface element of {@code mac} in a domain XML. */
  static String iface(String xml, String mac) {
    Matcher m =
        Pattern.compile(
                "<interface (?:(?!</interface>).)*" + Pattern.quote(mac) + ".*?</interface>",
                Pattern.DOTALL)
            .matcher(xml);
    return m.find() ? m.group() : "";
  }

  static String virsh(String... args) {
    String[] a = new String[args.length + 3];
    a[0] = "virsh";
    a[1] = "-c";
    a[2] = URI;
    System.arraycopy(args, 0, a, 3, args.length);
    return sh(a);
  }

  /**
   * Every link of {@code ns} as {@code ip -d} shows it, with its addresses and routes: names,
   * kinds, masters, MTU, MACs, state, kind details; without interface indexes and running timers.
   * Sorted lines.
   */
  static String links(String ns) {
    List<String> lines = new ArrayList<>();
    for (String l : sh("ip", "-n", ns, "-o", "-d", "link", "show").split("\n")) {
      if (l.isBlank()) {
        continue;
      }
      lines.add(
          "link "
              + l.replaceFirst("^\\d+:\\s*", "")
                  .replaceAll("@if\\d+", "@peer")
                  .replaceAll("link-netnsid \\d+", "link-netnsid N")
                  .replaceAll("\\b\\w+_timer\\s+[\\d.]+", "")
                  // Carrier and operational state follow the kernel's own timing (a TAP without a
                  // reader loses carrier,
                  // a bridge follows its ports a moment later): compared is what vtopo sets, the
                  // administrative state.
                  .replaceAll("(NO-CARRIER|LOWER_UP|M-DOWN),?", "")
                  .replaceAll(",>", ">")
                  .replaceAll(" state (UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT) ", " ")
                  .replaceAll("bridge_slave state \\w+", "bridge_slave")
                  // The kernel gives a link its default qdisc the first time it goes up, and keeps
                  // it when it goes down.
                  .replaceAll(" qdisc \\S+", "")
                  .replaceAll("\\s+", " ")
                  .trim());
    }
    for (String l : sh("ip", "-n", ns, "-o", "addr", "show").split("\n")) {
      // IPv6 link-local addresses are the kernel's own, generated when a link first goes up (peer
      // ends: later).
      if (!l.isBlank() && !l.contains("inet6 fe80:")) {
        lines.add(
            "addr "
                + l.replaceFirst("^\\d+:\\s*", "")
                    .replace(" tentative", "")
                    .replace(" dadfailed", "")
                    .replaceAll("\\s+", " ")
                    .trim());
      }
    }
    for (String fam : new String[] {"-4", "-6"}) {
      for (String l : sh("ip", "-n", ns, fam, "route", "show", "table", "all").split("\n")) {
        // The local route of an IPv6 link-local address appears when duplicate address detection
        // ends.
        if (!l.isBlank() && !l.startsWith("local fe80:") && !l.startsWith("fe80::/64")) {
          lines.add("route " + l.replace(" linkdown", "").replaceAll("\\s+", " ").trim());
        }
      }
    }
    return lines.stream().sorted().collect(Collectors.joining("\n"));
  }

  /** The test's libvirt networks (XML) and pools (XML without usage figures) with their volumes. */
  String libvirt() {
    return libvirt(prefix);
  }

  static String libvirt(String prefix) {
    // Few virsh processes: one per phase, several commands each (virsh runs ';'-separated commands
    // in order).
    String[] lists =
        virsh("net-list --all --name; echo @@pools@@; pool-list --all --name").split("@@pools@@");
    List<String> nets =
        Arrays.stream(lists[0].split("\n"))
            .map(String::trim)
            .filter(n -> n.startsWith(prefix))
            .sorted()
            .toList();
    List<String> pools =
        Arrays.stream(lists[1].split("\n"))
            .map(String::trim)
            .filter(n -> n.startsWith(prefix))
            .sorted()
            .toList();
    if (nets.isEmpty() && pools.isEmpty()) {
      return "";
    }
    StringBuilder q = new StringBuilder();
    for (String n : nets) {
      q.append("net-dumpxml ").append(n).append("; net-info ").append(n).append("; ");
    }
    for (String p : pools) {
      q.append("echo @@pool@@; pool-dumpxml ")
          .append(p)
          .append("; pool-info ")
          .append(p)
          .append("; vol-list --pool ")
          .append(p)
          .append("; ");
    }
    String all = virsh(q.toString());
    // Networks and pools keep their identity through a rollback (the backends re-create a deleted
    // object with its old
    // UUID), so UUIDs are compared too; only usage figures are left out.
    String b = stripUsage(all).replaceAll("(?m)^(Capacity|Allocation|Available):.*$", "");
    StringBuilder vq = new StringBuilder();
    for (String line : all.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[1].startsWith("/") && f[1].contains("/")) {
        vq.append("vol-dumpxml ").append(f[1]).append("; ");
      }
    }
    return b + (vq.length() == 0 ? "" : stripUsage(virsh(vq.toString())));
  }

  private static String stripUsage(String xml) {
    return xml.replaceAll("<(allocation|available|physical)[^>]*>[^<]*</\\1>", "")
        .replaceAll("(?s)<timestamps>.*?</timestamps>", "");
  }

  /** libvirt objects whose names start with {@code prefix} ("net-list" or "pool-list"). */
  static List<String> names(String what, String prefix) {
    return Arrays.stream(virsh(what, "--all", "--name").split("\n"))
        .map(String::trim)
        .filter(n -> n.startsWith(prefix))
        .sorted()
        .toList();
  }

  /** The full state this test can see: links of each namespace plus its libvirt objects. */
  String state(String... ns) {
    StringBuilder b = new StringBuilder();
    for (String n : ns) {
      b.append("== netns ").append(n).append('\n').append(links(n)).append('\n');
    }
    return b.append("== libvirt\n").append(libvirt()).toString();
  }

  /**
   * {@code vtopo destroy} of {@code file} in {@code ns} with this host's state directory, data loss
   * allowed, and {@code extra} options.
   */
  Run destroy(Path file, String ns, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("destroy", file.toString(), "--yes", "--allow-data-loss"));
    args.addAll(Arrays.asList(extra));
    args.addAll(List.of("--netns", ns, "--state-dir", state.toString()));
    return vtopo(args.toArray(String[]::new));
  }

  /**
   * A veth in {@code ns} for every NIC {@code t} declares, named after it: a test namespace has
   * none of the host's NICs.
   */
  void vethsForNics(Topology t, String ns) {
    int i = 0;
    for (Link l : t.links()) {
      if (l instanceof Nic) {
        sh("ip", "-n", ns, "link", "add", l.name(), "type", "veth", "peer", "name", lp + "p" + i++);
      }
    }
  }

  /**
   * Defines and starts, as an admin would, an isolated libvirt network vtopo does not own: {@code
   * <prefix>-<name>} on bridge {@code <lp><bridge>}, its gateway the /28 {@code gateway}.
   */
  void foreignNetwork(String name, String bridge, String gateway) {
    Path xml =
        file(
            name + "-net.xml",
            "<network><name>"
                + prefix
                + "-"
                + name
                + "</name><bridge name='"
                + lp
                + bridge
                + "'/><ip address='"
                + gateway
                + "' prefix='28'/></network>");
    virsh("net-define", xml.toString());
    virsh("net-start", prefix + "-" + name);
  }

  /** Defines, builds and starts, as an admin would, a dir pool {@code <prefix>-<name>}. */
  void foreignDirPool(String name, Path target) {
    virsh("pool-define-as", prefix + "-" + name, "dir", "--target", target.toString());
    virsh("pool-build", prefix + "-" + name);
    virsh("pool-start", prefix + "-" + name);
  }

  /** Writes a topology file into the temp directory. */
  Path file(String name, String text) {
    try {
      Path p = tmp.resolve(name);
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kills spawned JVMs, removes the test's libvirt objects and namespaces. Only names with this
   * test's prefix.
   */
  @Override
  public void close() {
    synchronized (processes) {
      for (Process p : processes) {
        p.destroyForcibly();
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    for (String n : names("net-list", prefix)) {
      cmd("virsh", "-c", URI, "net-destroy", n);
      cmd("virsh", "-c", URI, "net-undefine", n);
    }
    for (String p : names("pool-list", prefix)) {
      cmd("virsh", "-c", URI, "pool-destroy", p);
      cmd("virsh", "-c", URI, "pool-undefine", p);
    }
    for (String ns : namespaces) {
      try {
        Netns.deleteNamed(ns);
      } catch (RuntimeException e) {
        cmd("ip", "netns", "del", ns);
      }
    }
    // Links a libvirt network left in the root namespace (only this test's names).
    for (String l : sh("ip", "-o", "link", "show").split("\n")) {
      String[] f = l.split(":\\s+");
      if (f.length > 1) {
        String name = f[1].split("@")[0];
        if (name.startsWith(lp)) {
          cmd("ip", "link", "del", name);
        }
      }
    }
  }
}
