package io.strato.controller.service;

/**
 * One problem with one annotation (or Service field), phrased so the user knows what to change.
 *
 * @param annotation the full annotation name, or a field path such as {@code spec.ports[0]}
 */
public record AnnotationError(String annotation, String message) {

  @Override
  public String toString() {
    return annotation + ": " + message;
  }
}
