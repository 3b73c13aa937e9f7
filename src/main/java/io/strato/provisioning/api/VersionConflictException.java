package io.strato.provisioning.api;

/**
 * A write whose precondition failed: If-Match (412 Precondition Failed) or {@code
 * metadata.resourceVersion} in the body (409 Conflict, as Kubernetes answers).
 */
public final class VersionConflictException extends RuntimeException {

  private final int status;

  public VersionConflictException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
