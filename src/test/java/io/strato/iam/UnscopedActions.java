package io.strato.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The documented exceptions to "scoped by tag or resource": the actions the policy may grant on
 * every resource without a condition, each with its reason, read from {@code
 * providers/aws/iam-unscoped-actions.json}. IAM allows no comment or extra field inside a policy,
 * so the reasons live beside it.
 */
final class UnscopedActions {

  static final Path FILE = Path.of("providers", "aws", "iam-unscoped-actions.json");

  private UnscopedActions() {}

  /** Action to reason, sorted. A listed action without a reason is an error. */
  static SortedMap<String, String> read(Path file) throws IOException {
    JsonNode actions = new ObjectMapper().readTree(file.toFile()).path("actions");
    if (!actions.isObject()) {
      throw new IllegalArgumentException(file + " has no \"actions\" object");
    }
    SortedMap<String, String> out = new TreeMap<>();
    actions
        .fields()
        .forEachRemaining(
            e -> {
              String reason = e.getValue().asText("").trim();
              if (reason.isEmpty()) {
                throw new IllegalArgumentException(e.getKey() + " is listed without a reason");
              }
              out.put(e.getKey(), reason);
            });
    return out;
  }
}
