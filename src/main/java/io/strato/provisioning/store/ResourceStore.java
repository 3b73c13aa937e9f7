package io.strato.provisioning.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The durable home of every provisioning resource and its event history. All writes are atomic and
 * optimistic: a write that names an expected resourceVersion fails with {@link
 * StoreException.StaleVersion} when another writer got there first.
 */
public interface ResourceStore {

  Optional<StoredResource> get(String kind, String name);

  /**
   * The stamp of one resource, read without its spec, status, labels and timestamps: for a reader
   * that keeps something derived from the row by version ({@link #stamps} for one name).
   */
  Optional<ResourceStamp> stamp(String kind, String name);

  /**
   * Creates the resource (uid assigned, generation 1, resourceVersion 1) or replaces its labels and
   * spec. Generation increases only when the spec text changes; resourceVersion on every write that
   * changes something. A put that changes nothing returns the row unchanged.
   *
   * @param expectedVersion null for an unconditional write; otherwise the resourceVersion the
   *     caller read (a create with an expected version fails with NotFound)
   * @throws StoreException.StaleVersion when expectedVersion is not current
   * @throws StoreException.Deleting when the resource is being deleted
   */
  Written put(
      String kind, String name, Map<String, String> labels, String specJson, Long expectedVersion);

  /**
   * Records that deletion was requested (idempotent: a second call keeps the first timestamp).
   *
   * @throws StoreException.NotFound when there is no such resource
   * @throws StoreException.StaleVersion when expectedVersion is given and not current
   */
  StoredResource markDeleting(String kind, String name, Long expectedVersion);

  /**
   * Replaces the status of the resource with this uid; bumps resourceVersion when it changed.
   *
   * @return false when the resource is gone or was recreated with another uid
   */
  boolean updateStatus(String kind, String name, String uid, String statusJson);

  /** Removes the row of this uid and its events, once the cloud side is gone. */
  boolean remove(String kind, String name, String uid);

  /**
   * Lists resources of a kind in name order, filtered, at most {@code limit} per page.
   *
   * @param continueToken null for the first page
   */
  Page list(String kind, Predicate<StoredResource> filter, int limit, String continueToken);

  /**
   * The same page as {@link #list} with a filter on labels, as stamps: read without spec, status
   * and timestamps, so a caller that keeps what it derived from rows by version fetches only the
   * rows it has not seen at that version ({@link #getAll}).
   *
   * @param labelFilter null for every resource of the kind (the labels are then not read at all)
   * @param continueToken null for the first page; a token of {@link #list} serves as well
   */
  StampPage stamps(
      String kind, Predicate<Map<String, String>> labelFilter, int limit, String continueToken);

  /**
   * The rows of these names of a kind, in name order, read together; a name without a row (deleted
   * since it was listed) is left out.
   */
  List<StoredResource> getAll(String kind, Collection<String> names);

  /** Every resource key, for the resync at start-up. */
  List<ResourceKey> keys();

  void appendEvent(
      String kind, String name, String uid, String type, String reason, String message);

  /** The newest {@code limit} events of a resource, oldest first. */
  List<StoredEvent> events(String kind, String name, int limit);

  /**
   * What identifies the desired state of every resource: its uid, spec generation and whether it is
   * being deleted. Status writes do not change it, so a replica comparing marks sees only the
   * changes that need a reconcile.
   */
  List<ResourceMark> marks();
}
