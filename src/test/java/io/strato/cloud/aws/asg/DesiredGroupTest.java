package io.strato.cloud.aws.asg;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.LaunchSpec;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredGroupTest {

  private static final Ownership OWNER = new Ownership("uid-1", "NodeGroup", "workers", "prod");

  private static NodeGroupSpec spec(Integer desired, Map<String, String> tags) {
    return new NodeGroupSpec(
        "prod-workers",
        new LaunchSpec("ami-1", "m5.large", null, List.of(), null),
        List.of("subnet-a", "subnet-b"),
        1,
        5,
        desired,
        null,
        Map.of("pool", "general"),
        List.of(),
        tags);
  }

  @Test
  void ownershipTagsWinOverTheUsersAndEverythingTheUserGaveIsPropagated() {
    DesiredGroup group =
        DesiredGroup.of(
            OWNER,
            spec(null, Map.of("team", "ml", "strato.io/owner", "someone-else")),
            new TemplateVersion("lt-1", 3, ChangeOutcome.UNCHANGED));

    assertThat(group.tags())
        .containsEntry("strato.io/owner", GroupTag.propagated("uid-1"))
        .containsEntry("team", GroupTag.propagated("ml"))
        .containsEntry("kubernetes.io/cluster/prod", GroupTag.propagated("owned"))
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/label/pool", GroupTag.groupOnly("general"));
    assertThat(group.templateVersion()).isEqualTo(3);
    assertThat(group.vpcZoneIdentifier()).isEqualTo("subnet-a,subnet-b");
  }

  @Test
  void withoutADesiredCapacityTheGroupStartsAtItsMinimum() {
    DesiredGroup group =
        DesiredGroup.of(OWNER, spec(null, Map.of()), new TemplateVersion("lt-1", 1, null));

    assertThat(group.initialCapacity()).isEqualTo(1);
  }
}
