package io.strato.controller.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed reads of annotation values (text, lists, key=value pairs, bounded numbers, booleans) that
 * record a problem naming the annotation instead of throwing, so one pass finds every problem.
 */
final class AnnotationReader {

  private final Map<String, String> annotations;
  private final List<AnnotationError> errors = new ArrayList<>();

  AnnotationReader(Map<String, String> annotations) {
    this.annotations = annotations == null ? Map.of() : annotations;
  }

  List<AnnotationError> errors() {
    return errors;
  }

  String text(String key) {
    String v = annotations.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  List<String> list(String key) {
    String v = text(key);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  List<String> ids(String key, Pattern pattern, String what) {
    List<String> ids = list(key);
    for (String id : ids) {
      if (!pattern.matcher(id).matches()) {
        errors.add(new AnnotationError(key, "'" + id + "' is not one of " + what));
      }
    }
    return ids;
  }

  /**
   * {@code k=v,k2=v2}. With {@code bareKeys} a key without {@code =} (or with an empty value) is
   * allowed and means the empty value, as the resource tags annotation documents.
   */
  Map<String, String> pairs(String key, boolean bareKeys) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : list(key)) {
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq).trim();
      String v = eq < 0 ? "" : part.substring(eq + 1).trim();
      if (k.isEmpty() || (!bareKeys && (eq < 0 || v.isEmpty()))) {
        errors.add(new AnnotationError(key, "'" + part + "' is not key=value"));
        continue;
      }
      out.put(k, v);
    }
    return out;
  }

  Integer integer(String key, int min, int max) {
    String v = text(key);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new AnnotationError(key, "'" + v + "' is not a whole number from " + min + " to " + max));
    return null;
  }

  /**
   * A boolean as Go's {@code strconv.ParseBool} reads it (1, t, true, 0, f, false in any of its
   * cases), since cloud-provider-aws parses these annotations with it; null when absent.
   */
  Boolean goBool(String key) {
    String v = text(key);
    if (v == null) {
      return null;
    }
    switch (v) {
      case "1", "t", "T", "true", "TRUE", "True" -> {
        return true;
      }
      case "0", "f", "F", "false", "FALSE", "False" -> {
        return false;
      }
      default -> {
        errors.add(new AnnotationError(key, "'" + v + "' is not true or false"));
        return null;
      }
    }
  }

  Boolean bool(String key, String name, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.valueOf(value.toLowerCase(Locale.ROOT));
    }
    errors.add(new AnnotationError(key, name + "='" + value + "' is not true or false"));
    return null;
  }
}
