package io.strato.controller.sweeper;

import io.strato.cloud.inventory.OrphanKind;
import java.time.Instant;

/**
 * A resource Strato made for a Service that no longer exists.
 *
 * @param resource the owner as tagged, e.g. {@code Service/shop/web}
 * @param firstSeen when this replica first saw it orphaned (memory only; a restart starts anew)
 */
public record Orphan(
    OrphanKind kind, String id, String name, String ownerUid, String resource, Instant firstSeen) {}
