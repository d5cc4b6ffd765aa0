package io.vtopo.virtnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.NetworkBackend.Impact;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.libvirt.LibvirtConnections;
import io.vtopo.libvirt.NativeLibvirt;
import io.vtopo.libvirt.NativeNetworks;
import io.vtopo.libvirt.NativeNetworks.LifecycleEvent;
import io.vtopo.virtnet.LibvirtNetworkBackend.LiveNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/**
 * The backend against libvirt's in-process {@code test:///default} driver: no daemon, no root,
 * fresh state per connection. It comes with a foreign network named {@code default}, which every
 * test must leave untouched.
 */
class TestDriverBackendTest {
  private Connect conn;
  private LibvirtNetworkBackend backend;
  private String defaultXml;

  @BeforeEach
  void open() throws Exception {
    Assumptions.assumeTrue(NativeLibvirt.isAvailable(), "libvirt.so.0 is not installed");
    conn = LibvirtConnections.open("test:///default");
    backend = new LibvirtNetworkBackend(conn);
    defaultXml = conn.networkLookupByName("default").getXMLDesc(0);
  }

  @AfterEach
  void close() throws Exception {
    if (conn != null) {
      // Whatever a test did, the foreign network must be byte-for-byte what it was.
      assertThat(conn.networkLookupByName("default").getXMLDesc(0)).isEqualTo(defaultXml);
      LibvirtConnections.closeQuietly(conn);
    }
  }

  private static Network renamed(Network n, String name) {
    return NetworkEdit.edit(n, e -> e.name(name));
  }

  private static Network withHosts(Network n, List<DhcpHost> hosts) {
    List<NetworkIp> ips = new ArrayList<>(n.ips());
    ips.set(0, new NetworkIp(ips.get(0).address(), ips.get(0).dhcpRanges(), hosts));
    return NetworkEdit.edit(n, e -> e.ips(ips));
  }

  @Test
  void listsForeignNetworksWithoutOwner() {
    assertThat(backend.list())
        .filteredOn(o -> o.value().name().equals("default"))
        .singleElement()
        .satisfies(o -> assertThat(o.isOwned()).isFalse());
  }

  @Test
  void createListUpdateInPlaceRestartAndDelete() throws Exception {
    Network nat = renamed(Golden.network("nat.yaml"), "vtt-net-fast");
    backend.create(nat, "lab");
    Owned<Network> listed =
        backend.list().stream()
            .filter(o -> o.value().name().equals("vtt-net-fast"))
            .findFirst()
            .orElseThrow();
    assertThat(listed.ownedBy("lab")).isTrue();
    assertThat(listed.value().autostart()).isTrue();
    assertThat(backend.impact(listed.value(), nat)).isEqualTo(Impact.NONE);
    String uuid = conn.networkLookupByName("vtt-net-fast").getUUIDString();

    List<DhcpHost> hosts = new ArrayList<>(nat.ips().get(0).dhcpHosts());
    hosts.add(
        new DhcpHost(
            MacAddress.parse("52:54:00:00:00:13").orElseThrow(),
            "cache",
            IpAddress.parse("192.0.2.8").orElseThrow()));
    Network more = withHosts(nat, hosts);
    assertThat(backend.impact(listed.value(), more)).isEqualTo(Impact.IN_PLACE);
    backend.update(listed.value(), more, "lab");
    LiveNetwork after = backend.get("vtt-net-fast");
    assertThat(after.network().ips().get(0).dhcpHosts())
        .extracting(DhcpHost::name)
        .contains("cache");
    assertThat(backend.impact(after.network(), more)).isEqualTo(Impact.NONE);

    Network bigger =
        NetworkEdit.edit(
            more,
            e -> {
              e.mtu(9000);
              e.autostart(false);
            });
    assertThat(backend.impact(after.network(), bigger)).isEqualTo(Impact.RESTART);
    backend.update(after.network(), bigger, "lab");
    LiveNetwork restarted = backend.get("vtt-net-fast");
    assertThat(restarted.network().mtu()).isEqualTo(9000);
    assertThat(restarted.network().autostart()).isFalse();
    assertThat(restarted.active()).isTrue();
    assertThat(restarted.owner()).isEqualTo("lab");
    assertThat(conn.networkLookupByName("vtt-net-fast").getUUIDString()).isEqualTo(uuid);

    backend.delete(restarted.network(), "lab");
    assertThat(backend.get("vtt-net-fast")).isNull();
  }

  @Test
  void foreignNetworkIsRefusedByEveryOperation() {
    Owned<Network> def =
        backend.list().stream()
            .filter(o -> o.value().name().equals("default"))
            .findFirst()
            .orElseThrow();
    Network desired = NetworkEdit.bare("default", NetworkMode.ISOLATED, e -> {});
    assertThatThrownBy(() -> backend.update(def.value(), desired, "lab"))
        .isInstanceOfSatisfying(
            VtopoException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_OWNED));
    assertThatThrownBy(() -> backend.delete(def.value(), "lab"))
        .isInstanceOfSatisfying(
            VtopoException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_OWNED));
    assertThatThrownBy(() -> backend.create(desired, "lab"))
        .isInstanceOfSatisfying(
            VtopoException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
  }

  @Test
  void networkOfAnotherTopologyIsNotOwned() {
    Network iso = renamed(Golden.network("isolated.yaml"), "vtt-net-other");
    backend.create(iso, "other");
    try {
      assertThatThrownBy(() -> backend.delete(iso, "lab"))
          .isInstanceOfSatisfying(
              VtopoException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_OWNED))
          .hasMessageContaining("owned by topology other");
    } finally {
      backend.delete(iso, "other");
    }
  }

  @Test
  void leasesAreUnsupportedByTheTestDriver() {
    assertThatThrownBy(() -> backend.leases("default"))
        .isInstanceOfSatisfying(
            VtopoException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED));
  }

  @Test
  void unreachableDaemonIsAClearError() {
    assertThatThrownBy(
            () -> LibvirtConnections.open("qemu+unix:///system?socket=/nonexistent/vtopo.sock"))
        .isInstanceOfSatisfying(
            VtopoException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .hasMessageContaining("/nonexistent/vtopo.sock")
        .hasMessageContaining("is libvirtd running");
  }

  @Test
  void lifecycleEventsArriveThroughTheBinding() throws Exception {
    LibvirtConnections.startEventLoop();
    Connect c = LibvirtConnections.open("test:///default");
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    AutoCloseable sub = NativeNetworks.onLifecycle(c, (name, ev) -> events.add(name + " " + ev));
    try {
      LibvirtNetworkBackend b = new LibvirtNetworkBackend(c);
      Network iso = renamed(Golden.network("isolated.yaml"), "vtt-net-events");
      b.create(iso, "lab");
      b.delete(iso, "lab");
      List<String> got = new ArrayList<>();
      while (got.size() < 4) {
        String e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("events so far: %s", got).isNotNull();
        got.add(e);
      }
      assertThat(got)
          .containsExactly(
              "vtt-net-events " + LifecycleEvent.DEFINED,
              "vtt-net-events " + LifecycleEvent.STARTED,
              "vtt-net-events " + LifecycleEvent.STOPPED,
              "vtt-net-events " + LifecycleEvent.UNDEFINED);
    } finally {
      sub.close();
      LibvirtConnections.closeQuietly(c);
    }
  }
}
