package io.strato.provisioning.api;

/**
 * The roles a token's {@code groups} claim may carry. Each role includes the ones before it, so an
 * endpoint names every role that may call it.
 */
public final class Roles {
  /** Reads resources, status and events. */
  public static final String VIEWER = "viewer";

  /** Also creates, changes and deletes resources. */
  public static final String OPERATOR = "operator";

  /** Everything, including what later administrative endpoints add. */
  public static final String ADMIN = "admin";

  private Roles() {}
}
