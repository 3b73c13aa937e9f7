package io.strato.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TagChangesTest {

  @Test
  void writesNewAndChangedTagsAndRemovesDroppedOnes() {
    TagChanges<String> changes =
        TagChanges.between(
            Map.of("team", "a", "env", "dev", "old", "x"),
            Map.of("team", "b", "env", "dev", "new", "y"));

    assertThat(changes.put()).isEqualTo(Map.of("team", "b", "new", "y"));
    assertThat(changes.delete()).containsExactly("old");
  }

  @Test
  void neverRemovesOwnershipOrAwsTags() {
    TagChanges<String> changes =
        TagChanges.between(
            Map.of(
                "strato.io/owner", "uid",
                "strato.io/resource", "NodeGroup/x",
                "strato.io/managed-by", "strato",
                "aws:cloudformation:stack-name", "s"),
            Map.of());

    assertThat(changes.delete()).isEmpty();
  }

  @Test
  void neverRemovesTagsAwsServicesWroteOnTheGroup() {
    TagChanges<String> changes =
        TagChanges.between(
            Map.of(
                "AmazonECSManaged", "",
                "eks:nodegroup-name", "ng",
                "kubernetes.io/cluster/c1", "owned",
                "strato.io/target-security-group/x", "sg-1",
                "old", "x"),
            Map.of());

    assertThat(changes.delete()).containsExactly("old");
  }

  @Test
  void equalSetsNeedNothing() {
    assertThat(TagChanges.between(Map.of("a", "1"), Map.of("a", "1")).isEmpty()).isTrue();
  }
}
