package io.strato.provisioning.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.strato.controller.KubernetesEvents;
import io.strato.provisioning.StatusView;
import io.strato.provisioning.api.OwnerConflictException;
import io.strato.provisioning.api.ResourceView;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One custom resource: observe it, hand its spec (or its deletion) to the store through the REST
 * path, and copy the stored status back. The cloud work itself is the provisioning engine's; this
 * class makes no cloud call. Only the provisioning leader acts: a standby reads its cache and
 * writes nothing, and looks again later in case it leads by then.
 */
final class CustomResourceReconciler implements Reconciler<CustomResourceKey> {

  private final Map<String, KindBridge<?, ?>> bridges;
  private final CustomResources resources;
  private final CustomResourceStatus statuses;
  private final KubernetesEvents events;
  private final BooleanSupplier leading;
  private final Duration interval;
  private final Clock clock;

  CustomResourceReconciler(
      Map<String, KindBridge<?, ?>> bridges,
      CustomResources resources,
      CustomResourceStatus statuses,
      KubernetesEvents events,
      BooleanSupplier leading,
      Duration interval,
      Clock clock) {
    this.bridges = bridges;
    this.resources = resources;
    this.statuses = statuses;
    this.events = events;
    this.leading = leading;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public Result reconcile(CustomResourceKey key) {
    if (!leading.getAsBoolean()) {
      return Result.after(interval);
    }
    Optional<GenericKubernetesResource> found = resources.get(key);
    if (found.isEmpty()) {
      // Gone from Kubernetes: the finalizer saw to the cloud side before that could happen.
      return Result.done();
    }
    GenericKubernetesResource cr = found.get();
    KindBridge<?, ?> bridge = bridges.get(key.kind());
    if (cr.getMetadata().getDeletionTimestamp() != null) {
      return deleting(key, cr, bridge);
    }
    // Before the store hears of it: a resource in the store whose custom resource could vanish
    // without Strato noticing would leave its cloud side behind.
    if (!CustomResources.hasFinalizer(cr)) {
      resources.addFinalizer(key);
    }
    KindBridge.Outcome outcome =
        bridge.apply(
            key,
            resources.spec(cr),
            cr.getMetadata().getLabels() == null ? Map.of() : cr.getMetadata().getLabels());
    report(key, cr, outcome);
    // Status follows the engine's work in the store: a store read, no cloud call.
    return Result.after(interval);
  }

  private Result deleting(
      CustomResourceKey key, GenericKubernetesResource cr, KindBridge<?, ?> bridge) {
    if (!CustomResources.hasFinalizer(cr)) {
      return Result.done();
    }
    Optional<ResourceView<?, ?>> stored;
    try {
      stored = bridge.delete(key);
    } catch (OwnerConflictException neverOurs) {
      // The name belongs to another owner: this custom resource never had a cloud side.
      stored = Optional.empty();
    }
    if (stored.isEmpty()) {
      resources.removeFinalizer(key);
      events.normal(cr, "Deleted", "the cloud side is gone; the finalizer is removed");
      return Result.done();
    }
    report(
        key,
        cr,
        new KindBridge.Outcome(
            stored,
            true,
            "DeleteRequested",
            "the cloud side is being deleted; the finalizer holds this resource until it is gone"));
    return Result.after(interval);
  }

  private void report(
      CustomResourceKey key, GenericKubernetesResource cr, KindBridge.Outcome outcome) {
    JsonNode current = resources.status(cr);
    long generation =
        cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration();
    ObjectNode desired = statuses.desired(key, generation, outcome, current, clock.instant());
    if (!statuses.changed(current, desired)) {
      return;
    }
    resources.writeStatus(key, desired);
    String phase = desired.path("phase").asText();
    String before = current == null ? null : current.path("phase").asText(null);
    if (!outcome.accepted()
        && !CustomResourceStatus.acceptedStatus(current).orElse("").equals("False")) {
      // A Warning when a refusal is new, not on every look.
      events.warning(cr, outcome.reason(), outcome.message());
    } else if (before == null) {
      events.normal(
          cr,
          CustomResourceStatus.ACCEPTED,
          "stored as " + key.kind() + " " + key.storedName() + ", read-only through REST");
    } else if (!phase.equals(before)) {
      if (StatusView.FAILED.equals(phase)) {
        events.warning(cr, phase, readyMessage(desired));
      } else {
        events.normal(cr, phase, readyMessage(desired));
      }
    }
  }

  private static String readyMessage(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return c.path("message").asText("");
      }
    }
    return status.path("phase").asText();
  }
}
