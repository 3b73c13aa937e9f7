package io.strato.provisioning.api;

import io.strato.provisioning.store.StoreException;

/**
 * The version a write is conditional on: from If-Match (a failure answers 412) or from {@code
 * metadata.resourceVersion} (a failure answers 409). If-Match wins when both are given.
 */
record Precondition(Long version, int status) {

  static Precondition of(String ifMatch, String bodyVersion) {
    if (ifMatch != null && !ifMatch.isBlank()) {
      String tag = ifMatch.trim();
      if (tag.equals("*")) {
        return new Precondition(null, 412);
      }
      return new Precondition(parse(tag), 412);
    }
    if (bodyVersion != null) {
      return new Precondition(parse(bodyVersion), 409);
    }
    return new Precondition(null, 409);
  }

  /** Parses {@code "5"}, {@code W/"5"} or {@code 5}; anything else matches no version (-1). */
  private static long parse(String tag) {
    String t = tag.startsWith("W/") ? tag.substring(2) : tag;
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      t = t.substring(1, t.length() - 1);
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  VersionConflictException conflict(StoreException.StaleVersion e) {
    return new VersionConflictException(
        status,
        "the resource is at version "
            + e.current()
            + "; read it again and retry with that version");
  }
}
