package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.aws.AwsErrors;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Whether the control-plane members answer through the API load balancer: the health of their
 * targets on 6443, as the load balancer's own TCP checks see them. This, not an Auto Scaling group
 * in service, is what says the control plane works: an instance is in service as soon as it boots,
 * long before {@code kubeadm} has an API server listening, and a member whose API server died stays
 * in service.
 *
 * <p>One {@code DescribeTargetHealth} per read. While every member was healthy on the last read and
 * the members are the same instances, up to {@code maxReuses} polls in a row are answered from that
 * read, the same bound the driver keeps for the load balancer's own state; anything short of all
 * healthy is read again on every poll, since that is what the cluster waits for.
 */
final class ApiTargetHealth {

  /**
   * What the load balancer says of the members.
   *
   * @param problems each member that is not healthy, with its state and AWS's reason code
   */
  record Health(int healthy, Map<String, String> problems) {
    Health {
      // Sorted, so the condition's message, and with it the stored status, is stable.
      problems = Collections.unmodifiableMap(new TreeMap<>(problems));
    }
  }

  private record Read(String targetGroupArn, Set<String> members, Health health, int reuses) {}

  private final ElasticLoadBalancingV2Client elb;
  private final int maxReuses;
  private final Map<String, Read> byCluster = new ConcurrentHashMap<>();

  ApiTargetHealth(ElasticLoadBalancingV2Client elb, int maxReuses) {
    this.elb = elb;
    this.maxReuses = maxReuses;
  }

  /**
   * @param members the control-plane instances that should be targets
   */
  Health read(String clusterUid, String targetGroupArn, List<String> members) {
    Set<String> wanted = new TreeSet<>(members);
    Read last = byCluster.remove(clusterUid);
    if (last != null
        && last.reuses() < maxReuses
        && last.targetGroupArn().equals(targetGroupArn)
        && last.members().equals(wanted)
        && last.health().problems().isEmpty()) {
      byCluster.put(clusterUid, new Read(targetGroupArn, wanted, last.health(), last.reuses() + 1));
      return last.health();
    }
    List<TargetHealthDescription> described =
        AwsErrors.call(
                "DescribeTargetHealth",
                () -> elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)))
            .targetHealthDescriptions();
    Health health = health(wanted, described);
    byCluster.put(clusterUid, new Read(targetGroupArn, wanted, health, 0));
    return health;
  }

  void forget(String clusterUid) {
    byCluster.remove(clusterUid);
  }

  /** A member the load balancer does not list yet is not registered: AWS has not caught up. */
  static Health health(Set<String> members, List<TargetHealthDescription> described) {
    Map<String, String> problems = new TreeMap<>();
    members.forEach(m -> problems.put(m, "unregistered"));
    int healthy = 0;
    for (TargetHealthDescription d : described) {
      String id = d.target().id();
      if (!members.contains(id)) {
        continue;
      }
      if (d.targetHealth().state() == TargetHealthStateEnum.HEALTHY) {
        problems.remove(id);
        healthy++;
      } else {
        String reason = d.targetHealth().reasonAsString();
        problems.put(
            id, d.targetHealth().stateAsString() + (reason == null ? "" : " (" + reason + ")"));
      }
    }
    return new Health(healthy, problems);
  }
}
