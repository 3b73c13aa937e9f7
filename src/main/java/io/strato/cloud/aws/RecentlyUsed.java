package io.strato.cloud.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bounded memories of what this process applied or saw (the "remembered ensure" of node groups,
 * ECS services, task definitions and scaling): a map that keeps at most a capacity of entries and
 * drops the least recently used first, so the entries a poll keeps using stay. Memory only; losing
 * an entry costs one read.
 */
public final class RecentlyUsed {

  private RecentlyUsed() {}

  /** Unsynchronized: for a holder that guards it with its own lock. */
  public static <K, V> Map<K, V> map(int capacity) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Synchronized on the returned map (iterate it inside {@code synchronized (map)}). */
  public static <K, V> Map<K, V> synchronizedMap(int capacity) {
    return Collections.synchronizedMap(map(capacity));
  }
}
