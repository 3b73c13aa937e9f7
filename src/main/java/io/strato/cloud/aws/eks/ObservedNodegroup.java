package io.strato.cloud.aws.eks;

import java.util.List;
import java.util.Map;

/**
 * A managed node group as DescribeNodegroup reports it.
 *
 * @param status CREATING, ACTIVE, UPDATING, DELETING, CREATE_FAILED, DELETE_FAILED or DEGRADED
 * @param version the kubelet's Kubernetes minor version, e.g. 1.30
 * @param health EKS's health issues joined into one sentence; empty when healthy
 */
public record ObservedNodegroup(
    String name,
    String status,
    String version,
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
    String health) {

  public ObservedNodegroup {
    subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
    instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
