package io.strato.provisioning.store;

/**
 * The database failed us: unreachable, out of connections, a broken statement. Unlike {@link
 * StoreException}, which refuses a user's write for a reason the user can act on, this is an
 * operator's problem: the REST layer answers 503 and the reconcile engine retries with backoff.
 */
public final class StoreFailure extends RuntimeException {

  public StoreFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
