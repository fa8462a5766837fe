package io.hookyard.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.255.0.9, loopback",
    "0.0.0.0, unspecified",
    "10.1.2.3, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.1.1, private",
    "169.254.169.254, link-local",
    "100.64.0.1, carrier-grade NAT",
    "198.18.0.1, benchmarking",
    "224.0.0.1, multicast",
    "239.255.255.250, multicast",
    "255.255.255.255, broadcast",
    "240.0.0.1, reserved",
    "::1, loopback",
    "::, unspecified",
    "fe80::1, link-local",
    "fc00::1, private",
    "fd12:3456::1, private",
    "ff02::1, multicast",
    "::ffff:127.0.0.1, loopback",
    "::ffff:10.0.0.1, private",
    "64:ff9b::a9fe:a9fe, link-local",
    "2002:c0a8:0101::1, private"
  })
  void refusesNonPublicAddresses(String literal, String reason) throws UnknownHostException {
    assertThat(AddressClass.nonPublic(InetAddress.getByName(literal))).contains(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.15.255.255",
        "172.32.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "192.169.0.1",
        "2606:4700:4700::1111",
        "64:ff9b::808:808",
        "::ffff:8.8.8.8"
      })
  void acceptsPublicAddresses(String literal) throws UnknownHostException {
    assertThat(AddressClass.isPublic(InetAddress.getByName(literal))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "169.254.169.254, link-local",
    "169.254.0.1, link-local",
    "fe80::1, link-local",
    "::ffff:169.254.169.254, link-local",
    "fd00:ec2::254, cloud metadata",
    "100.100.100.200, cloud metadata"
  })
  void neverAllowsMetadataAndLinkLocalAddressesEvenWherePrivateOnesAre(
      String literal, String reason) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(literal);
    assertThat(AddressClass.neverTarget(address)).contains(reason);
    assertThat(AddressClass.refused(address, true)).contains(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "192.168.1.1", "::1", "fd00:ec2::253"})
  void allowsLoopbackAndPrivateAddressesWherePrivateOnesAre(String literal)
      throws UnknownHostException {
    InetAddress address = InetAddress.getByName(literal);
    assertThat(AddressClass.refused(address, true)).isEmpty();
    assertThat(AddressClass.refused(address, false)).isPresent();
  }
}
