package io.vtopo.virtnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.backend.NetworkBackend.Impact;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.DhcpRange;
import io.vtopo.core.model.Dns;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import io.vtopo.libvirt.NetUpdate;
import io.vtopo.libvirt.NetUpdate.Command;
import io.vtopo.libvirt.NetUpdate.Section;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkChangesTest {
  private final Network base = Golden.network("nat.yaml");

  /** What libvirt reports for {@code base}: defaults filled in, autostart read separately. */
  private Network live() {
    return NetworkXml.parse(NetworkXml.render(base, "lab")).network();
  }

  private static Network withIps(Network n, List<NetworkIp> ips) {
    return NetworkEdit.edit(n, e -> e.ips(ips));
  }

  private static Network withHosts(Network n, List<DhcpHost> hosts) {
    List<NetworkIp> ips = new ArrayList<>(n.ips());
    NetworkIp first = ips.get(0);
    ips.set(0, new NetworkIp(first.address(), first.dhcpRanges(), hosts));
    return withIps(n, ips);
  }

  private static DhcpHost host(String mac, String ip) {
    return new DhcpHost(
        MacAddress.parse(mac).orElseThrow(), null, IpAddress.parse(ip).orElseThrow());
  }

  @Test
  void unsetAttributesAreNotCompared() {
    Network sparse =
        NetworkEdit.bare(
            base.name(),
            NetworkMode.NAT,
            e -> {
              e.ips(live().ips());
              e.portGroups(live().portGroups());
            });
    assertThat(NetworkChanges.compute(live(), sparse).impact()).isEqualTo(Impact.NONE);
  }

  @Test
  void dhcpHostChangesAreLiveUpdatesDeletingBeforeAdding() {
    List<DhcpHost> hosts = new ArrayList<>(base.ips().get(0).dhcpHosts());
    DhcpHost db = hosts.remove(1);
    hosts.add(host("52:54:00:00:00:12", "192.0.2.7"));
    NetworkChanges c = NetworkChanges.compute(live(), withHosts(base, hosts));
    assertThat(c.impact()).isEqualTo(Impact.IN_PLACE);
    assertThat(c.updates())
        .extracting(NetUpdate::command, NetUpdate::section, NetUpdate::parentIndex)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Command.DELETE, Section.IP_DHCP_HOST, 0),
            org.assertj.core.groups.Tuple.tuple(Command.ADD_LAST, Section.IP_DHCP_HOST, 0));
    assertThat(c.updates().get(0).xml()).contains(db.ip().toString());
    assertThat(c.updates().get(1).xml()).contains("192.0.2.7");
  }

  @Test
  void ipv6HostsTargetTheirOwnIpElement() {
    List<NetworkIp> ips = new ArrayList<>(base.ips());
    NetworkIp v6 = ips.get(1);
    ips.set(
        1,
        new NetworkIp(
            v6.address(),
            v6.dhcpRanges(),
            List.of(new DhcpHost(null, "db", IpAddress.parse("fd00:2::6").orElseThrow()))));
    NetworkChanges c = NetworkChanges.compute(live(), withIps(base, ips));
    assertThat(c.updates()).allSatisfy(u -> assertThat(u.parentIndex()).isEqualTo(1));
  }

  @Test
  void rangesAddBeforeDeleteAndLeasesNormalise() {
    List<NetworkIp> ips = new ArrayList<>(base.ips());
    NetworkIp v4 = ips.get(0);
    ips.set(
        0,
        new NetworkIp(
            v4.address(),
            List.of(
                new DhcpRange(
                    IpAddress.parse("192.0.2.10").orElseThrow(),
                    IpAddress.parse("192.0.2.20").orElseThrow(),
                    "60m")),
            v4.dhcpHosts()));
    assertThat(NetworkChanges.compute(live(), withIps(base, ips)).updates()).isEmpty();
    ips.set(
        0,
        new NetworkIp(
            v4.address(),
            List.of(
                new DhcpRange(
                    IpAddress.parse("192.0.2.21").orElseThrow(),
                    IpAddress.parse("192.0.2.30").orElseThrow(),
                    null)),
            v4.dhcpHosts()));
    NetworkChanges c = NetworkChanges.compute(live(), withIps(base, ips));
    assertThat(c.updates())
        .extracting(NetUpdate::command)
        .containsExactly(Command.ADD_LAST, Command.DELETE);
  }

  @Test
  void dnsRecordsAndPortGroupsAreLiveButForwardersAreNot() {
    Dns d = base.dns();
    Dns more =
        new Dns(
            d.enabled(),
            d.forwarders(),
            d.hosts(),
            List.of(),
            List.of(new Dns.DnsTxt("lab", "v2")));
    Network n =
        NetworkEdit.edit(
            base,
            e -> {
              e.dns(more);
              e.portGroups(List.of(new PortGroup("default", null, true)));
            });
    NetworkChanges c = NetworkChanges.compute(live(), n);
    assertThat(c.impact()).isEqualTo(Impact.IN_PLACE);
    assertThat(c.updates())
        .extracting(NetUpdate::section)
        .containsExactly(Section.DNS_SRV, Section.DNS_TXT, Section.DNS_TXT, Section.PORTGROUP);

    Dns fwd =
        new Dns(
            d.enabled(),
            List.of(IpAddress.parse("198.51.100.54").orElseThrow()),
            d.hosts(),
            d.srv(),
            d.txt());
    Network f =
        NetworkEdit.edit(
            base,
            e -> {
              e.dns(fwd);
              e.autostart(null);
            });
    NetworkChanges r = NetworkChanges.compute(live(), f);
    assertThat(r.impact()).isEqualTo(Impact.RESTART);
    assertThat(r.restartReasons())
        .containsExactly("dns.forwarders: desired [198.51.100.54], current [198.51.100.53]");
  }

  @Test
  void structuralChangesNeedARestartWithReasons() {
    Network m =
        NetworkEdit.edit(
            base,
            e -> {
              e.mode(NetworkMode.ROUTE);
              e.mtu(9000);
              e.nat(null);
              e.autostart(null);
            });
    NetworkChanges c = NetworkChanges.compute(live(), m);
    assertThat(c.impact()).isEqualTo(Impact.RESTART);
    assertThat(c.restartReasons())
        .containsExactly("mode: desired ROUTE, current NAT", "mtu: desired 9000, current 1500");
    assertThat(c.updates()).isEmpty();

    List<NetworkIp> ips =
        List.of(new NetworkIp(IpPrefix.parse("192.0.2.1/28").orElseThrow(), List.of(), List.of()));
    assertThat(NetworkChanges.compute(live(), withIps(base, ips)).restartReasons())
        .singleElement()
        .asString()
        .startsWith("ips: desired [192.0.2.1/28]");
  }

  @Test
  void turningDhcpOnIsARestart() {
    List<NetworkIp> ips = new ArrayList<>(base.ips());
    ips.set(0, new NetworkIp(ips.get(0).address(), List.of(), List.of()));
    Network noDhcp = withIps(base, ips);
    Network liveNoDhcp = NetworkXml.parse(NetworkXml.render(noDhcp, "lab")).network();
    assertThat(NetworkChanges.compute(liveNoDhcp, base).impact()).isEqualTo(Impact.RESTART);
  }

  @Test
  void autostartAloneIsInPlace() {
    NetworkChanges c = NetworkChanges.compute(live(), base);
    assertThat(c.impact()).isEqualTo(Impact.IN_PLACE);
    assertThat(c.autostart()).isTrue();
    assertThat(c.updates()).isEmpty();
  }
}
