package io.vtopo.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.VtopoException.Kind;
import org.junit.jupiter.api.Test;

class LibvirtErrorsTest {
  @Test
  void classifiesTheErrorsUsersMeet() {
    assertThat(
            LibvirtErrors.kind(
                LibvirtErrors.VIR_ERR_SYSTEM_ERROR,
                "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory"))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(
            LibvirtErrors.kind(
                LibvirtErrors.VIR_ERR_SYSTEM_ERROR,
                "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied"))
        .isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(LibvirtErrors.kind(LibvirtErrors.VIR_ERR_ACCESS_DENIED, "access denied"))
        .isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(
            LibvirtErrors.kind(LibvirtErrors.VIR_ERR_AUTH_FAILED, "authentication failed: polkit"))
        .isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(LibvirtErrors.kind(LibvirtErrors.VIR_ERR_NO_NETWORK, "Network not found"))
        .isEqualTo(Kind.NOT_FOUND);
    assertThat(LibvirtErrors.kind(LibvirtErrors.VIR_ERR_CONFIG_UNSUPPORTED, "vlan"))
        .isEqualTo(Kind.UNSUPPORTED);
    assertThat(LibvirtErrors.kind(8, "unsupported flags (0x1) in function testNetworkGetXMLDesc"))
        .isEqualTo(Kind.UNSUPPORTED);
    assertThat(
            LibvirtErrors.kind(
                LibvirtErrors.VIR_ERR_OPERATION_INVALID, "network is already active"))
        .isEqualTo(Kind.CONFLICT);
    assertThat(LibvirtErrors.kind(1, "internal error")).isEqualTo(Kind.FAILED);
  }
}
