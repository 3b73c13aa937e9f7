package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to write and what to remove to turn one tag set into another. Strato is authoritative over
 * the tags of resources it owns, with two exceptions it never removes: {@code aws:} tags (AWS
 * refuses) and the ownership tags (without them the resource would be orphaned to every later
 * reconcile and to the sweeper).
 *
 * @param put tags to create or overwrite
 * @param delete keys to remove
 */
record TagChanges<V>(Map<String, V> put, Set<String> delete) {

  private static final Set<String> OWNERSHIP_KEYS =
      Set.of(Ownership.OWNER_TAG, Ownership.RESOURCE_TAG, Ownership.MANAGED_BY_TAG);

  static <V> TagChanges<V> between(Map<String, V> current, Map<String, V> desired) {
    Map<String, V> put = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!Objects.equals(current.get(key), value)) {
            put.put(key, value);
          }
        });
    Set<String> delete = new TreeSet<>();
    for (String key : current.keySet()) {
      if (!desired.containsKey(key) && !isProtected(key)) {
        delete.add(key);
      }
    }
    return new TagChanges<>(Map.copyOf(put), Set.copyOf(delete));
  }

  static boolean isProtected(String key) {
    return key.startsWith("aws:") || OWNERSHIP_KEYS.contains(key);
  }

  boolean isEmpty() {
    return put.isEmpty() && delete.isEmpty();
  }
}
