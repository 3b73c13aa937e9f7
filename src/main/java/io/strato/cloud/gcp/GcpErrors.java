package io.strato.cloud.gcp;

import com.google.api.gax.rpc.ApiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strato.cloud.CloudException;

/**
 * Translates Google API errors (gax {@link ApiException}, or a bare gRPC status) into the {@link
 * CloudException} family by canonical status code, so that no Google type crosses the SPI.
 */
public final class GcpErrors {

  static final String PROVIDER = "gcp";

  private GcpErrors() {}

  /** The canonical gRPC code of a failure; UNKNOWN when it carries none. */
  public static Status.Code codeOf(Throwable e) {
    if (e instanceof ApiException api && api.getStatusCode() != null) {
      Object code = api.getStatusCode().getCode();
      return Status.Code.valueOf(code.toString());
    }
    if (e instanceof StatusRuntimeException sre) {
      return sre.getStatus().getCode();
    }
    return Status.Code.UNKNOWN;
  }

  public static CloudException translate(String operation, RuntimeException e) {
    String message = e.getMessage();
    return switch (codeOf(e)) {
      case NOT_FOUND -> new CloudException.NotFound(PROVIDER, operation, message, e);
      case ALREADY_EXISTS, ABORTED -> new CloudException.Conflict(PROVIDER, operation, message, e);
      // GKE answers FAILED_PRECONDITION when another operation runs on the cluster: it clears
      // by itself, so it is a retryable conflict, never a failure the user must fix.
      case FAILED_PRECONDITION -> new CloudException.Conflict(PROVIDER, operation, message, e);
      case RESOURCE_EXHAUSTED ->
          new CloudException.InvalidRequest(PROVIDER, operation, "QuotaExceeded", message, e);
      case INVALID_ARGUMENT, OUT_OF_RANGE ->
          new CloudException.InvalidRequest(PROVIDER, operation, "InvalidArgument", message, e);
      case PERMISSION_DENIED, UNAUTHENTICATED ->
          new CloudException.InvalidRequest(PROVIDER, operation, "PermissionDenied", message, e);
      default -> new CloudException.Transient(PROVIDER, operation, message, e);
    };
  }

  /** The outcome tag of a failed call for metrics. */
  static String outcomeOf(Throwable e) {
    return switch (codeOf(e)) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN, CANCELLED -> "network_error";
      case INTERNAL, DATA_LOSS, UNIMPLEMENTED -> "server_error";
      case RESOURCE_EXHAUSTED -> "quota";
      default -> "client_error";
    };
  }
}
