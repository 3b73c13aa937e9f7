package io.strato.provisioning.api;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The items of a page as their rendered JSON, for {@link ListViewJson} to write as they are. Read
 * as a list (YAML answers, in-process callers), each element is that JSON bound back to the view,
 * so every form of the answer says the same thing: the slow path, kept for everything but the JSON
 * answer.
 */
final class RenderedItems<T> extends AbstractList<T> implements RandomAccess {

  private final List<byte[]> json;
  private final Function<byte[], T> view;

  RenderedItems(List<byte[]> json, Function<byte[], T> view) {
    this.json = List.copyOf(json);
    this.view = view;
  }

  @Override
  public T get(int index) {
    return view.apply(json.get(index));
  }

  @Override
  public int size() {
    return json.size();
  }

  /** The JSON of each item, in order. */
  List<byte[]> json() {
    return json;
  }
}
