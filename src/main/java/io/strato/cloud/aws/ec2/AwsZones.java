package io.strato.cloud.aws.ec2;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Regions from availability zones. */
public final class AwsZones {

  /**
   * A standard zone is its region plus one letter ({@code us-east-1a}, {@code us-gov-west-1b}).
   * Local Zones and Wavelength Zones are named differently ({@code us-west-2-lax-1a}, {@code
   * us-east-1-wl1-bos-wlz-1}): stripping a letter from those gives no region, so for them the
   * caller's own region is the answer.
   */
  private static final Pattern STANDARD =
      Pattern.compile("([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d+)[a-z]");

  private static final Pattern LOCAL = Pattern.compile("([a-z]{2}(?:-gov)?-[a-z]+-\\d+)-.+");

  private AwsZones() {}

  /** The region of the zone; {@code fallback} when the zone's name does not say. */
  public static String region(String zone, String fallback) {
    if (zone == null) {
      return fallback;
    }
    Matcher standard = STANDARD.matcher(zone);
    if (standard.matches()) {
      return standard.group(1);
    }
    Matcher local = LOCAL.matcher(zone);
    return local.matches() ? local.group(1) : fallback;
  }
}
