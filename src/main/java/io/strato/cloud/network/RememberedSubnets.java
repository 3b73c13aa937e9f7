package io.strato.cloud.network;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers subnets looked up by ID for a while, so that a cluster polled every few seconds while
 * EKS or its instances settle does not ask the cloud for the same subnets on every poll. A subnet's
 * zone and VPC never change and its ID is never reused, so a remembered answer can only be stale in
 * one way, a subnet deleted since: the driver's next call then fails and says so, and the memory
 * lapses after {@code ttl}. Look-ups by tag always go to the cloud: tags do change.
 */
public final class RememberedSubnets implements Subnets {

  private record Seen(SubnetInfo subnet, Instant at) {}

  private final Subnets cloud;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  public RememberedSubnets(Subnets cloud, Duration ttl, Clock clock) {
    this.cloud = cloud;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public List<SubnetInfo> byIds(List<String> ids) {
    Instant now = clock.instant();
    List<SubnetInfo> out = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String id : ids) {
      Seen s = seen.get(id);
      if (s != null && s.at().plus(ttl).isAfter(now)) {
        out.add(s.subnet());
      } else {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      for (SubnetInfo found : cloud.byIds(unknown)) {
        seen.put(found.id(), new Seen(found, now));
        out.add(found);
      }
    }
    return out;
  }

  @Override
  public List<SubnetInfo> byTags(String vpcId, Map<String, String> tags) {
    return cloud.byTags(vpcId, tags);
  }
}
