package io.strato.provisioning.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param continueToken opaque; pass it back to get the next page; null on the last page
 */
public record Page(List<StoredResource> items, String continueToken) {
  public Page {
    items = List.copyOf(items);
  }
}
