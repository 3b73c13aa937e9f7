package io.strato.provisioning.store;

/** Why a store write was refused. The REST layer maps each to an HTTP status. */
public abstract sealed class StoreException extends RuntimeException {

  protected StoreException(String message) {
    super(message);
  }

  /** No resource of that kind and name. */
  public static final class NotFound extends StoreException {
    public NotFound(ResourceKey key) {
      super(key + " not found");
    }
  }

  /** The caller's expected resourceVersion is not the current one (If-Match failed). */
  public static final class StaleVersion extends StoreException {
    private final long current;

    public StaleVersion(ResourceKey key, long expected, long current) {
      super(key + " is at version " + current + ", not " + expected);
      this.current = current;
    }

    public long current() {
      return current;
    }
  }

  /** The resource is being deleted; its spec can no longer change. */
  public static final class Deleting extends StoreException {
    public Deleting(ResourceKey key) {
      super(key + " is being deleted");
    }
  }
}
