package io.strato.provisioning.api;

import io.strato.provisioning.store.StoreException;
import io.strato.provisioning.store.StoredResource;
import java.util.Optional;

/**
 * The version a write is conditional on: from If-Match (a failure answers 412) or from {@code
 * metadata.resourceVersion} (a failure answers 409). If-Match wins when both are given.
 *
 * <p>The version clients see is {@code <counter>.<first 8 of the UID>}: the store's counter starts
 * again at 1 when a name is deleted and created anew, and the UID part keeps a version read from
 * the old object from matching the new one.
 *
 * @param uidPrefix the UID part of the version, or null when the client sent a bare counter
 */
record Precondition(Long version, String uidPrefix, int status) {

  static final int UID_PART = 8;

  /** The version clients see for a stored resource. */
  static String versionOf(StoredResource r) {
    return versionOf(r.resourceVersion(), r.uid());
  }

  static String versionOf(long resourceVersion, String uid) {
    return resourceVersion + "." + uidPart(uid);
  }

  static Precondition of(String ifMatch, String bodyVersion) {
    if (ifMatch != null && !ifMatch.isBlank()) {
      String tag = ifMatch.trim();
      if (tag.equals("*")) {
        return new Precondition(null, null, 412);
      }
      return parse(tag, 412);
    }
    if (bodyVersion != null) {
      return parse(bodyVersion, 409);
    }
    return new Precondition(null, null, 409);
  }

  /** Parses {@code "5.ab12cd34"}, {@code W/"5"} or {@code 5}; anything else matches no version. */
  private static Precondition parse(String tag, int status) {
    String t = tag.startsWith("W/") ? tag.substring(2) : tag;
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      t = t.substring(1, t.length() - 1);
    }
    int dot = t.indexOf('.');
    String counter = dot < 0 ? t : t.substring(0, dot);
    String uid = dot < 0 ? null : t.substring(dot + 1);
    try {
      return new Precondition(Long.parseLong(counter), uid, status);
    } catch (NumberFormatException e) {
      return new Precondition(-1L, null, status);
    }
  }

  /**
   * Refuses the write when the version names another incarnation of the resource (deleted and
   * created again since the client read it).
   */
  void checkIncarnation(Optional<StoredResource> current) {
    if (uidPrefix != null
        && current.isPresent()
        && !uidPart(current.get().uid()).equals(uidPrefix)) {
      throw new VersionConflictException(
          status,
          "the resource was deleted and created again since that version; read it again and retry");
    }
  }

  VersionConflictException conflict(StoreException.StaleVersion e, StoredResource current) {
    String version = current == null ? Long.toString(e.current()) : versionOf(current);
    return new VersionConflictException(
        status,
        "the resource is at version " + version + "; read it again and retry with that version");
  }

  private static String uidPart(String uid) {
    String hex = uid.replace("-", "");
    return hex.length() <= UID_PART ? hex : hex.substring(0, UID_PART);
  }
}
