package io.strato.controller.route;

import java.util.Optional;

/** An IPv4 CIDR block, for the one question the route plan asks: is this block inside that one. */
record Ipv4Cidr(long network, int prefix) {

  /** The block, or empty when the text is not an IPv4 CIDR (an IPv6 pod CIDR, a typo). */
  static Optional<Ipv4Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String[] octets = text.substring(0, slash).split("\\.", -1);
    if (octets.length != 4) {
      return Optional.empty();
    }
    try {
      int prefix = Integer.parseInt(text.substring(slash + 1));
      if (prefix < 0 || prefix > 32) {
        return Optional.empty();
      }
      long address = 0;
      for (String octet : octets) {
        int value = Integer.parseInt(octet);
        if (value < 0 || value > 255 || octet.isEmpty() || octet.startsWith("+")) {
          return Optional.empty();
        }
        address = (address << 8) | value;
      }
      return Optional.of(new Ipv4Cidr(address & mask(prefix), prefix));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean contains(Ipv4Cidr other) {
    return other.prefix >= prefix && (other.network & mask(prefix)) == network;
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }
}
