package io.strato.provisioning.api;

import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Kubernetes' equality-based label selector: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a}
 * (exists), {@code !a} (absent), comma-separated, all must hold.
 */
public record LabelSelector(List<Predicate<Map<String, String>>> requirements) {

  public static final LabelSelector ALL = new LabelSelector(List.of());

  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    List<Predicate<Map<String, String>>> out = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String term = raw.trim();
      if (term.isEmpty()) {
        throw invalid("has an empty requirement");
      }
      int ne = term.indexOf("!=");
      int eq = term.indexOf('=');
      if (ne > 0) {
        String key = key(term.substring(0, ne));
        String value = value(term.substring(ne + 2));
        out.add(labels -> !value.equals(labels.get(key)));
      } else if (eq > 0) {
        String key = key(term.substring(0, eq));
        String rest = term.substring(eq + 1);
        String value = value(rest.startsWith("=") ? rest.substring(1) : rest);
        out.add(labels -> value.equals(labels.get(key)));
      } else if (term.startsWith("!")) {
        String key = key(term.substring(1));
        out.add(labels -> !labels.containsKey(key));
      } else {
        String key = key(term);
        out.add(labels -> labels.containsKey(key));
      }
    }
    return new LabelSelector(List.copyOf(out));
  }

  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.test(labels));
  }

  private static String key(String s) {
    String k = s.trim();
    if (!k.matches("([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?")) {
      throw invalid("has an invalid key '" + k + "'");
    }
    return k;
  }

  private static String value(String s) {
    String v = s.trim();
    if (!v.matches("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?")) {
      throw invalid("has an invalid value '" + v + "'");
    }
    return v;
  }

  private static InvalidSpecException invalid(String why) {
    return new InvalidSpecException(List.of(new FieldError("labelSelector", why)));
  }
}
