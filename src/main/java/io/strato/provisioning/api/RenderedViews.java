package io.strato.provisioning.api;

import io.strato.provisioning.store.ResourceStamp;
import io.strato.provisioning.store.StoredResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

  /**
   * The views of a page as JSON bytes.
   *
   * @param json the items, in the stamps' order
   * @param asStamped whether each item is rendered at exactly its stamp's version (none newer, none
   *     left out): only then does the page stand for its stamps
   */
  record Items(List<byte[]> json, boolean asStamped) {}

  /**
   * The views of a page as JSON bytes, in the stamps' order: those rendered at the stamp's version
   * come from here, the rest from rows fetched in one read. A row fetched may be newer than its
   * stamp (written since the page was read): it is rendered as it now is, never older. A resource
   * deleted since is left out.
   */
  Items page(List<ResourceStamp> stamps, Function<List<String>, List<StoredResource>> fetchRows) {
    byte[][] json = new byte[stamps.size()][];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < json.length; i++) {
      ResourceStamp stamp = stamps.get(i);
      Rendered cached = byName.get(stamp.name());
      if (cached != null
          && cached.resourceVersion() == stamp.resourceVersion()
          && cached.uid().equals(stamp.uid())) {
        json[i] = cached.json();
      } else {
        missing.add(stamp.name());
      }
    }
    if (missing.isEmpty()) {
      return new Items(Arrays.asList(json), true);
    }
    Map<String, StoredResource> fetched = new HashMap<>();
    fetchRows.apply(missing).forEach(row -> fetched.put(row.name(), row));
    List<byte[]> items = new ArrayList<>(json.length);
    boolean asStamped = true;
    for (int i = 0; i < json.length; i++) {
      if (json[i] != null) {
        items.add(json[i]);
        continue;
      }
      ResourceStamp stamp = stamps.get(i);
      StoredResource row = fetched.get(stamp.name());
      if (row == null) {
        asStamped = false;
        continue;
      }
      asStamped &=
          row.resourceVersion() == stamp.resourceVersion() && row.uid().equals(stamp.uid());
      items.add(of(row));
    }
    return new Items(items, asStamped);
  }

  /** The view rendered at exactly this stamp, or null; callers must not change the array. */
  byte[] at(ResourceStamp stamp) {
    Rendered cached = byName.get(stamp.name());
    return cached != null
            && cached.resourceVersion() == stamp.resourceVersion()
            && cached.uid().equals(stamp.uid())
        ? cached.json()
        : null;
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
