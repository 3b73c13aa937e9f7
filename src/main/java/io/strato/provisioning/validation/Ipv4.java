package io.strato.provisioning.validation;

/** Strict IPv4 parsing: no leading zeros, no shorthand, nothing InetAddress would look up. */
final class Ipv4 {

  private Ipv4() {}

  static boolean isAddress(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String bits = s.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 2 || !bits.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return isAddress(s.substring(0, slash)) && Integer.parseInt(bits) <= 32;
  }
}
