package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsTags;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagChangesTest {

  @Test
  void addsChangedTagsAndRemovesUndeclaredUserTagsButNeverOwnershipTags() {
    AwsTags.Changes changes =
        AwsTags.changes(
            Map.of("team", "web", "cost", "42", "strato.io/owner", "uid-1"),
            Map.of(
                "team", "api",
                "old", "x",
                "strato.io/owner", "uid-1",
                "strato.io/autoscaling-group", "asg",
                "kubernetes.io/cluster/c1", "owned",
                "aws:cloudformation:stack-name", "s",
                "AmazonECSManaged", ""));

    assertThat(changes.add()).containsOnly(Map.entry("team", "web"), Map.entry("cost", "42"));
    assertThat(changes.remove()).containsExactly("old");
  }

  @Test
  void nothingToDoWhenTagsMatch() {
    assertThat(AwsTags.changes(Map.of("a", "1"), Map.of("a", "1")).isEmpty()).isTrue();
  }
}
