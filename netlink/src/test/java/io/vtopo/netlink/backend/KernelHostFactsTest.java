package io.vtopo.netlink.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Users and groups are answered the way the TAP apply resolves them: from /etc/passwd and
 * /etc/group.
 */
class KernelHostFactsTest {
  @Test
  void usersAndGroupsAreLookedUpLikeTheApplyDoes() {
    KernelHostFacts f = KernelHostFacts.get();
    assertThat(f.userExists("root")).isEqualTo(Optional.of(true));
    assertThat(f.groupExists("root")).isEqualTo(Optional.of(true));
    assertThat(f.userExists("vtopo-no-such-user")).isEqualTo(Optional.of(false));
    assertThat(f.groupExists("vtopo-no-such-group")).isEqualTo(Optional.of(false));
    // What the plan calls missing, the apply refuses the same way (and the other way round).
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> NetlinkLinkBackend.id("vtopo-no-such-user", "/etc/passwd", "links[tap0]"))
        .hasMessageContaining("no such user");
    assertThat(NetlinkLinkBackend.id("root", "/etc/passwd", "links[tap0]")).isZero();
  }

  @Test
  void kindsThatAreNotMadeWithRtnetlinkAreNeverRefused() {
    assertThat(KernelHostFacts.get().unsupportedLinkKind("nic")).isEmpty();
    assertThat(KernelHostFacts.get().unsupportedLinkKind("tap")).isEmpty();
    assertThat(KernelHostFacts.get().unsupportedLinkKind("no-such-kind")).isEmpty();
  }
}
