package io.strato.provisioning.leader;

import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceMark;
import io.strato.provisioning.store.ResourceStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells the leading replica about changes another replica wrote to the shared store: each poll
 * compares every resource's mark with the previous poll's and queues the resources whose desired
 * state changed. Status writes do not change marks, so the leader's own work does not echo back.
 */
public final class ChangeFeed {

  private final ResourceStore store;
  private final Consumer<ResourceKey> enqueue;
  private Map<ResourceKey, ResourceMark> seen = new HashMap<>();

  public ChangeFeed(ResourceStore store, Consumer<ResourceKey> enqueue) {
    this.store = store;
    this.enqueue = enqueue;
  }

  /**
   * Remembers the current marks without queueing anything, and answers the keys it saw: a new
   * leader resyncs exactly those, so taking over costs one scan of the store before the first
   * reconcile can start, not two.
   */
  public synchronized List<ResourceKey> baseline() {
    List<ResourceMark> marks = store.marks();
    seen = index(marks);
    return marks.stream().map(ResourceMark::key).toList();
  }

  /**
   * A reconcile read this mark and acts on it: the next poll must not queue it again. Without this,
   * every change made through the leader's own API would be reconciled twice (once queued by the
   * API, once by the feed).
   */
  public synchronized void observed(ResourceMark mark) {
    seen.put(mark.key(), mark);
  }

  /** Queues what changed since the last poll; answers how many. */
  public synchronized int poll() {
    Map<ResourceKey, ResourceMark> now = index(store.marks());
    int changed = 0;
    for (ResourceMark mark : now.values()) {
      if (!mark.equals(seen.get(mark.key()))) {
        enqueue.accept(mark.key());
        changed++;
      }
    }
    seen = now;
    return changed;
  }

  private static Map<ResourceKey, ResourceMark> index(List<ResourceMark> marks) {
    Map<ResourceKey, ResourceMark> m = new HashMap<>();
    marks.forEach(mark -> m.put(mark.key(), mark));
    return m;
  }
}
