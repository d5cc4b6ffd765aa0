package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.testsupport.Privileged;
import org.junit.jupiter.api.Test;

/** The README's main command, run as a test: the sandbox applies and destroys the demo example cleanly. */
class SandboxTest {
  private static boolean libvirtLoads() {
    try {
      io.vtopo.virtnet.LibvirtConnections.closeQuietly(io.vtopo.virtnet.LibvirtConnections.open("test:///default"));
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @Test
  void readmeMainCommandPassesEveryStage() {
    Privileged.assume(Privileged.isRoot(), "the sandbox creates a network namespace: needs root (or ./vtopo's"
        + " user-namespace launcher)");
    Privileged.assume(libvirtLoads(), "libvirt's client library (libvirt0) is not installed");
    CliTest.Run r = CliTest.run("sandbox", "../examples/bridged-vms-nat-storage.yaml");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("== apply: 8 step(s) applied and verified").contains("no changes (idempotent)")
        .contains("0 owned object(s) left").contains("sandbox: all stages passed");
  }

  @Test
  void aKernelRefusalIsRolledBackInTheSandbox() {
    Privileged.assume(Privileged.isRoot(), "the sandbox creates a network namespace: needs root");
    Privileged.assume(libvirtLoads(), "libvirt's client library (libvirt0) is not installed");
    // The project's machines have no 802.1Q support (HOST-FACTS): the VLAN step fails and everything done before it
    // is undone. On a kernel with VLANs the same file must pass every stage instead.
    CliTest.Run r = CliTest.run("sandbox", "../examples/lab-two-vlans.yaml");
    if (r.code() == 0) {
      assertThat(r.out()).contains("sandbox: all stages passed");
    } else {
      assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
      assertThat(r.out()).contains("apply FAILED").contains("links[eno1.").contains("EOPNOTSUPP")
          .contains("rolled back: the sandbox is as it was before the apply");
    }
  }
}
