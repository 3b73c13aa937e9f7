package io.strato.cloud.aws.asg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupChangesTest {

  private static final Map<String, GroupTag> TAGS =
      Map.of("strato.io/owner", GroupTag.propagated("uid"), "team", GroupTag.propagated("a"));

  private static ObservedGroup current(int min, int max, int desired, String version) {
    return new ObservedGroup(
        "workers",
        "arn",
        TAGS,
        min,
        max,
        desired,
        List.of("subnet-a", "subnet-b", "subnet-c"),
        List.of("us-east-1a", "us-east-1b", "us-east-1c"),
        "lt-1",
        version,
        List.of(),
        List.of(),
        null);
  }

  private static DesiredGroup desired(int min, int max, Integer desired, long version) {
    return new DesiredGroup(
        "workers",
        List.of("subnet-c", "subnet-a", "subnet-b"),
        min,
        max,
        desired,
        "lt-1",
        version,
        TAGS);
  }

  @Test
  void theSameGroupInAnotherSubnetOrderNeedsNothing() {
    assertThat(GroupChanges.between(current(1, 5, 2, "1"), desired(1, 5, 2, 1)).isEmpty()).isTrue();
  }

  @Test
  void onlyTheFieldsThatDifferAreSent() {
    GroupChanges changes = GroupChanges.between(current(1, 5, 2, "1"), desired(1, 6, 3, 1));

    assertThat(changes.minSize()).isNull();
    assertThat(changes.maxSize()).isEqualTo(6);
    assertThat(changes.desiredCapacity()).isEqualTo(3);
    assertThat(changes.vpcZoneIdentifier()).isNull();
    assertThat(changes.templateVersion()).isNull();
    assertThat(changes.tags().isEmpty()).isTrue();
  }

  @Test
  void aNullDesiredCapacityLeavesTheAutoscalersChoiceAlone() {
    GroupChanges changes = GroupChanges.between(current(1, 5, 4, "1"), desired(1, 5, null, 1));

    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void aNewTemplateVersionOrAnUnpinnedGroupMovesTheGroup() {
    assertThat(GroupChanges.between(current(1, 5, 2, "1"), desired(1, 5, 2, 2)).templateVersion())
        .isEqualTo(2L);
    assertThat(
            GroupChanges.between(current(1, 5, 2, "$Latest"), desired(1, 5, 2, 1))
                .templateVersion())
        .isEqualTo(1L);
  }

  @Test
  void changedSubnetsAreSentInTheOrderAsked() {
    DesiredGroup two =
        new DesiredGroup("workers", List.of("subnet-b", "subnet-a"), 1, 5, 2, "lt-1", 1, TAGS);

    assertThat(GroupChanges.between(current(1, 5, 2, "1"), two).vpcZoneIdentifier())
        .isEqualTo("subnet-b,subnet-a");
  }

  @Test
  void aTagWhosePropagationChangedIsRewritten() {
    DesiredGroup desired =
        new DesiredGroup(
            "workers",
            List.of("subnet-a", "subnet-b", "subnet-c"),
            1,
            5,
            2,
            "lt-1",
            1,
            Map.of("strato.io/owner", GroupTag.propagated("uid"), "team", GroupTag.groupOnly("a")));

    assertThat(GroupChanges.between(current(1, 5, 2, "1"), desired).tags().put())
        .containsOnlyKeys("team");
  }
}
