package io.strato.provisioning.api;

import java.util.Set;

/**
 * Which requests change something: the methods the rate limiter charges to the change budget and
 * the audit log records. One definition, so the two can never disagree about what a change is.
 */
public final class ChangeRequests {

  private static final Set<String> METHODS = Set.of("PUT", "POST", "PATCH", "DELETE");

  private ChangeRequests() {}

  public static boolean isChange(String method) {
    return METHODS.contains(method);
  }
}
