package io.strato.controller.service;

/** Strict IPv4 address and CIDR checks: no shorthand, no leading zeros, no DNS look-up. */
final class Cidrs {

  private Cidrs() {}

  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if ((p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv4Cidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String bits = s.substring(slash + 1);
    return !bits.isEmpty()
        && bits.length() <= 2
        && bits.chars().allMatch(Character::isDigit)
        && Integer.parseInt(bits) <= 32
        && isIpv4(s.substring(0, slash));
  }
}
