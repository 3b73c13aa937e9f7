package io.strato.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The one IPv4 reading, strict in every use: the REST validation, the Service annotations and the
 * route plan (which used to accept leading zeros and signs) now agree.
 */
class Ipv4CidrTest {

  @Test
  void acceptsPlainDecimalAddressesAndBlocks() {
    assertThat(Ipv4Cidr.isAddress("10.0.0.1")).isTrue();
    assertThat(Ipv4Cidr.isAddress("0.0.0.0")).isTrue();
    assertThat(Ipv4Cidr.isAddress("255.255.255.255")).isTrue();
    assertThat(Ipv4Cidr.isCidr("10.0.0.0/16")).isTrue();
    assertThat(Ipv4Cidr.isCidr("0.0.0.0/0")).isTrue();
    assertThat(Ipv4Cidr.isCidr("192.168.1.7/32")).isTrue();
  }

  @Test
  void refusesLeadingZerosEverywhereTheRoutePlanOnceTookThem() {
    assertThat(Ipv4Cidr.parse("010.244.0.0/16")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.244.00.0/16")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.244.0.0/016")).isEmpty();
    assertThat(Ipv4Cidr.isAddress("10.0.0.01")).isFalse();
    assertThat(Ipv4Cidr.isCidr("10.0.0.0/08")).isFalse();
  }

  @Test
  void refusesSignsShorthandAndOtherFamilies() {
    assertThat(Ipv4Cidr.parse("+10.0.0.0/8")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.0/+8")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.0/-1")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.1/16")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.0")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.0/")).isEmpty();
    assertThat(Ipv4Cidr.parse("fd00::/64")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.256/24")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.0/33")).isEmpty();
    assertThat(Ipv4Cidr.parse(null)).isEmpty();
    assertThat(Ipv4Cidr.isAddress("localhost")).isFalse();
    assertThat(Ipv4Cidr.isAddress("1.2.3.4.5")).isFalse();
    assertThat(Ipv4Cidr.isAddress("1..3.4")).isFalse();
  }

  @Test
  void aBlockIsNormalisedToItsNetworkForContainment() {
    Ipv4Cidr cluster = Ipv4Cidr.parse("10.244.7.9/16").orElseThrow();
    assertThat(cluster).isEqualTo(Ipv4Cidr.parse("10.244.0.0/16").orElseThrow());
    assertThat(cluster.contains(Ipv4Cidr.parse("10.244.3.0/24").orElseThrow())).isTrue();
    assertThat(cluster.contains(Ipv4Cidr.parse("10.245.0.0/24").orElseThrow())).isFalse();
  }
}
