package io.strato.cloud.aws.eks;

import java.util.Map;
import java.util.Set;

/**
 * An EKS control plane as DescribeCluster reports it.
 *
 * @param status CREATING, ACTIVE, UPDATING, DELETING or FAILED
 * @param logTypes the log types enabled now
 * @param authenticationMode CONFIG_MAP, API_AND_CONFIG_MAP or API; null when not reported (moto)
 * @param supportType the upgrade policy's support type, STANDARD or EXTENDED; null when not
 *     reported (moto)
 */
public record ObservedCluster(
    String name,
    String arn,
    String status,
    String version,
    String endpoint,
    String certificateAuthorityData,
    EksEndpointAccess endpointAccess,
    Set<String> logTypes,
    Map<String, String> tags,
    String oidcIssuer,
    String authenticationMode,
    String supportType) {

  public ObservedCluster {
    logTypes = Set.copyOf(logTypes);
    tags = Map.copyOf(tags);
  }

  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
