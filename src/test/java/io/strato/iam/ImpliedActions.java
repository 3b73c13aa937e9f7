package io.strato.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The actions AWS authorizes against the caller's own permissions when Strato makes a call: a
 * service acting on Strato's behalf (Application Auto Scaling creating CloudWatch alarms, Auto
 * Scaling launching from a template), tag-on-create, passing a role, creating a service-linked
 * role. Read from {@code providers/aws/iam-implied-actions.json}, where each entry says why.
 */
final class ImpliedActions {

  static final Path FILE = Path.of("providers", "aws", "iam-implied-actions.json");

  /** Keyed by the called action in lower case, as IAM compares actions. */
  private final Map<String, SortedMap<String, String>> byCall;

  private ImpliedActions(Map<String, SortedMap<String, String>> byCall) {
    this.byCall = byCall;
  }

  static ImpliedActions read(Path file) throws IOException {
    JsonNode implies = new ObjectMapper().readTree(file.toFile()).path("implies");
    if (!implies.isObject() || implies.isEmpty()) {
      throw new IllegalArgumentException(file + " has no \"implies\" object");
    }
    Map<String, SortedMap<String, String>> byCall = new TreeMap<>();
    implies
        .fields()
        .forEachRemaining(
            call -> {
              SortedMap<String, String> implied = new TreeMap<>();
              call.getValue()
                  .fields()
                  .forEachRemaining(e -> implied.put(e.getKey(), e.getValue().asText()));
              byCall.put(call.getKey().toLowerCase(Locale.ROOT), implied);
            });
    return new ImpliedActions(byCall);
  }

  /** The called actions together with everything AWS checks on the caller for them. */
  SortedSet<String> withImplied(Collection<String> called) {
    SortedSet<String> out = new TreeSet<>(called);
    called.forEach(a -> out.addAll(of(a).keySet()));
    return out;
  }

  /** Implied action to the reason, for one called action (empty when it implies nothing). */
  SortedMap<String, String> of(String calledAction) {
    return byCall.getOrDefault(calledAction.toLowerCase(Locale.ROOT), new TreeMap<>());
  }

  /** Every implied action of every entry. */
  SortedSet<String> all() {
    SortedSet<String> out = new TreeSet<>();
    byCall.values().forEach(m -> out.addAll(m.keySet()));
    return out;
  }

  /** Every called action that has an entry, in lower case. */
  SortedSet<String> calls() {
    return new TreeSet<>(byCall.keySet());
  }
}
