package io.strato.provisioning.api;

import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.InvalidSpecException;
import java.util.List;
import java.util.Set;

/**
 * The query parameters: whole numbers ({@code limit}, {@code before}) are parsed here, not by
 * JAX-RS. The JAX-RS rule for a query parameter that does not convert is 404, which told a client
 * who typed {@code limit=abc} that the path does not exist; parsing the raw string lets the answer
 * be a 400 that names the parameter.
 */
final class QueryParameters {

  /** The query parameters whose problems are 400 (a malformed request), not 422. */
  static final Set<String> PARAMETERS = Set.of("limit", "before", "continue", "labelSelector");

  private QueryParameters() {}

  /** The value of {@code name}, or null when absent or empty. */
  static Integer optionalInt(String name, String raw) {
    Long value = optionalLong(name, raw);
    if (value == null) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalid(name, "the number is out of range");
    }
    return value.intValue();
  }

  /** The value of {@code name}, or null when absent or empty. */
  static Long optionalLong(String name, String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    // Digits only (an optional minus): Long.parseLong would also take "+5", which no client means.
    if (!raw.matches("-?[0-9]{1,30}")) {
      throw invalid(name, "expected a whole number");
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException tooLong) {
      throw invalid(name, "the number is out of range");
    }
  }

  static InvalidSpecException invalid(String name, String message) {
    return new InvalidSpecException(List.of(new FieldError(name, message)));
  }
}
