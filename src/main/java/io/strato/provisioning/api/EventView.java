package io.strato.provisioning.api;

import java.time.Instant;

/** One entry of a resource's event history. */
public record EventView(Instant at, String type, String reason, String message) {}
