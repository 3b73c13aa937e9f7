package io.strato.provisioning.api;

import io.strato.provisioning.validation.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error this API answers.
 *
 * @param errors the fields at fault, when the problem is about the request's content
 */
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null);
  }

  public static Problem invalid(int status, String detail, List<FieldError> errors) {
    return new Problem(
        "https://strato.io/problems/invalid-request",
        status == 422 ? "Invalid resource" : "Malformed request",
        status,
        detail,
        errors);
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
