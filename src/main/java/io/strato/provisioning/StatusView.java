package io.strato.provisioning;

import io.strato.reconcile.Condition;
import java.util.List;

/**
 * The status of a provisioning resource, as stored and as served.
 *
 * @param phase Pending, Provisioning, Ready, Failed or Deleting
 * @param observedGeneration the spec generation this status describes
 * @param outputs what the cloud made: ARNs, DNS names, instance IDs
 */
public record StatusView<O>(
    String phase, Long observedGeneration, List<Condition> conditions, O outputs) {

  public static final String PENDING = "Pending";
  public static final String PROVISIONING = "Provisioning";
  public static final String READY = "Ready";
  public static final String FAILED = "Failed";
  public static final String DELETING = "Deleting";

  public StatusView {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  public static <O> StatusView<O> pending() {
    return new StatusView<>(PENDING, null, List.of(), null);
  }
}
