package io.strato.cloud.aws.eks;

import java.util.List;
import java.util.Map;

/**
 * An EKS managed node group as Strato wants it. Null optional fields (amiType, diskSize,
 * updateConfig, instanceTypes when empty) are left to EKS's defaults and not compared.
 */
public record EksNodegroupConfig(
    String name,
    String nodeRole,
    List<String> subnetIds,
    EksScaling scaling,
    List<String> instanceTypes,
    String capacityType,
    String amiType,
    Integer diskSize,
    Map<String, String> labels,
    List<EksTaint> taints,
    EksUpdateConfig updateConfig,
    Map<String, String> tags,
    String clientRequestToken) {

  public EksNodegroupConfig {
    subnetIds = List.copyOf(subnetIds);
    instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
    tags = Map.copyOf(tags);
  }
}
