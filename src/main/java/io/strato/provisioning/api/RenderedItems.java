package io.strato.provisioning.api;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The items of a page as their rendered JSON, with the JSON of the whole page for {@link
 * ListViewJson} to write as it is. Read as a list (YAML answers, in-process callers), each element
 * is that JSON bound back to the view, so every form of the answer says the same thing: the slow
 * path, kept for everything but the JSON answer.
 */
final class RenderedItems<T> extends AbstractList<T> implements RandomAccess {

  private final List<byte[]> json;
  private final byte[] page;
  private final Function<byte[], T> view;

  /**
   * @param page the JSON of the whole page these items are on ({@link PageJson}); callers must not
   *     change it
   */
  RenderedItems(List<byte[]> json, byte[] page, Function<byte[], T> view) {
    this.json = List.copyOf(json);
    this.page = page;
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

  /** The JSON of the whole page, envelope included; callers must not change it. */
  byte[] page() {
    return page;
  }
}
