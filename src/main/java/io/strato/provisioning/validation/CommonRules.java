package io.strato.provisioning.validation;

import io.strato.cloud.network.Ipv4Cidr;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks shared by every kind: names, tags, labels, AWS identifiers, CIDRs. */
public final class CommonRules {

  /** A DNS label, as Kubernetes names: it ends up in cloud names, tags and URLs. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /** What AWS accepts in tag keys and values: letters, digits, spaces and + - = . _ : / @. */
  private static final Pattern AWS_TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private static final List<String> RESERVED_TAG_PREFIXES =
      List.of("aws:", "strato.io/", "kubernetes.io/cluster/");

  public static final int MAX_NAME_LENGTH = 63;

  private CommonRules() {}

  public static void name(Validation v, String name, String field) {
    if (v.require(name, field)) {
      v.check(
          name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches(),
          field,
          "must be 1 to 63 lowercase letters, digits or '-', starting and ending with a letter or"
              + " digit");
    }
  }

  /** Kubernetes label syntax, used for resource labels and node labels alike. */
  public static void labels(Validation v, Map<String, String> labels, String field) {
    if (labels == null) {
      return;
    }
    if (!v.check(labels.size() <= 64, field, "at most 64 labels")) {
      return;
    }
    labels.forEach(
        (key, value) -> {
          String f = field + "." + key;
          v.check(
              labelKey(key),
              f,
              "is not a valid label key ([prefix/]name, name of at most 63"
                  + " characters of letters, digits, '-', '_', '.')");
          v.check(
              value != null && value.length() <= 63 && LABEL_VALUE.matcher(value).matches(),
              f,
              "label value must be at most 63 letters, digits, '-', '_' or '.', starting and"
                  + " ending with a letter or digit");
        });
  }

  static boolean labelKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return name.length() <= 63 && LABEL_NAME.matcher(name).matches();
  }

  /** The user's extra cloud tags: AWS limits, and no tag that would forge ownership. */
  public static void tags(Validation v, Map<String, String> tags, String field) {
    if (tags == null) {
      return;
    }
    if (!v.check(tags.size() <= 40, field, "at most 40 tags (AWS allows 50, Strato uses 10)")) {
      return;
    }
    tags.forEach(
        (key, value) -> {
          String f = field + "." + key;
          if (!v.check(
              key != null && !key.isBlank() && key.length() <= 128,
              f,
              "tag keys must be" + " 1 to 128 characters")) {
            return;
          }
          v.check(
              AWS_TAG_TEXT.matcher(key).matches(),
              f,
              "tag keys may hold letters, digits," + " spaces and _ . : / = + - @ only");
          v.check(
              RESERVED_TAG_PREFIXES.stream().noneMatch(key::startsWith),
              f,
              "tag keys starting with aws:, strato.io/ or kubernetes.io/cluster/ are reserved");
          v.check(
              value != null && value.length() <= 256 && AWS_TAG_TEXT.matcher(value).matches(),
              f,
              "tag values must be at most 256 letters, digits, spaces and _ . : / = + - @");
        });
  }

  /** An AWS resource ID such as {@code subnet-0abc}: a prefix, a dash, 8 or 17 hex digits. */
  public static void awsId(Validation v, String id, String prefix, String field) {
    if (v.require(id, field)) {
      v.check(
          id.matches(Pattern.quote(prefix) + "-[0-9a-f]{8}([0-9a-f]{9})?"),
          field,
          "must be an AWS ID of the form " + prefix + "-0123456789abcdef0");
    }
  }

  public static void awsIds(Validation v, List<String> ids, String prefix, String field) {
    if (ids == null) {
      return;
    }
    for (int i = 0; i < ids.size(); i++) {
      awsId(v, ids.get(i), prefix, field + "[" + i + "]");
    }
    v.check(ids.stream().distinct().count() == ids.size(), field, "lists an ID twice");
  }

  public static void ipv4Cidr(Validation v, String cidr, String field) {
    if (!v.require(cidr, field)) {
      return;
    }
    v.check(Ipv4Cidr.isCidr(cidr), field, "must be an IPv4 CIDR such as 10.0.0.0/16");
  }

  public static void ipv4(Validation v, String ip, String field) {
    if (!v.require(ip, field)) {
      return;
    }
    v.check(Ipv4Cidr.isAddress(ip), field, "must be an IPv4 address");
  }
}
