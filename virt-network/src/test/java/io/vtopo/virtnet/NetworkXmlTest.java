package io.vtopo.virtnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.NetworkBackend.Impact;
import io.vtopo.core.model.DhcpHost;
import io.vtopo.core.model.Dns;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.MacAddress;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkIp;
import io.vtopo.core.model.NetworkMode;
import io.vtopo.core.model.PortGroup;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkXmlTest {
  @ParameterizedTest
  @ValueSource(strings = {"nat", "route", "open", "isolated", "bridge", "portgroup-vlan"})
  void rendersEachModeAsGoldenAndParsesItBack(String mode) {
    Network n = Golden.network(mode + ".yaml");
    String xml = NetworkXml.render(n, "lab");
    Golden.check(mode + ".xml", xml);

    ParsedNetwork p = NetworkXml.parse(Golden.read(mode + ".xml"));
    Golden.check(mode + ".parsed.txt", Golden.describe(p));
    assertThat(p.owner()).isEqualTo("lab");
    assertThat(p.unmodelled()).isEmpty();
    // Equal up to normalisation (2d == 48h) and autostart, which is not part of the XML.
    assertThat(NetworkChanges.compute(p.network(), n).impact()).isIn(Impact.NONE, Impact.IN_PLACE);
    assertThat(NetworkChanges.compute(p.network(), n).updates()).isEmpty();
    assertThat(NetworkChanges.compute(n, p.network()).impact()).isEqualTo(Impact.NONE);
  }

  @Test
  void theLiveConnectionCountIsStateNotAnUnmodelledSetting() {
    // libvirt writes <network connections='N'> into the live XML of a network with guests attached:
    // kept, every plan of an exported busy network would change as guests come and go.
    ParsedNetwork p =
        NetworkXml.parse(
            "<network connections='3'><name>busy</name><bridge name='virbr9'/>"
                + "<ip address='198.18.9.1' prefix='24'/></network>");
    assertThat(p.unmodelled()).isEmpty();
    assertThat(p.network().unmodelled()).isEmpty();
  }

  @Test
  void liveXmlOfTheNatExampleParsesBackToTheFile() {
    // Captured with virsh net-dumpxml --inactive after defining nat.xml: libvirt adds <uuid>,
    // echoes
    // <forward dev> as <interface dev>, and writes attributes in its own order and quoting.
    ParsedNetwork p = NetworkXml.parse(Golden.read("live-nat.xml"));
    Golden.check("live-nat.parsed.txt", Golden.describe(p));
    assertThat(p.unmodelled()).isEmpty();
    assertThat(p.owner()).isEqualTo("lab");
    NetworkChanges c = NetworkChanges.compute(p.network(), Golden.network("nat.yaml"));
    assertThat(c.restartReasons()).isEmpty();
    assertThat(c.updates()).isEmpty();
  }

  @Test
  void aRedefinitionKeepsTheBridgeMacTheFileLeavesUnset() {
    ParsedNetwork p = NetworkXml.parse(Golden.read("live-nat.xml"));
    assertThat(p.network().mac()).as("libvirt wrote one").isNotNull();
    // A file that declares no MAC: a restart must not let libvirt pick a new one, or the running
    // guests' ARP caches point at a gateway MAC that no longer exists.
    Network desired =
        NetworkXml.parse(Golden.read("live-nat.xml").replaceAll("<mac [^>]*/>", "")).network();
    assertThat(desired.mac()).isNull();
    String again = NetworkXml.render(desired, "lab", p);
    assertThat(NetworkXml.parse(again).network().mac()).isEqualTo(p.network().mac());
    assertThat(NetworkXml.render(desired, "lab")).doesNotContain("<mac");
  }

  @Test
  void liveXmlKeepsAndReportsWhatVtopoDoesNotModel() {
    ParsedNetwork p = NetworkXml.parse(Golden.read("live-unmodelled.xml"));
    Golden.check("live-unmodelled.parsed.txt", Golden.describe(p));
    assertThat(p.unmodelled())
        .contains(
            "network@ipv6",
            "bandwidth",
            "route[198.51.100.64]",
            "dnsmasq:options",
            "metadata/other:tag",
            "ip[203.0.113.17]/tftp",
            "ip[203.0.113.17]@localPtr",
            "ip[203.0.113.17]/dhcp/bootp",
            "dns/forwarder[192.0.2.53]");
    // A forwarder for one domain is not a global upstream: it stays out of the model, whole.
    assertThat(p.network().dns().forwarders()).isEmpty();
    assertThat(p.network().ips().get(0).address())
        .isEqualTo(IpPrefix.parse("203.0.113.17/28").orElseThrow());

    // Redefining keeps the identity and everything unmodelled, nested parts included, where it was.
    String again = NetworkXml.render(p.network(), "lab", p);
    Golden.check("live-unmodelled.rerendered.xml", again);
    ParsedNetwork q = NetworkXml.parse(again);
    assertThat(q.uuid()).isEqualTo(p.uuid());
    assertThat(q.owner()).isEqualTo("lab");
    assertThat(q.unmodelled()).containsExactlyInAnyOrderElementsOf(p.unmodelled());
    assertThat(q.network()).isEqualTo(p.network());
  }

  @Test
  void metacharactersCannotInjectXml() {
    String evil = "x'/><forward mode=\"bridge\"/><name>y</name><a b=\"&amp;<";
    Network n =
        NetworkEdit.bare(
            evil,
            NetworkMode.ISOLATED,
            e -> {
              e.domain("d\"<&>'");
              e.ips(
                  List.of(
                      new NetworkIp(
                          IpPrefix.parse("192.0.2.1/28").orElseThrow(),
                          List.of(),
                          List.of(
                              new DhcpHost(
                                  MacAddress.parse("52:54:00:00:00:01").orElseThrow(),
                                  evil,
                                  IpAddress.parse("192.0.2.2").orElseThrow())))));
              e.dns(
                  new Dns(
                      null,
                      List.of(),
                      List.of(
                          new Dns.DnsHost(
                              IpAddress.parse("192.0.2.3").orElseThrow(), List.of(evil))),
                      List.of(),
                      List.of(new Dns.DnsTxt(evil, evil))));
              e.portGroups(List.of(new PortGroup(evil, null, false)));
            });
    String xml = NetworkXml.render(n, evil);
    Golden.check("escape.xml", xml);
    ParsedNetwork p = NetworkXml.parse(xml);
    assertThat(p.network().name()).isEqualTo(evil);
    assertThat(p.network().mode()).isEqualTo(NetworkMode.ISOLATED);
    assertThat(p.network().domain()).isEqualTo("d\"<&>'");
    assertThat(p.owner()).isEqualTo(evil);
    assertThat(p.unmodelled()).isEmpty();
    assertThat(p.network()).isEqualTo(n.withUnmodelled(List.of()));
    assertThat(NetworkXml.hostXml(n.ips().get(0).dhcpHosts().get(0))).doesNotContain("/><forward");
  }

  @Test
  void controlCharactersAreRefused() {
    Network n = NetworkEdit.bare("a\u0001b", NetworkMode.ISOLATED, e -> {});
    assertThatThrownBy(() -> NetworkXml.render(n, "lab"))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("control character");
  }

  @Test
  void parserRejectsDoctypesAndEntities() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE network [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<network><name>&x;</name></network>";
    assertThatThrownBy(() -> NetworkXml.parse(xxe))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void updateFragmentsMatchVirshSyntax() {
    DhcpHost h =
        new DhcpHost(
            MacAddress.parse("52:54:00:00:00:01").orElseThrow(),
            "web",
            IpAddress.parse("192.0.2.5").orElseThrow(),
            "1h");
    assertThat(NetworkXml.hostXml(h))
        .isEqualTo(
            "<host mac=\"52:54:00:00:00:01\" name=\"web\" ip=\"192.0.2.5\"><lease expiry=\"1\" unit=\"hours\"/></host>");
    assertThat(NetworkXml.portGroupXml(new PortGroup("pg", 10, true)))
        .isEqualTo(
            "<portgroup name=\"pg\" default=\"yes\"><vlan><tag id=\"10\"/></vlan></portgroup>");
  }
}
