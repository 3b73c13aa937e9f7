package io.strato.cloud.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.strato.cloud.CloudException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Translates Google API errors (gax {@link ApiException}, or a bare gRPC status) into the {@link
 * CloudException} family by canonical status code and error details, so that no Google type crosses
 * the SPI.
 */
public final class GcpErrors {

  static final String PROVIDER = "gcp";

  /** GKE's ErrorInfo reason when another operation runs on the cluster. */
  public static final String CLUSTER_BUSY = "CLUSTER_ALREADY_HAS_OPERATION";

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
    List<Any> details = details(e);
    return switch (codeOf(e)) {
      case NOT_FOUND -> new CloudException.NotFound(PROVIDER, operation, message, e);
      case ALREADY_EXISTS, ABORTED -> new CloudException.Conflict(PROVIDER, operation, message, e);
      // Only "another operation runs on the cluster" clears by itself; every other precondition
      // (an API not enabled, a setting the cluster's mode forbids) needs the user.
      case FAILED_PRECONDITION ->
          clusterBusy(message, details)
              ? new CloudException.Conflict(PROVIDER, operation, message, e)
              : new CloudException.InvalidRequest(
                  PROVIDER, operation, "FailedPrecondition", message, e);
      // GKE answers a quota shortfall (CPUs, addresses, instance groups) as PERMISSION_DENIED
      // ("Insufficient regional quota ..."); the engine looks again slowly, as the user raises it.
      case PERMISSION_DENIED, UNAUTHENTICATED ->
          quota(message)
              ? new CloudException.InvalidRequest(PROVIDER, operation, "QuotaExceeded", message, e)
              : new CloudException.InvalidRequest(
                  PROVIDER, operation, "PermissionDenied", message, e);
      // RESOURCE_EXHAUSTED is the API's rate limit ("Quota exceeded for quota metric 'Requests'
      // ..."): it clears within a minute, so it is retried soon, after GKE's hint when it gave one.
      case RESOURCE_EXHAUSTED ->
          new CloudException.Throttled(PROVIDER, operation, message, retryDelay(details), e);
      case INVALID_ARGUMENT, OUT_OF_RANGE ->
          new CloudException.InvalidRequest(PROVIDER, operation, "InvalidArgument", message, e);
      default -> new CloudException.Transient(PROVIDER, operation, message, e);
    };
  }

  /** The busy-cluster precondition: by its ErrorInfo reason, or GKE's long-standing message. */
  static boolean clusterBusy(String message, List<Any> details) {
    for (Any d : details) {
      if (d.is(ErrorInfo.class) && CLUSTER_BUSY.equals(unpack(d, ErrorInfo.class).getReason())) {
        return true;
      }
    }
    return message != null && message.contains("incompatible operation");
  }

  private static boolean quota(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains("quota");
  }

  private static Duration retryDelay(List<Any> details) {
    for (Any d : details) {
      if (d.is(RetryInfo.class)) {
        var delay = unpack(d, RetryInfo.class).getRetryDelay();
        return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
      }
    }
    return null;
  }

  /** The google.rpc.Status details the failure carries, if any. */
  private static List<Any> details(Throwable e) {
    Throwable grpc = e instanceof ApiException && e.getCause() != null ? e.getCause() : e;
    return Optional.ofNullable(StatusProto.fromThrowable(grpc))
        .map(com.google.rpc.Status::getDetailsList)
        .orElse(List.of());
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("malformed error detail " + any.getTypeUrl(), e);
    }
  }

  /** The outcome tag of a failed call for metrics. */
  static String outcomeOf(Throwable e) {
    return switch (codeOf(e)) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN, CANCELLED -> "network_error";
      case INTERNAL, DATA_LOSS, UNIMPLEMENTED -> "server_error";
      case RESOURCE_EXHAUSTED -> "throttled";
      default -> "client_error";
    };
  }
}
