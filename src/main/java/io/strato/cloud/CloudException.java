package io.strato.cloud;

import io.strato.reconcile.RetryAfter;
import java.time.Duration;
import java.util.Optional;

/**
 * The one error family that crosses the cloud SPI. The reconcile engine decides from the type alone
 * whether to retry, back off or tell the user: providers translate every SDK error into one of
 * these.
 */
public abstract sealed class CloudException extends RuntimeException {

  private final String provider;
  private final String operation;

  protected CloudException(String provider, String operation, String message, Throwable cause) {
    super(message, cause);
    this.provider = provider;
    this.operation = operation;
  }

  public String provider() {
    return provider;
  }

  public String operation() {
    return operation;
  }

  /** Whether repeating the same request later can succeed without the user changing anything. */
  public abstract boolean retryable();

  /** The thing asked for does not exist. On delete this is success, and callers treat it so. */
  public static final class NotFound extends CloudException {
    public NotFound(String provider, String operation, String message, Throwable cause) {
      super(provider, operation, message, cause);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /**
   * The resource exists but is owned by someone else, or is in a state that forbids the change (a
   * security group still in use, a name taken by another owner). Retryable: dependencies clear.
   */
  public static final class Conflict extends CloudException {
    public Conflict(String provider, String operation, String message, Throwable cause) {
      super(provider, operation, message, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The cloud asked us to slow down; {@link #retryAfter()} is its hint when it gave one. */
  public static final class Throttled extends CloudException implements RetryAfter {
    private final Duration retryAfter;

    public Throttled(
        String provider, String operation, String message, Duration retryAfter, Throwable cause) {
      super(provider, operation, message, cause);
      this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /**
   * The request can never succeed as written (a bad certificate ARN, an unknown subnet, a quota the
   * user must raise). Not retried until the spec changes; the message is shown to the user.
   */
  public static final class InvalidRequest extends CloudException {
    private final String reason;

    public InvalidRequest(
        String provider, String operation, String reason, String message, Throwable cause) {
      super(provider, operation, message, cause);
      this.reason = reason;
    }

    /** A short CamelCase reason for status conditions, e.g. {@code QuotaExceeded}. */
    public String reason() {
      return reason;
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** A network error, a 5xx, a timeout: retried with backoff. */
  public static final class Transient extends CloudException {
    public Transient(String provider, String operation, String message, Throwable cause) {
      super(provider, operation, message, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }
}
