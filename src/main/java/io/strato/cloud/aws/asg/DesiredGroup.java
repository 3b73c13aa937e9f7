package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Auto Scaling group of a node group should look like.
 *
 * @param desiredCapacity null: the autoscaler owns it once the group exists
 * @param tags every tag of the group: the user's, cluster-autoscaler's, then the ownership tags,
 *     each later source winning over an earlier one on the same key
 */
record DesiredGroup(
    String name,
    List<String> subnetIds,
    int minSize,
    int maxSize,
    Integer desiredCapacity,
    String templateId,
    long templateVersion,
    Map<String, GroupTag> tags) {

  DesiredGroup {
    subnetIds = List.copyOf(subnetIds);
    tags = Map.copyOf(tags);
  }

  static DesiredGroup of(Ownership owner, NodeGroupSpec spec, TemplateVersion template) {
    Map<String, GroupTag> tags = new LinkedHashMap<>();
    spec.tags().forEach((k, v) -> tags.put(k, GroupTag.propagated(v)));
    tags.putAll(AutoscalerTags.of(owner, spec.labels(), spec.taints()));
    owner.tags().forEach((k, v) -> tags.put(k, GroupTag.propagated(v)));
    return new DesiredGroup(
        spec.name(),
        spec.subnetIds(),
        spec.minSize(),
        spec.maxSize(),
        spec.desiredCapacity(),
        template.templateId(),
        template.version(),
        tags);
  }

  /** The capacity to create the group with: as asked, or the minimum. */
  int initialCapacity() {
    return desiredCapacity == null ? minSize : desiredCapacity;
  }

  String vpcZoneIdentifier() {
    return String.join(",", subnetIds);
  }
}
