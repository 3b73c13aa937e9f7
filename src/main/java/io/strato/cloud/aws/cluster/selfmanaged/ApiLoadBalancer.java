package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.CloudNames;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.cloud.loadbalancer.TargetType;
import java.util.Collection;
import java.util.List;

/**
 * The network load balancer in front of the API servers: TCP 6443 to 6443 on the control-plane
 * instances, one subnet per zone. Its target group is attached to every control-plane group, so AWS
 * registers a member when it launches and deregisters it (after draining) before it terminates,
 * without waiting for a reconcile.
 */
final class ApiLoadBalancer {

  private ApiLoadBalancer() {}

  static String name(ClusterContext cluster) {
    return CloudNames.loadBalancer(cluster.name() + "-api", cluster.uid());
  }

  /**
   * @param subnetIds one per zone: the cluster's own for an internal load balancer, public ones
   *     (see {@link PublicSubnets}) for an internet-facing one
   * @param controlPlaneGroups the control-plane groups that exist now: the load balancer comes
   *     first (its DNS name is in their user data), so on the first pass there are none; the same
   *     pass attaches them once it has created them
   */
  static LoadBalancerSpec spec(
      ClusterContext cluster,
      ControlPlaneSettings settings,
      List<String> subnetIds,
      Collection<String> controlPlaneGroups) {
    // Client IP preservation off: with it, a control-plane node that reaches the API through the
    // NLB and lands on itself never gets an answer (NLB hairpinning), which breaks kubeadm join
    // and the kubelet of the member itself. The API server sees the NLB's address instead.
    ListenerSpec api =
        new ListenerSpec(
            BootstrapUserData.API_PORT,
            ListenerProtocol.TCP,
            BootstrapUserData.API_PORT,
            null,
            null,
            HealthCheckSpec.tcpDefault(),
            new TargetGroupAttributes(null, false, null));
    return new LoadBalancerSpec(
        name(cluster),
        settings.apiScheme(),
        SubnetSelection.ids(subnetIds),
        List.of(),
        List.of(),
        List.of(api),
        TargetType.INSTANCE,
        List.of(),
        null,
        cluster.spec().tags(),
        List.of(),
        null,
        List.copyOf(controlPlaneGroups),
        null,
        // The control-plane instances' group must admit the NLB on 6443, or AWS drops the
        // health checks and kubeadm's calls through it.
        TargetIngress.LOAD_BALANCER_GROUP);
  }
}
