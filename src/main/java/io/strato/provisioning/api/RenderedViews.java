package io.strato.provisioning.api;

import io.strato.provisioning.store.StoredResource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The JSON of each resource's view, rendered once per resource version and kept for the lists.
 *
 * <p>A view is a projection of the stored row, and every write that changes the row (spec, labels,
 * status, deletion) bumps its resourceVersion, so (uid, resourceVersion) names one rendering for
 * good: an entry of an older version, or of a deleted and recreated resource, is simply not used.
 * That holds whoever wrote the row (this replica, another one on the same PostgreSQL, the
 * reconcilers' status writes, a future front door writing through the same store), which is why the
 * rendering is cached here, keyed by version, rather than stored in a column that every writer
 * would have to keep right. The bytes are what {@code GET} of the resource renders, by the same
 * function, so a list item cannot drift from its GET.
 */
final class RenderedViews {

  /** Far above any page; only a store of more resources than this renders some twice. */
  static final int MAX_ENTRIES = 20_000;

  private record Rendered(String uid, long resourceVersion, byte[] json) {}

  private final Map<String, Rendered> byName = new ConcurrentHashMap<>();
  private final Function<StoredResource, byte[]> render;

  RenderedViews(Function<StoredResource, byte[]> render) {
    this.render = render;
  }

  /** The view of this row as JSON bytes; callers must not change the array. */
  byte[] of(StoredResource row) {
    Rendered cached = byName.get(row.name());
    if (cached != null
        && cached.resourceVersion() == row.resourceVersion()
        && cached.uid().equals(row.uid())) {
      return cached.json();
    }
    byte[] json = render.apply(row);
    if (byName.size() >= MAX_ENTRIES) {
      // Names of deleted resources would otherwise stay forever; dropping all keeps the bound
      // without bookkeeping, at the price of rendering the live ones again once.
      byName.clear();
    }
    byName.put(row.name(), new Rendered(row.uid(), row.resourceVersion(), json));
    return json;
  }

  int size() {
    return byName.size();
  }
}
