package io.vtopo.netlink.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.UnknownLink;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.netlink.Snapshot;
import io.vtopo.netlink.model.GenericInfo;
import io.vtopo.netlink.model.OperState;
import io.vtopo.netlink.model.TunInfo;
import io.vtopo.netlink.model.VlanInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot-to-model conversion, without a kernel. */
class LiveReaderTest {
  static io.vtopo.netlink.model.Link link(
      int index,
      String name,
      io.vtopo.netlink.model.LinkInfo info,
      int flags,
      int parent,
      String alias) {
    return new io.vtopo.netlink.model.Link(
        index, name, info, flags, 1500, 0, parent, null, OperState.UP, alias, 0, null, null);
  }

  @Test
  void kindsOwnersAndLoopback() {
    Snapshot s =
        new Snapshot(
            List.of(
                link(1, "lo", new GenericInfo("", null), 0x9, 0, null),
                link(2, "eth0", new GenericInfo("", null), 0x1, 0, null),
                link(3, "eth0.5", new VlanInfo(5, VlanInfo.P_8021AD), 0x1, 2, "vtopo:lab"),
                link(4, "tap0", new TunInfo(true, 0, 1999999, true, false, true), 0, 0, "vtopo:"),
                link(5, "ifb0", new GenericInfo("ifb", null), 0, 0, "someone")),
            List.of(),
            List.of());
    List<Owned<Link>> out = LiveReader.read(s);
    assertThat(out)
        .extracting(o -> o.value().name())
        .containsExactly("eth0", "eth0.5", "ifb0", "lo", "tap0");
    assertThat(out.get(0).value()).isInstanceOf(Nic.class);
    Vlan v = (Vlan) out.get(1).value();
    assertThat(v.parent()).isEqualTo("eth0");
    assertThat(v.protocol()).isEqualTo(VlanProtocol.DOT1AD);
    assertThat(out.get(1).owner()).isEqualTo("lab");
    assertThat(out.get(2).value()).isEqualTo(new UnknownLink(out.get(2).value().attrs(), "ifb"));
    assertThat(out.get(2).owner()).isNull();
    assertThat(out.get(3).value()).isInstanceOf(UnknownLink.class);
    Tap t = (Tap) out.get(4).value();
    assertThat(t.owner()).as("uids the system knows are reported by name").isEqualTo("root");
    assertThat(t.group()).as("unknown ids stay numbers").isEqualTo("1999999");
    assertThat(t.multiQueue()).isTrue();
    assertThat(out.get(4).owner()).as("an empty name after the prefix is not an owner").isNull();
  }

  @Test
  void groupsAreStableAndInVtoposRange() {
    assertThat(Ownership.groupFor("lab")).isEqualTo(Ownership.groupFor("lab"));
    assertThat(Ownership.groupFor("lab") >>> 24).isEqualTo(0x76);
    assertThat(Ownership.alias("lab")).isEqualTo("vtopo:lab");
  }
}
