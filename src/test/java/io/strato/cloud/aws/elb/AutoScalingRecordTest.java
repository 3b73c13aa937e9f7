package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a load balancer's tags record its Auto Scaling groups: no cloud. */
class AutoScalingRecordTest {

  @Test
  void oneGroupKeepsTheSingleKeyAndFurtherGroupsGetOneKeyEach() {
    assertThat(AutoScalingAttachment.record(List.of("nodes")))
        .containsExactly(Map.entry("strato.io/autoscaling-group", "nodes"));

    Map<String, String> three = AutoScalingAttachment.record(List.of("c", "a", "b"));

    assertThat(three).hasSize(3).containsEntry("strato.io/autoscaling-group", "a");
    assertThat(three.keySet())
        .allSatisfy(k -> assertThat(k).startsWith("strato.io/autoscaling-group"));
    assertThat(AutoScalingAttachment.recorded(three)).containsExactly("a", "b", "c");
  }

  @Test
  void longGroupNamesFitBecauseEachTagHoldsOneName() {
    String longName = "strato-" + "x".repeat(100) + "-cp-us-east-1a-12345678";

    Map<String, String> tags =
        AutoScalingAttachment.record(List.of(longName, longName + "b", longName + "c"));

    assertThat(tags.keySet()).allSatisfy(k -> assertThat(k.length()).isLessThanOrEqualTo(128));
    assertThat(tags.values()).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(256));
  }

  @Test
  void otherTagsAreNotARecord() {
    assertThat(
            AutoScalingAttachment.recorded(
                Map.of("strato.io/owner", "uid", "strato.io/autoscaling-groupies", "x")))
        .isEmpty();
  }
}
