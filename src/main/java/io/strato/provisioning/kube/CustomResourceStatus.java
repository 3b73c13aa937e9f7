package io.strato.provisioning.kube;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.provisioning.StatusReporter;
import io.strato.provisioning.StatusView;
import io.strato.provisioning.api.ResourceView;
import java.time.Instant;
import java.util.Optional;

/**
 * The status a custom resource should show: the stored resource's status (phase, the engine's
 * conditions, outputs) plus an {@code Accepted} condition that says whether its latest spec was
 * taken, and why not. A pure function of what was read, so it can be compared with the current
 * status and written only when it changed.
 */
final class CustomResourceStatus {

  static final String ACCEPTED = "Accepted";

  /** The phase of a custom resource whose spec was refused before anything was stored. */
  static final String REFUSED = "Refused";

  private final ObjectMapper json;

  CustomResourceStatus(ObjectMapper json) {
    // Kubernetes wants RFC 3339 strings and rejects nulls its schema does not allow.
    this.json =
        json.copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  ObjectNode desired(
      CustomResourceKey key,
      long generation,
      KindBridge.Outcome outcome,
      JsonNode current,
      Instant now) {
    ObjectNode status = json.createObjectNode();
    Optional<StatusView<?>> stored = outcome.stored().map(ResourceView::status);
    status.put(
        "phase",
        stored.map(StatusView::phase).orElse(outcome.accepted() ? StatusView.PENDING : REFUSED));
    status.put("observedGeneration", generation);
    status.put("storedName", key.storedName());
    ArrayNode conditions = status.putArray("conditions");
    stored.ifPresent(s -> s.conditions().forEach(c -> conditions.add(json.valueToTree(c))));
    if (stored.isEmpty() && !outcome.accepted()) {
      conditions.add(
          condition(
              StatusReporter.READY, "False", outcome.reason(), outcome.message(), current, now));
    }
    conditions.add(
        condition(
            ACCEPTED,
            outcome.accepted() ? "True" : "False",
            outcome.reason(),
            outcome.message(),
            current,
            now));
    stored
        .map(StatusView::outputs)
        .ifPresent(outputs -> status.set("outputs", json.valueToTree(outputs)));
    return normalized(status);
  }

  /** Whether the written status differs from what is there (text-equal after a round trip). */
  boolean changed(JsonNode current, ObjectNode desired) {
    return current == null || !normalized(current).equals(desired);
  }

  /** The Accepted condition as it is now, if any. */
  static Optional<String> acceptedStatus(JsonNode status) {
    if (status == null) {
      return Optional.empty();
    }
    for (JsonNode c : status.path("conditions")) {
      if (ACCEPTED.equals(c.path("type").asText())) {
        return Optional.of(c.path("status").asText());
      }
    }
    return Optional.empty();
  }

  private ObjectNode condition(
      String type, String value, String reason, String message, JsonNode current, Instant now) {
    ObjectNode c = json.createObjectNode();
    c.put("type", type);
    c.put("status", value);
    c.put("reason", reason);
    c.put("message", message);
    // lastTransitionTime moves only when the status does, as Kubernetes conditions do.
    String since = now.toString();
    if (current != null) {
      for (JsonNode old : current.path("conditions")) {
        if (type.equals(old.path("type").asText())
            && value.equals(old.path("status").asText())
            && old.hasNonNull("lastTransitionTime")) {
          since = old.path("lastTransitionTime").asText();
        }
      }
    }
    c.put("lastTransitionTime", since);
    return c;
  }

  private ObjectNode normalized(JsonNode node) {
    try {
      return (ObjectNode) json.readTree(json.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status cannot be written as JSON", e);
    }
  }
}
