package io.strato.provisioning.api;

import io.strato.provisioning.StatusView;
import java.time.Instant;
import java.util.Map;

/** A resource as the API serves it. */
public record ResourceView<S, O>(
    String apiVersion, String kind, MetadataView metadata, S spec, StatusView<O> status) {

  /**
   * @param resourceVersion opaque; the same value is the ETag
   */
  public record MetadataView(
      String name,
      String uid,
      long generation,
      String resourceVersion,
      Map<String, String> labels,
      Instant createdAt,
      Instant updatedAt,
      Instant deletionRequestedAt) {}
}
