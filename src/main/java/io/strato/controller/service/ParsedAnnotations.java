package io.strato.controller.service;

import java.util.List;
import java.util.stream.Collectors;

/** What the annotations of a Service say: use them, leave the Service alone, or tell the user. */
public sealed interface ParsedAnnotations {

  /** The annotations are valid: build this load balancer. */
  record Valid(ServiceAnnotations annotations) implements ParsedAnnotations {}

  /**
   * Another controller owns the Service ({@code -type: external} or {@code nlb-ip} belong to the
   * AWS Load Balancer Controller): Strato must not touch it, not even with a condition.
   */
  record OtherController(String type) implements ParsedAnnotations {}

  /**
   * The annotations cannot be honoured as written. Nothing is sent to the cloud.
   *
   * @param reason the condition reason, e.g. {@code InvalidAnnotation}
   */
  record Invalid(String reason, List<AnnotationError> errors) implements ParsedAnnotations {

    public Invalid {
      errors = List.copyOf(errors);
    }

    public String message() {
      return errors.stream().map(AnnotationError::toString).collect(Collectors.joining("; "));
    }
  }
}
