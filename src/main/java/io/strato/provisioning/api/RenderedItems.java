package io.strato.provisioning.api;

import io.strato.provisioning.store.StoredResource;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The items of a page as their rendered JSON, for {@link ListViewJson} to write as they are. Read
 * as a list (YAML answers, in-process callers), each element is the view built from its row, as a
 * GET builds it: the slow path, kept for everything but the JSON answer.
 */
final class RenderedItems<T> extends AbstractList<T> implements RandomAccess {

  private final List<StoredResource> rows;
  private final List<byte[]> json;
  private final Function<StoredResource, T> view;

  RenderedItems(
      List<StoredResource> rows, RenderedViews rendered, Function<StoredResource, T> view) {
    this.rows = List.copyOf(rows);
    this.json = this.rows.stream().map(rendered::of).toList();
    this.view = view;
  }

  @Override
  public T get(int index) {
    return view.apply(rows.get(index));
  }

  @Override
  public int size() {
    return rows.size();
  }

  /** The JSON of each item, in order. */
  List<byte[]> json() {
    return json;
  }
}
