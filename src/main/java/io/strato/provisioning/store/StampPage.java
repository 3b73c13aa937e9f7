package io.strato.provisioning.store;

import java.util.List;

/**
 * One page of a listing as stamps: the resources {@link Page} would hold, without their rows.
 *
 * @param continueToken opaque; pass it back to get the next page; null on the last page
 */
public record StampPage(List<ResourceStamp> items, String continueToken) {
  public StampPage {
    items = List.copyOf(items);
  }
}
