package io.strato.cloud.network;

import java.util.List;
import java.util.Map;

/** Finds subnets, so that a cluster's network is checked against the cloud before it is used. */
public interface Subnets {

  /** The subnets with these IDs that exist (a missing one is simply absent from the answer). */
  List<SubnetInfo> byIds(List<String> ids);

  /** The subnets in a VPC that carry every one of the tags (an empty value matches any value). */
  List<SubnetInfo> byTags(String vpcId, Map<String, String> tags);

  /** One subnet as the cloud reports it. */
  record SubnetInfo(String id, String zone, String vpcId) {}
}
