package io.strato.cloud.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to write and what to remove to turn one tag set into another, for every AWS path (tags as
 * strings, Auto Scaling tags with their propagation flag). Strato is authoritative over the tags of
 * resources it owns, except the keys {@link AwsTags#isProtected} names (its ownership tags,
 * AWS-reserved tags and the tags AWS services such as ECS write on the group).
 *
 * @param put tags to create or overwrite
 * @param delete keys to remove
 */
public record TagChanges<V>(Map<String, V> put, Set<String> delete) {

  public static <V> TagChanges<V> between(Map<String, V> current, Map<String, V> desired) {
    Map<String, V> put = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!Objects.equals(current.get(key), value)) {
            put.put(key, value);
          }
        });
    Set<String> delete = new TreeSet<>();
    for (String key : current.keySet()) {
      if (!desired.containsKey(key) && !AwsTags.isProtected(key)) {
        delete.add(key);
      }
    }
    return new TagChanges<>(Map.copyOf(put), Set.copyOf(delete));
  }

  public boolean isEmpty() {
    return put.isEmpty() && delete.isEmpty();
  }
}
