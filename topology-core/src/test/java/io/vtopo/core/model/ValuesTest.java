package io.vtopo.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "fd00:0:0:0:0:0:0:1, fd00::1",
    "FD00::0001, fd00::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "::, ::",
    "::ffff:192.0.2.1, ::ffff:c000:201",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3"
  })
  void ipCanonicalForm(String in, String canonical) {
    assertThat(IpAddress.parse(in)).hasValueSatisfying(a -> assertThat(a).hasToString(canonical));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1::2::3",
        "g::1",
        "localhost",
        "1.2.3.4 ",
        "12345::1",
        "1:2:3:4:5:6:7:8:9"
      })
  void ipRejectsMalformed(String in) {
    assertThat(IpAddress.parse(in)).isEmpty();
  }

  @Test
  void prefixOverlapAndContainment() {
    IpPrefix a = IpPrefix.parse("192.0.2.1/24").orElseThrow();
    IpPrefix b = IpPrefix.parse("192.0.2.200/25").orElseThrow();
    IpPrefix c = IpPrefix.parse("198.51.100.1/24").orElseThrow();
    assertThat(a.overlaps(b)).isTrue();
    assertThat(a.overlaps(c)).isFalse();
    assertThat(b.network()).hasToString("192.0.2.128");
    assertThat(a.last()).hasToString("192.0.2.255");
    assertThat(a.contains(IpAddress.parse("192.0.2.77").orElseThrow())).isTrue();
    assertThat(IpPrefix.parse("192.0.2.1/33")).isEmpty();
    assertThat(IpPrefix.parse("fd00::1/64").orElseThrow().overlaps(a)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "10G, 10737418240",
    "10GB, 10000000000",
    "512 MiB, 536870912",
    "1000, 1000",
    "1k, 1024",
    "2T, 2199023255552",
    "7 bytes, 7"
  })
  void sizesFollowLibvirtUnits(String in, long bytes) {
    assertThat(ByteSize.parse(in)).hasValue(new ByteSize(bytes));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "G", "10X", "-1", "1.5G", "99999999999E", "10 GiBs"})
  void sizesRejectMalformed(String in) {
    assertThat(ByteSize.parse(in)).isEmpty();
  }

  @Test
  void macNormalisesAndFlagsMulticast() {
    assertThat(MacAddress.parse("52-54-00-AB-CD-EF"))
        .hasValueSatisfying(
            m -> {
              assertThat(m).hasToString("52:54:00:ab:cd:ef");
              assertThat(m.isMulticast()).isFalse();
            });
    assertThat(MacAddress.parse("01:00:5e:00:00:01").orElseThrow().isMulticast()).isTrue();
    assertThat(MacAddress.parse("52:54:00:ab:cd")).isEmpty();
  }
}
