package io.strato.provisioning.api;

import io.strato.provisioning.store.ResourceStamp;
import io.strato.provisioning.store.StampPage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of whole pages, each kept with the stamps it was put together from and served again
 * while a list query answers the same stamps.
 *
 * <p>The stamps are still read for every list: replicas sharing a PostgreSQL write without telling
 * each other, so only the database can say whether a page changed. What this saves is putting the
 * page together again: a list of 50 copied its 50 items (about 60 KB) into a new array per request,
 * which was half of the bytes the process allocated under load. Equal stamps (name, uid and
 * resourceVersion of each item, in order) and an equal continue token mean equal rows, so the kept
 * page is exactly what putting it together again would give; a page with an item rendered newer
 * than its stamp, or left out because it was deleted meanwhile, is served but not kept.
 */
final class RenderedPages {

  /**
   * About thirty pages of 50 per kind: a busy account's repeated pages fit, a crawl of every page
   * does not (the heap of the manifest's flags is 128 MB; the items' renderings are shared with
   * {@link RenderedViews}, so this bounds only the pages' own arrays).
   */
  static final long MAX_BYTES = 2L << 20;

  /** What a list was asked for; the selector as the client spelled it. */
  record Query(String labelSelector, int limit, String continueToken) {}

  /** A page's JSON, its items' JSON (for the YAML answer) and the stamps it stands for. */
  record Page(StampPage stamps, List<byte[]> items, byte[] json) {
    Page {
      items = List.copyOf(items);
    }
  }

  private final Map<Query, Page> byQuery = new ConcurrentHashMap<>();
  private long bytes;

  /** The page kept for this query, if it was put together from exactly these stamps. */
  Page find(Query query, StampPage stamps) {
    Page page = byQuery.get(query);
    return page != null && same(page.stamps(), stamps) ? page : null;
  }

  /**
   * Field by field rather than by the records' equals: those go through method handles, which the
   * C1-only JIT of the manifest's flags leaves slow enough to show in a list's profile.
   */
  private static boolean same(StampPage kept, StampPage now) {
    List<ResourceStamp> a = kept.items();
    List<ResourceStamp> b = now.items();
    if (a.size() != b.size() || !Objects.equals(kept.continueToken(), now.continueToken())) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      ResourceStamp x = a.get(i);
      ResourceStamp y = b.get(i);
      if (x.resourceVersion() != y.resourceVersion()
          || !x.name().equals(y.name())
          || !x.uid().equals(y.uid())) {
        return false;
      }
    }
    return true;
  }

  synchronized void keep(Query query, Page page) {
    if (page.json().length > MAX_BYTES / 4) {
      return;
    }
    if (bytes + page.json().length > MAX_BYTES) {
      // Queries nobody repeats would otherwise stay; dropping all keeps the bound without
      // bookkeeping, at the price of putting the repeated pages together once more.
      byQuery.clear();
      bytes = 0;
    }
    Page replaced = byQuery.put(query, page);
    bytes += page.json().length - (replaced == null ? 0 : replaced.json().length);
  }

  int size() {
    return byQuery.size();
  }
}
