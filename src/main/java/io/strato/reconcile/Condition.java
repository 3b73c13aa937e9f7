package io.strato.reconcile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A Kubernetes-style status condition.
 *
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason a CamelCase word a program can match on
 * @param message a sentence a person can act on
 * @param lastTransitionTime when status last changed (not when the condition was last written)
 */
public record Condition(
    String type, String status, String reason, String message, Instant lastTransitionTime) {

  public static Condition of(String type, boolean status, String reason, String message) {
    return new Condition(type, status ? "True" : "False", reason, message, null);
  }

  @JsonIgnore
  public boolean isTrue() {
    return "True".equals(status);
  }
}
