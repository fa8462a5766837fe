package io.hookyard.schemas.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a webhook must not reach unless the operator allows it (SSRF): loopback,
 * unspecified, link-local (cloud metadata lives at 169.254.169.254), private and unique-local,
 * carrier-grade NAT, multicast, broadcast and reserved ranges. IPv6 forms that embed an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged by the embedded address. Pure arithmetic on
 * the bytes, so control (at creation) and dispatch (at connect time) agree.
 */
public final class AddressClass {
  private AddressClass() {}

  /** Why {@code address} is not a public target, or empty when it is one. */
  public static Optional<String> nonPublic(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      Optional<byte[]> embedded = embeddedV4(b);
      if (embedded.isPresent()) {
        return v4(embedded.get());
      }
      return v6(address, b);
    }
    return v4(b);
  }

  public static boolean isPublic(InetAddress address) {
    return nonPublic(address).isEmpty();
  }

  /**
   * Why {@code address} is never a target, whatever the operator allows (embedded mode and {@code
   * allow-private-targets} included): link-local addresses, where every cloud keeps its metadata
   * service (169.254.169.254, fe80::/10), and the metadata addresses outside that range (AWS's
   * fd00:ec2::254, Alibaba's 100.100.100.200). Empty when it may be a target under the settings.
   */
  public static Optional<String> neverTarget(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      Optional<byte[]> embedded = embeddedV4(b);
      if (embedded.isPresent()) {
        return neverTargetV4(embedded.get());
      }
      if (address.isLinkLocalAddress()) {
        return Optional.of("link-local");
      }
      boolean awsMetadata =
          (b[0] & 0xff) == 0xfd
              && b[1] == 0
              && (b[2] & 0xff) == 0x0e
              && (b[3] & 0xff) == 0xc2
              && allZeroFrom(b, 4, 13)
              && b[14] == 0x02
              && (b[15] & 0xff) == 0x54;
      return awsMetadata ? Optional.of("cloud metadata") : Optional.empty();
    }
    return neverTargetV4(b);
  }

  /**
   * Why {@code address} is refused as a target: with {@code allowPrivate}, only what is {@link
   * #neverTarget never} one; without it, everything that is not public.
   */
  public static Optional<String> refused(InetAddress address, boolean allowPrivate) {
    return allowPrivate ? neverTarget(address) : nonPublic(address);
  }

  private static Optional<String> neverTargetV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local");
    }
    if (a0 == 100 && a1 == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200) {
      return Optional.of("cloud metadata");
    }
    return Optional.empty();
  }

  private static Optional<String> v4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 127) {
      return Optional.of("loopback");
    }
    if (a0 == 0) {
      return Optional.of("unspecified");
    }
    if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local");
    }
    if (a0 == 100 && a1 >= 64 && a1 <= 127) {
      return Optional.of("carrier-grade NAT");
    }
    if (a0 == 198 && (a1 == 18 || a1 == 19)) {
      return Optional.of("benchmarking");
    }
    if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
      return Optional.of("reserved");
    }
    if (a0 >= 224 && a0 <= 239) {
      return Optional.of("multicast");
    }
    if (a0 >= 240) {
      return Optional.of(a0 == 255 && allOnes(b) ? "broadcast" : "reserved");
    }
    return Optional.empty();
  }

  private static Optional<String> v6(InetAddress address, byte[] b) {
    if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("site-local");
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return Optional.of("private");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    return Optional.empty();
  }

  /** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 (64:ff9b::/96) or 6to4 address. */
  private static Optional<byte[]> embeddedV4(byte[] b) {
    boolean firstTenZero = true;
    for (int i = 0; i < 10; i++) {
      firstTenZero &= b[i] == 0;
    }
    boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0 && !allZeroFrom(b, 12, 14);
    boolean nat64 =
        (b[0] & 0xff) == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && allZeroFrom(b, 4, 11);
    if (mapped || compatible || nat64) {
      return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
    }
    return Optional.empty();
  }

  private static boolean allZeroFrom(byte[] b, int from, int to) {
    for (int i = from; i <= to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean allOnes(byte[] b) {
    for (byte x : b) {
      if ((x & 0xff) != 0xff) {
        return false;
      }
    }
    return true;
  }
}
