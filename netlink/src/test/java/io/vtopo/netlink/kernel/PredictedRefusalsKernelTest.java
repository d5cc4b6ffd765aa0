package io.vtopo.netlink.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The kernel behaviour the offline link rules predict (topology-core {@code KernelLinkRules}),
 * confirmed on the running kernel with iproute2 in a throwaway namespace: if a kernel ever stops
 * refusing one of these, the rule's docs and severity must be revisited.
 */
class PredictedRefusalsKernelTest extends KernelTestBase {
  record Ip(int exit, String out) {}

  static Ip sh(String script) throws Exception {
    Process p =
        new ProcessBuilder("unshare", "-n", "sh", "-c", "set -e; " + script)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Ip(p.waitFor(), out);
  }

  static void refused(String script, String answer) throws Exception {
    Ip r = sh(script);
    assertThat(r.exit()).as("%s: %s", script, r.out()).isNotZero();
    assertThat(r.out()).as(script).contains(answer);
  }

  static final String BR = "ip link add br0 type bridge; ";

  @Test
  void mtuBridgePulled() throws Exception {
    Ip r =
        sh(
            "ip link add br0 mtu 9000 type bridge; ip tuntap add tap0 mode tap; ip link set tap0 master br0;"
                + " ip -o link show br0");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains(" mtu 1500 ");
  }

  @Test
  void masterParentAndMacvlanParentEnslaved() throws Exception {
    refused(BR + "ip link add link br0 name mv0 type macvlan; ip link set mv0 master br0", "busy");
    refused(
        BR
            + "ip tuntap add tap0 mode tap; ip link set tap0 master br0;"
            + " ip link add link tap0 name mv0 type macvlan",
        "busy");
    refused(
        BR
            + "ip tuntap add tap0 mode tap; ip link add link tap0 name mv0 type macvtap;"
            + " ip link set tap0 master br0",
        "busy");
  }

  @Test
  void macvlanPassthruShared() throws Exception {
    refused(
        "ip tuntap add tap0 mode tap; ip link add link tap0 name mv0 type macvlan mode passthru;"
            + " ip link add link tap0 name mv1 type macvlan mode bridge",
        "Invalid argument");
  }

  @Test
  void bridgePortIsBridge() throws Exception {
    refused(
        BR + "ip link add br1 type bridge; ip link set br1 master br0",
        "Can not enslave a bridge to a bridge");
  }

  @Test
  void vxlanDuplicateVniAndMtuAboveDev() throws Exception {
    refused(
        "ip link add vx0 type vxlan id 5 remote 198.51.100.2; ip link add vx1 type vxlan id 5 remote"
            + " 198.51.100.3",
        "VNI already exists");
    Ip r =
        sh(
            BR
                + "ip link add vx0 mtu 1500 type vxlan id 5 dstport 4789 dev br0; ip -o link show vx0");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).as("capped at the dev's MTU minus 50").contains(" mtu 1450 ");
    refused(
        BR + "ip link add vx0 type vxlan id 5 dstport 4789 dev br0; ip link set vx0 mtu 1500",
        "Invalid argument");
  }
}
