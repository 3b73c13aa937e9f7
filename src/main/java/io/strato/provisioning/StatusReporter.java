package io.strato.provisioning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoredResource;
import io.strato.reconcile.Condition;
import io.strato.reconcile.Conditions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Writes what a reconcile found: the status (phase, observed generation, the Ready condition,
 * outputs) and the events. The status is rebuilt, compared with the stored one and written only
 * when it changed; a Warning event is recorded when a failure is new, not on every retry of it.
 */
public final class StatusReporter {

  public static final String READY = "Ready";
  private static final Logger LOG = Logger.getLogger(StatusReporter.class);

  private final ResourceStore store;
  private final ObjectMapper json;
  private final Clock clock;

  public StatusReporter(ResourceStore store, ObjectMapper json, Clock clock) {
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  /** The resource is as desired. */
  public void ready(StoredResource r, Object outputs, String reason, String message) {
    write(r, StatusView.READY, Condition.of(READY, true, reason, message), outputs);
  }

  /** Work is under way or waiting on something that will come by itself. */
  public void progressing(StoredResource r, Object outputs, String reason, String message) {
    write(r, StatusView.PROVISIONING, Condition.of(READY, false, reason, message), outputs);
  }

  /**
   * A resource made of parts (a cluster): the Ready condition summarises one condition per part,
   * and the phase follows Ready.
   */
  public void parts(StoredResource r, Condition ready, List<Condition> parts, Object outputs) {
    write(r, ready.isTrue() ? StatusView.READY : StatusView.PROVISIONING, ready, parts, outputs);
  }

  /** Deletion is under way. */
  public void deleting(StoredResource r, String message) {
    write(r, StatusView.DELETING, Condition.of(READY, false, "Deleting", message), null);
  }

  /**
   * The cloud refused and will keep refusing until the spec or the account changes: Failed, with a
   * Warning event the first time this reason and message appear.
   */
  public void failed(StoredResource r, String reason, String message) {
    Condition before = Conditions.find(current(r).conditions(), READY);
    write(r, StatusView.FAILED, Condition.of(READY, false, reason, message), null);
    if (before == null
        || before.isTrue()
        || !Objects.equals(before.reason(), reason)
        || !Objects.equals(before.message(), message)) {
      event(r, "Warning", reason, message);
    }
  }

  /** The phase the stored status has, or Pending. */
  public String phase(StoredResource r) {
    return current(r).phase();
  }

  public void event(StoredResource r, String type, String reason, String message) {
    LOG.infof("%s %s: %s %s: %s", r.kind(), r.name(), type, reason, message);
    store.appendEvent(r.kind(), r.name(), r.uid(), type, reason, message);
  }

  private void write(StoredResource r, String phase, Condition ready, Object outputs) {
    write(r, phase, ready, List.of(), outputs);
  }

  private void write(
      StoredResource r, String phase, Condition ready, List<Condition> parts, Object outputs) {
    StatusView<JsonNode> current = current(r);
    Object keptOutputs = outputs != null ? outputs : current.outputs();
    List<Condition> conditions = Conditions.set(current.conditions(), ready, clock.instant());
    for (Condition part : parts) {
      conditions = Conditions.set(conditions, part, clock.instant());
    }
    StatusView<Object> next = new StatusView<>(phase, r.generation(), conditions, keptOutputs);
    try {
      String text = json.writeValueAsString(next);
      if (!text.equals(r.statusJson())) {
        store.updateStatus(r.kind(), r.name(), r.uid(), text);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status of " + r.key() + " cannot be written", e);
    }
  }

  private StatusView<JsonNode> current(StoredResource r) {
    if (r.statusJson() == null) {
      return new StatusView<>(StatusView.PENDING, null, List.of(), null);
    }
    try {
      return json.readValue(
          r.statusJson(),
          json.getTypeFactory().constructParametricType(StatusView.class, JsonNode.class));
    } catch (JsonProcessingException e) {
      LOG.warnf("status of %s is unreadable and is rebuilt: %s", r.key(), e.getOriginalMessage());
      return new StatusView<>(StatusView.PENDING, null, List.of(), null);
    }
  }
}
