package io.strato.cloud.aws.appscaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.cloud.CloudException;
import java.util.Set;

/**
 * Translates an AWS JSON 1.1 error answer ({@code {"__type": "...", "message": "..."}}) into the
 * {@link CloudException} family, the way {@code AwsErrors} does for SDK errors.
 */
final class JsonRpcErrors {

  private static final Set<String> THROTTLING =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          // Application Auto Scaling: another change to the same target is in flight.
          "ConcurrentUpdateException");

  private JsonRpcErrors() {}

  static CloudException translate(String operation, int status, JsonNode body) {
    String code = code(body);
    String message = message(body, code, status);
    if ((code != null && THROTTLING.contains(code)) || status == 429) {
      return new CloudException.Throttled("aws", operation, message, null, null);
    }
    if (status >= 500) {
      return new CloudException.Transient("aws", operation, message, null);
    }
    if (code == null) {
      return new CloudException.InvalidRequest(
          "aws", operation, "HttpStatus" + status, message, null);
    }
    if (code.equals("ObjectNotFoundException") || code.endsWith("NotFoundException")) {
      return new CloudException.NotFound("aws", operation, message, null);
    }
    if (code.equals("LimitExceededException")) {
      return new CloudException.InvalidRequest("aws", operation, "QuotaExceeded", message, null);
    }
    if (code.equals("AccessDeniedException") || code.equals("UnrecognizedClientException")) {
      return new CloudException.InvalidRequest("aws", operation, "AccessDenied", message, null);
    }
    return new CloudException.InvalidRequest("aws", operation, code, message, null);
  }

  /** The metrics outcome, as the SDK interceptor would tag the same failure. */
  static String outcomeOf(CloudException e, int status) {
    if (e instanceof CloudException.Throttled) {
      return "throttled";
    }
    return status >= 500 ? "server_error" : "client_error";
  }

  /** The error code without its namespace ({@code com.amazonaws...#ValidationException}). */
  static String code(JsonNode body) {
    JsonNode type = body.get("__type");
    if (type == null || !type.isTextual()) {
      return null;
    }
    String t = type.asText();
    int hash = t.lastIndexOf('#');
    String code = hash >= 0 ? t.substring(hash + 1) : t;
    int colon = code.indexOf(':');
    return colon >= 0 ? code.substring(0, colon) : code;
  }

  private static String message(JsonNode body, String code, int status) {
    JsonNode m = body.has("message") ? body.get("message") : body.get("Message");
    String text = m == null ? "HTTP " + status : m.asText();
    return code == null ? text : code + ": " + text;
  }
}
