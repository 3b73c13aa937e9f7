package io.strato.provisioning.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.function.Function;

/**
 * One resource's view as the JSON rendered for its version ({@link RenderedViews}), with that
 * version, which is also its ETag. {@link RenderedViewJson} writes the JSON as it is; any other
 * writer (YAML) sees the view bound back from it, so every form says the same thing.
 */
public final class RenderedView {

  private final byte[] json;
  private final String resourceVersion;
  private final Function<byte[], ?> view;

  RenderedView(byte[] json, String resourceVersion, Function<byte[], ?> view) {
    this.json = json;
    this.resourceVersion = resourceVersion;
    this.view = view;
  }

  /** The rendered JSON; callers must not change it. */
  byte[] json() {
    return json;
  }

  /** The resource's version as {@code metadata.resourceVersion} says it. */
  String resourceVersion() {
    return resourceVersion;
  }

  /** The view, for writers other than the JSON one. */
  @JsonValue
  public Object view() {
    return view.apply(json);
  }
}
