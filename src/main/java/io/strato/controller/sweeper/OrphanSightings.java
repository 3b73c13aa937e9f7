package io.strato.controller.sweeper;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When each orphan was first seen, in memory. An orphan is due for deletion once it has been seen
 * on two sweeps at least and its first sighting is a full grace period old. Forgetting (a restart,
 * a new leader) only restarts the clock: it can delay a deletion, never bring one forward.
 */
final class OrphanSightings {

  private record Sighting(Instant first, int sweeps) {}

  private final Duration grace;
  private final Map<String, Sighting> seen = new HashMap<>();

  OrphanSightings(Duration grace) {
    this.grace = grace;
  }

  /** Records this sweep's sighting and answers when the orphan was first seen. */
  Instant sighted(String key, Instant now) {
    Sighting s =
        seen.merge(key, new Sighting(now, 1), (old, n) -> new Sighting(old.first, old.sweeps + 1));
    return s.first;
  }

  boolean due(String key, Instant now) {
    Sighting s = seen.get(key);
    return s != null && s.sweeps >= 2 && !now.isBefore(s.first.plus(grace));
  }

  /** Forgets what is no longer orphaned (its Service came back) or no longer exists. */
  void retainOnly(Set<String> keys) {
    seen.keySet().retainAll(keys);
  }

  void forget(String key) {
    seen.remove(key);
  }
}
