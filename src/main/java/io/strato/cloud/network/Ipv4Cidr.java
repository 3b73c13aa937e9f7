package io.strato.cloud.network;

import java.util.Optional;

/**
 * An IPv4 CIDR block, and the one strict reading of IPv4 text that the REST validation, the Service
 * annotations and the route plan share: four decimal octets without leading zeros, signs or
 * shorthand, and a prefix of 0 to 32 without them either. Leading zeros are refused because readers
 * disagree on them ({@code 010} is octal to inet_aton, decimal to Java), and Go's net.ParseCIDR,
 * which Kubernetes uses for pod CIDRs, refuses them too. Nothing here looks a name up, unlike
 * {@link java.net.InetAddress}.
 */
public record Ipv4Cidr(long network, int prefix) {

  /** The block, or empty when the text is not a strict IPv4 CIDR (an IPv6 pod CIDR, a typo). */
  public static Optional<Ipv4Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String bits = text.substring(slash + 1);
    Optional<Long> address = address(text.substring(0, slash));
    if (address.isEmpty() || !decimal(bits, 2)) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(bits);
    if (prefix > 32) {
      return Optional.empty();
    }
    return Optional.of(new Ipv4Cidr(address.get() & mask(prefix), prefix));
  }

  public static boolean isCidr(String text) {
    return parse(text).isPresent();
  }

  public static boolean isAddress(String text) {
    return text != null && address(text).isPresent();
  }

  public boolean contains(Ipv4Cidr other) {
    return other.prefix >= prefix && (other.network & mask(prefix)) == network;
  }

  private static Optional<Long> address(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      return Optional.empty();
    }
    long address = 0;
    for (String octet : octets) {
      if (!decimal(octet, 3)) {
        return Optional.empty();
      }
      int value = Integer.parseInt(octet);
      if (value > 255) {
        return Optional.empty();
      }
      address = (address << 8) | value;
    }
    return Optional.of(address);
  }

  /** Digits only, at most {@code maxDigits}, and no leading zero unless it is the only digit. */
  private static boolean decimal(String s, int maxDigits) {
    return !s.isEmpty()
        && s.length() <= maxDigits
        && s.chars().allMatch(c -> c >= '0' && c <= '9')
        && (s.length() == 1 || s.charAt(0) != '0');
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }
}
