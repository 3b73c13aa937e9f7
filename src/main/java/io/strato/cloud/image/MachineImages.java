package io.strato.cloud.image;

import java.util.Collection;
import java.util.Map;

/** Reads machine images by ID. */
public interface MachineImages {

  /**
   * The images with these IDs that exist and the caller may launch; an ID missing from the answer
   * names no such image (in this region).
   */
  Map<String, MachineImage> describe(Collection<String> imageIds);
}
