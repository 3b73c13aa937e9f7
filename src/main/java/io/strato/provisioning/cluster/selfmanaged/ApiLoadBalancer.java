package io.strato.provisioning.cluster.selfmanaged;

import io.strato.cloud.CloudNames;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.provisioning.cluster.ClusterContext;
import java.util.Collection;
import java.util.List;

/**
 * The network load balancer in front of the API servers: TCP 6443 to 6443 on the control-plane
 * instances, one subnet per zone of the cluster.
 *
 * <p>The targets are the control-plane instances, registered by the driver from what the per-zone
 * groups report, as the exact set; not through an Auto Scaling attachment, because the foundation's
 * load balancer attaches one group and the control plane has three. The cost: an instance the group
 * replaces is registered at the next reconcile rather than at launch (a dead one fails the health
 * check meanwhile, so the load balancer stops sending to it).
 */
final class ApiLoadBalancer {

  private ApiLoadBalancer() {}

  static String name(ClusterContext cluster) {
    return CloudNames.loadBalancer(cluster.name() + "-api", cluster.uid());
  }

  static LoadBalancerSpec spec(
      ClusterContext cluster, ControlPlaneSettings settings, Collection<String> instanceIds) {
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
        SubnetSelection.ids(ControlPlaneLayout.subnetPerZone(cluster)),
        List.of(),
        List.of(),
        List.of(api),
        TargetType.INSTANCE,
        instanceIds.stream().sorted().map(Target::new).toList(),
        null,
        cluster.spec().tags());
  }
}
