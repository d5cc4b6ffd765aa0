package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.host.HostSession;
import io.vtopo.testsupport.Privileged;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, run as a test: the sandbox applies and destroys the demo example
 * cleanly.
 */
class SandboxTest {
  private static boolean libvirtLoads() {
    try {
      io.vtopo.libvirt.LibvirtConnections.closeQuietly(
          io.vtopo.libvirt.LibvirtConnections.open("test:///default"));
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static boolean userns() {
    try {
      return new ProcessBuilder("unshare", "-Urn", "true").start().waitFor() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * As root in-process; otherwise the way ./vtopo does it, in a JVM started inside 'unshare -Urn'.
   */
  private static CliTest.Run sandbox(String... args) throws Exception {
    return sandbox(false, args);
  }

  private static CliTest.Run sandbox(boolean hideLibvirt, String... args) throws Exception {
    if (Privileged.isRoot()) {
      String before = System.getProperty(HostSession.HIDE_LIBVIRT);
      System.setProperty(HostSession.HIDE_LIBVIRT, Boolean.toString(hideLibvirt));
      try {
        String[] all = new String[args.length + 1];
        all[0] = "sandbox";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliTest.run(all);
      } finally {
        if (before == null) {
          System.clearProperty(HostSession.HIDE_LIBVIRT);
        } else {
          System.setProperty(HostSession.HIDE_LIBVIRT, before);
        }
      }
    }
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(
                "unshare",
                "-Urn",
                ProcessHandle.current().info().command().orElse("java"),
                "-D" + HostSession.HIDE_LIBVIRT + "=" + hideLibvirt,
                "-cp",
                System.getProperty("java.class.path"),
                "io.vtopo.cli.Main",
                "sandbox"));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new CliTest.Run(p.waitFor(), out, "");
  }

  @Test
  void readmeMainCommandPassesEveryStage() throws Exception {
    Privileged.assume(
        Privileged.isRoot() || userns(),
        "the sandbox creates a network namespace: needs root or" + " unprivileged user namespaces");
    Privileged.assume(libvirtLoads(), "libvirt's client library (libvirt0) is not installed");
    CliTest.Run r = sandbox("../examples/bridged-vms-nat-storage.yaml");
    Privileged.assume(
        !r.out().contains("/dev/net/tun: EACCES"),
        "TAPs need /dev/net/tun, which is closed to this"
            + " user (in a user namespace real root's 0600 device stays closed)");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("== apply: 8 step(s) applied and verified")
        .contains("no changes (idempotent)")
        .contains("0 owned object(s) left")
        .contains("sandbox: all stages passed");
  }

  /**
   * Without libvirt0 the sandbox cannot run two thirds of the demo: it fails and says how to fix
   * it.
   */
  @Test
  void withoutLibvirtTheSandboxFailsLoudlyUnlessLinksOnlyIsAsked() throws Exception {
    Privileged.assume(
        Privileged.isRoot() || userns(),
        "the sandbox creates a network namespace: needs root or" + " unprivileged user namespaces");
    CliTest.Run r = sandbox(true, "../examples/bridged-vms-nat-storage.yaml");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.HOST);
    assertThat(r.out() + r.err())
        .contains("apt-get install libvirt0")
        .doesNotContain("all stages passed");
    CliTest.Run l = sandbox(true, "--links-only", "../examples/bridged-vms-nat-storage.yaml");
    Privileged.assume(
        !l.out().contains("/dev/net/tun: EACCES"),
        "TAPs need /dev/net/tun, which is closed to this" + " user");
    assertThat(l.code()).as(l.out() + l.err()).isZero();
    assertThat(l.out())
        .contains("--links-only: networks and pools are left out")
        .contains("all stages passed");
  }

  /** Whether the running kernel can create VLANs, asked of iproute2 in a throwaway namespace. */
  private static boolean kernelHasVlans() throws Exception {
    Process p =
        new ProcessBuilder(
                Privileged.isRoot()
                    ? List.of("unshare", "-n", "sh", "-c", VLAN)
                    : List.of("unshare", "-Urn", "sh", "-c", VLAN))
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int code = p.waitFor();
    assertThat(code == 0 || out.contains("Unknown device type")).as("ip: %s", out).isTrue();
    return code == 0;
  }

  private static final String VLAN =
      "ip link add b0 type bridge && ip link add link b0 name b0.5 type vlan id 5";

  @Test
  void aKindTheKernelLacksIsRefusedBeforeAnythingIsApplied() throws Exception {
    Privileged.assume(
        Privileged.isRoot() || userns(),
        "the sandbox creates a network namespace: needs root or" + " unprivileged user namespaces");
    Privileged.assume(libvirtLoads(), "libvirt's client library (libvirt0) is not installed");
    CliTest.Run r = sandbox("../examples/lab-two-vlans.yaml");
    if (kernelHasVlans()) {
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("sandbox: all stages passed");
    } else {
      // The project's machines have no 802.1Q support (HOST-FACTS): the plan says so, naming the
      // VLAN links, and
      // nothing is applied (no apply stage runs at all).
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.INVALID);
      assertThat(r.out())
          .contains("link:eno1.100: [host.link-kind] the running kernel cannot create a vlan link")
          .contains("Unknown device type")
          .doesNotContain("== apply");
      assertThat(r.out() + r.err()).contains("nothing was applied");
    }
  }

  @Test
  void aKernelRefusalIsRolledBackInTheSandbox() throws Exception {
    Privileged.assume(
        Privileged.isRoot(),
        "drives the sandbox's engine in this JVM, which needs root to create a"
            + " network namespace");
    // A refusal every kernel makes and no plan check predicts: a macvlan enslaved to its own parent
    // (EBUSY). The file
    // is read without validation (which would refuse it: master.parent) to reach the kernel. Two
    // bridges are created
    // before it; the rollback must remove them and leave the namespace exactly as it was.
    String yaml =
        "apiVersion: vtopo/v1\nname: rb\nlinks:\n  - {name: br-rb0, kind: bridge}\n"
            + "  - {name: br-rb1, kind: bridge}\n  - {name: mv-rb0, kind: macvlan, parent: br-rb0, master: br-rb0}\n";
    io.vtopo.core.model.Topology t =
        io.vtopo.core.io.TopologyReader.read(
                "rb.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .topology()
            .orElseThrow();
    java.nio.file.Path state = java.nio.file.Files.createTempDirectory("vtopo-sandbox-test-");
    try (HostSession s = HostSession.sandbox(state)) {
      var opts = s.options(false, false, false);
      var before = s.read();
      var plan = io.vtopo.core.plan.Planner.plan(t, before, opts);
      assertThat(plan.refusals()).isEmpty();
      assertThat(plan.steps()).hasSize(3);
      var r =
          s.engine(t.name(), io.vtopo.core.apply.Engine.Progress.NONE).apply(t, before, plan, opts);
      assertThat(r.applied()).isFalse();
      assertThat(r.failure()).contains("EBUSY");
      assertThat(r.rolledBack()).isTrue();
      assertThat(r.unrestorable()).isEmpty();
      var after = s.read();
      assertThat(names(after)).as("links after the rollback").isEqualTo(names(before));
      assertThat(after.links()).noneMatch(o -> o.ownedBy("rb"));
    } finally {
      try (var w = java.nio.file.Files.walk(state)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static java.util.Set<String> names(io.vtopo.core.plan.HostState h) {
    return h.links().stream()
        .map(o -> o.value().name())
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }
}
