package io.strato.provisioning.api;

/**
 * A change refused because another front door owns the resource: one created through Kubernetes is
 * read-only through REST, and the other way round (409 Conflict, naming the owner).
 */
public final class OwnerConflictException extends RuntimeException {

  public OwnerConflictException(String message) {
    super(message);
  }
}
