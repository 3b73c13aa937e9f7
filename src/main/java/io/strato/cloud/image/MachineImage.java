package io.strato.cloud.image;

import java.util.Map;

/**
 * What a machine image says about itself: its name and tags, enough to tell an image with
 * Kubernetes preinstalled (and for which version) from a stock one.
 */
public record MachineImage(String id, String name, Map<String, String> tags) {

  public MachineImage {
    name = name == null ? "" : name;
    tags = Map.copyOf(tags);
  }
}
