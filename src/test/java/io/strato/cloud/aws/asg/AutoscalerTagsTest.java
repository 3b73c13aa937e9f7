package io.strato.cloud.aws.asg;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.Taint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoscalerTagsTest {

  private static final Ownership IN_CLUSTER =
      new Ownership("uid-1", "NodeGroup", "workers", "prod");
  private static final Ownership NO_CLUSTER = new Ownership("uid-1", "NodeGroup", "workers", null);

  @Test
  void labelsAndTaintsBecomeNodeTemplateTagsThatStayOnTheGroup() {
    Map<String, GroupTag> tags =
        AutoscalerTags.of(
            IN_CLUSTER,
            Map.of("node.kubernetes.io/pool", "gpu", "team", "ml"),
            List.of(
                new Taint("nvidia.com/gpu", "true", "NoSchedule"),
                new Taint("dedicated", null, "NoExecute")));

    assertThat(tags)
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/pool",
            GroupTag.groupOnly("gpu"))
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/label/team", GroupTag.groupOnly("ml"))
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu",
            GroupTag.groupOnly("true:NoSchedule"))
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/taint/dedicated",
            GroupTag.groupOnly(":NoExecute"));
  }

  @Test
  void aGroupInAClusterIsDiscoverableAndItsInstancesCarryTheClusterTag() {
    Map<String, GroupTag> tags = AutoscalerTags.of(IN_CLUSTER, Map.of(), List.of());

    assertThat(tags)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "k8s.io/cluster-autoscaler/enabled", GroupTag.groupOnly("true"),
                "k8s.io/cluster-autoscaler/prod", GroupTag.groupOnly("owned"),
                "kubernetes.io/cluster/prod", GroupTag.propagated("owned")));
  }

  @Test
  void withoutAClusterOnlyTheEnabledTagRemains() {
    assertThat(AutoscalerTags.of(NO_CLUSTER, Map.of(), List.of()))
        .containsOnlyKeys("k8s.io/cluster-autoscaler/enabled");
  }
}
