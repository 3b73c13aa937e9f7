package io.strato.provisioning.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.strato.provisioning.store.StoreException;
import io.strato.provisioning.store.StoreFailure;
import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.InvalidSpecException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the API answers is an RFC 9457 problem. Bad input names the field; nothing a client
 * sends produces a 500 (an unexpected failure is a 500 problem that says only that, and is logged).
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response invalid(InvalidSpecException e) {
    boolean query =
        e.errors().stream().allMatch(f -> QueryParameters.PARAMETERS.contains(f.field()));
    int status = query ? 400 : 422;
    return Problem.invalid(status, e.getMessage(), e.errors()).toResponse();
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e) {
    return Problem.invalid(400, describe(e), List.of(new FieldError(path(e), describe(e))))
        .toResponse();
  }

  /** Quarkus maps this subtype itself (as plain JSON); the more specific mapper here wins. */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return malformed(e);
  }

  @ServerExceptionMapper
  public Response notFound(StoreException.NotFound e) {
    return Problem.of(404, "Not found", e.getMessage()).toResponse();
  }

  @ServerExceptionMapper
  public Response deleting(StoreException.Deleting e) {
    return Problem.of(409, "Conflict", e.getMessage() + "; its spec can no longer change")
        .toResponse();
  }

  @ServerExceptionMapper
  public Response stale(StoreException.StaleVersion e) {
    return Problem.of(409, "Conflict", e.getMessage()).toResponse();
  }

  @ServerExceptionMapper
  public Response owner(OwnerConflictException e) {
    return Problem.of(409, "Conflict", e.getMessage()).toResponse();
  }

  @ServerExceptionMapper
  public Response version(VersionConflictException e) {
    return Problem.of(
            e.status(), e.status() == 412 ? "Precondition failed" : "Conflict", e.getMessage())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response storeDown(StoreFailure e) {
    LOG.error("state store failure", e);
    return Response.fromResponse(
            Problem.of(503, "Service unavailable", "the state store is unavailable; retry shortly")
                .toResponse())
        .header("Retry-After", "5")
        .build();
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e) {
    return unauthorized();
  }

  @ServerExceptionMapper
  public Response badToken(AuthenticationFailedException e) {
    return unauthorized();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return Problem.of(403, "Forbidden", "your role does not allow this").toResponse();
  }

  @ServerExceptionMapper
  public Response adminOnly(AdminOnlyFieldsException e) {
    return new Problem(
            "https://strato.io/problems/admin-only-field",
            "Forbidden",
            403,
            e.getMessage(),
            e.fields().stream()
                .map(f -> new FieldError(f, "only the admin role may set or change this"))
                .toList())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      // The JSON reader wraps syntax errors in a plain 400.
      return malformed(json);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
      return Problem.of(500, "Internal error", "the request could not be completed").toResponse();
    }
    String title =
        Response.Status.fromStatusCode(status) == null
            ? "Error"
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    Response.ResponseBuilder b =
        Response.fromResponse(Problem.of(status, title, safeDetail(e)).toResponse());
    String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      b.header(HttpHeaders.ALLOW, allow);
    }
    return b.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.error("unexpected failure while serving a request", e);
    return Problem.of(500, "Internal error", "the request could not be completed").toResponse();
  }

  private static Response unauthorized() {
    return Response.fromResponse(
            Problem.of(401, "Unauthorized", "a valid bearer token is required").toResponse())
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  private static String safeDetail(WebApplicationException e) {
    return switch (e.getResponse().getStatus()) {
      case 404 -> "no such resource or path";
      case 405 -> "method not allowed here";
      case 406 -> "only application/json and application/yaml are served";
      case 415 -> "send application/json or application/yaml";
      case 413 -> "the request body is too large";
      default -> "the request was refused";
    };
  }

  /** A message about the client's JSON that never echoes Java type names. */
  public static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    if (e instanceof InvalidFormatException f) {
      return "expected " + typeName(f.getTargetType());
    }
    if (e instanceof StreamConstraintsException) {
      return "the document is too deeply nested or too large";
    }
    if (e instanceof InputCoercionException || isOverflow(e)) {
      return "the number is out of range";
    }
    if (e instanceof MismatchedInputException m) {
      return m.getTargetType() == null
          ? "the body is not a JSON object of the expected shape"
          : "expected " + typeName(m.getTargetType());
    }
    if (e instanceof YamlBodies.Refused refused) {
      return refused.getOriginalMessage();
    }
    if (e instanceof JsonParseException parse) {
      String where =
          " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      String original = String.valueOf(parse.getOriginalMessage());
      if (original.startsWith("Duplicate field ")) {
        // "Duplicate field 'x'": the key is the client's own text, safe to echo.
        String key = original.substring("Duplicate field ".length());
        return "the key "
            + (key.length() > 80 ? key.substring(0, 80) + "…'" : key)
            + " is given twice"
            + where;
      }
      return (parse.getProcessor() instanceof YAMLParser ? "malformed YAML" : "malformed JSON")
          + " at line "
          + e.getLocation().getLineNr()
          + ", column "
          + e.getLocation().getColumnNr();
    }
    if (e.getCause() instanceof JsonProcessingException inner) {
      return describe(inner);
    }
    return "the body is not valid JSON for this resource";
  }

  private static boolean isOverflow(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputCoercionException || t instanceof ArithmeticException) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().contains("out of range")) {
        return true;
      }
    }
    return false;
  }

  /** The JSON path of the failing field, e.g. {@code spec.listeners[1].port}. */
  public static String path(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return "body";
    }
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.isEmpty() ? "body" : out.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "a different value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }
}
