package io.strato.provisioning.api;

import java.util.function.Consumer;

/**
 * Who sends a change, as far as the resource service needs to know.
 *
 * @param admin whether the caller holds the admin role, which alone may set content that runs on
 *     instances (user data, bootstrap templates)
 * @param auditNote receives the hashes of such content, for the request's audit log row
 */
public record Caller(boolean admin, Consumer<String> auditNote) {

  /** An in-process admin with no audit row, e.g. a test that drives the service directly. */
  public static Caller inProcessAdmin() {
    return new Caller(true, note -> {});
  }
}
