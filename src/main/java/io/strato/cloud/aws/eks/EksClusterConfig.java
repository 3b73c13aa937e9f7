package io.strato.cloud.aws.eks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EKS control plane as Strato wants it.
 *
 * @param logTypes the control-plane log types to enable; every other type is disabled
 * @param clientRequestToken the same for every attempt to create this cluster, so that EKS answers
 *     a repeated create with the cluster already made
 * @param extendedSupport whether the cluster may stay on a version in extended support (billed);
 *     when false, EKS upgrades it when standard support ends
 */
public record EksClusterConfig(
    String name,
    String roleArn,
    String version,
    List<String> subnetIds,
    List<String> securityGroupIds,
    EksEndpointAccess endpointAccess,
    Set<String> logTypes,
    Map<String, String> tags,
    String clientRequestToken,
    boolean extendedSupport) {

  public EksClusterConfig {
    subnetIds = List.copyOf(subnetIds);
    securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    logTypes = Set.copyOf(logTypes);
    tags = Map.copyOf(tags);
  }
}
