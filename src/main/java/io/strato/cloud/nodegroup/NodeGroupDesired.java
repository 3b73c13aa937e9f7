package io.strato.cloud.nodegroup;

import io.strato.cloud.CloudNames;
import java.util.List;

/** The pure "compute desired" step for node groups, with every default applied here. */
public final class NodeGroupDesired {

  private NodeGroupDesired() {}

  public static NodeGroupSpec compute(String name, String uid, NodeGroupSpecDto spec) {
    return compute(CloudNames.nodeGroup(name, uid), spec);
  }

  /**
   * @param cloudName the launch template and Auto Scaling group name (a cluster's node groups are
   *     named after the cluster and the group, see {@code ClusterNodeGroups})
   */
  public static NodeGroupSpec compute(String cloudName, NodeGroupSpecDto spec) {
    return new NodeGroupSpec(
        cloudName,
        new LaunchSpec(
            spec.imageId(),
            spec.instanceType(),
            spec.userData(),
            spec.securityGroups(),
            spec.keyName(),
            spec.instanceProfile()),
        spec.subnetIds(),
        spec.minSize(),
        spec.maxSize(),
        spec.desiredCapacity(),
        scaling(spec.scaling()),
        spec.nodeLabels(),
        spec.nodeTaints() == null
            ? List.of()
            : spec.nodeTaints().stream()
                .map(t -> new Taint(t.key(), t.value() == null ? "" : t.value(), t.effect()))
                .toList(),
        spec.tags());
  }

  static ScalingPolicySpec scaling(NodeGroupSpecDto.ScalingDto s) {
    if (s == null) {
      return null;
    }
    ScalingMetric metric =
        "cpu".equals(s.metric()) ? ScalingMetric.AVERAGE_CPU : ScalingMetric.REQUESTS_PER_TARGET;
    return new ScalingPolicySpec(
        metric, s.target(), s.resourceLabel(), Boolean.TRUE.equals(s.disableScaleIn()));
  }
}
