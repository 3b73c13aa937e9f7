package io.strato.provisioning.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a PUT. It accepts everything a GET returns, so "GET, edit, PUT" works: server-set
 * metadata and the status are read and ignored, except {@code metadata.resourceVersion}, which is a
 * precondition like If-Match. Unknown fields anywhere are rejected, so typos do not pass silently.
 */
@Schema(name = "ApplyRequest")
public record ApplyRequest<S>(
    @Schema(description = "strato.io/v1 if given") String apiVersion,
    @Schema(description = "the kind if given") String kind,
    ApplyMetadata metadata,
    @Schema(required = true) S spec,
    @Schema(description = "ignored: status is written by Strato", hidden = true) JsonNode status) {

  @Schema(name = "ApplyMetadata")
  public record ApplyMetadata(
      @Schema(description = "must equal the name in the path if given") String name,
      Map<String, String> labels,
      @Schema(description = "if given, the write succeeds only at this version (else 409)")
          String resourceVersion,
      @Schema(hidden = true) String uid,
      @Schema(hidden = true) Long generation,
      @Schema(hidden = true) Instant createdAt,
      @Schema(hidden = true) Instant updatedAt,
      @Schema(hidden = true) Instant deletionRequestedAt) {}
}
