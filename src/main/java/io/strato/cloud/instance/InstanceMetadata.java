package io.strato.cloud.instance;

import java.util.List;

/**
 * What the node controller writes onto a Node.
 *
 * @param providerId {@code aws:///<zone>/<instance-id>}
 * @param zoneId the zone's account-independent ID ({@code use1-az4}): zone names are shuffled per
 *     account, IDs are not; null when the cloud did not say
 */
public record InstanceMetadata(
    String instanceId,
    String providerId,
    String instanceType,
    String zone,
    String region,
    String zoneId,
    InstanceState state,
    List<NodeAddress> addresses) {

  public InstanceMetadata {
    addresses = List.copyOf(addresses);
  }
}
