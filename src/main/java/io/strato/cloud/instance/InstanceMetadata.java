package io.strato.cloud.instance;

import java.util.List;

/**
 * What the node controller writes onto a Node.
 *
 * @param providerId {@code aws:///<zone>/<instance-id>}
 */
public record InstanceMetadata(
    String instanceId,
    String providerId,
    String instanceType,
    String zone,
    String region,
    InstanceState state,
    List<NodeAddress> addresses) {

  public InstanceMetadata {
    addresses = List.copyOf(addresses);
  }
}
