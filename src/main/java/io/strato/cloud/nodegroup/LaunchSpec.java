package io.strato.cloud.nodegroup;

import java.util.List;

/**
 * What each instance of a node group is launched from: the content of its launch template.
 *
 * @param userData plain text; the provider encodes it as the cloud requires
 * @param keyName an EC2 key pair name, or null
 * @param instanceProfile the IAM instance profile (ARN or name) the nodes run as, or null
 * @param metadataHopLimit how many network hops the instance metadata service answers across, or
 *     null for the provider's default (2, so pods reach it); 1 keeps the instance role from pods
 *     that do not share the host's network
 */
public record LaunchSpec(
    String imageId,
    String instanceType,
    String userData,
    List<String> securityGroupIds,
    String keyName,
    String instanceProfile,
    Integer metadataHopLimit) {

  public LaunchSpec {
    securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
  }

  public LaunchSpec(
      String imageId,
      String instanceType,
      String userData,
      List<String> securityGroupIds,
      String keyName) {
    this(imageId, instanceType, userData, securityGroupIds, keyName, null, null);
  }

  public LaunchSpec(
      String imageId,
      String instanceType,
      String userData,
      List<String> securityGroupIds,
      String keyName,
      String instanceProfile) {
    this(imageId, instanceType, userData, securityGroupIds, keyName, instanceProfile, null);
  }
}
