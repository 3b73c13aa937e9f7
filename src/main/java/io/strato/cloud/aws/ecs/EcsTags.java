package io.strato.cloud.aws.ecs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Tag;

/** ECS spells tags with lower-case {@code key}/{@code value}; these convert to and from maps. */
public final class EcsTags {

  private EcsTags() {}

  public static List<Tag> of(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  public static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> out.put(t.key(), t.value()));
    }
    return out;
  }
}
