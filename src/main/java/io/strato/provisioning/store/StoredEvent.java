package io.strato.provisioning.store;

import java.time.Instant;

/**
 * An entry of a resource's event history.
 *
 * @param type {@code Normal} or {@code Warning}, as Kubernetes events
 * @param reason a short CamelCase reason, e.g. {@code Created}
 */
public record StoredEvent(
    long id,
    String kind,
    String name,
    String uid,
    Instant at,
    String type,
    String reason,
    String message) {}
