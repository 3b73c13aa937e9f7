package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.ContainerDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsServiceDto;
import io.strato.cloud.cluster.ClusterSpecDto.LoadBalancerRefDto;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.ServiceScalingDto;
import io.strato.cloud.cluster.ClusterSpecDto.SubnetDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.testsupport.AwsFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * A prepared account for ECS scenarios: a VPC over three zones, an image, a target group standing
 * in for a Strato LoadBalancer's listener, and a task definition family the user registered
 * themselves. It builds the cluster the scenarios start from: one node group, a web service with an
 * inline container behind the load balancer and CPU autoscaling, and a worker by family.
 */
final class EcsClusterFixture {

  static final String NAME = "shop";
  static final String UID = "uid-shop-0001";
  static final Ownership OWNER = new Ownership(UID, "Cluster", NAME, NAME);
  static final String LOAD_BALANCER = "shop-lb";
  static final String WORKER_FAMILY = "shop-worker";

  final AwsFixtures network;
  final String imageId;
  final String targetGroupArn;

  /** Whether the LoadBalancer resource has its listener yet. */
  final AtomicBoolean loadBalancerReady = new AtomicBoolean(true);

  EcsClusterFixture(AwsClients clients) {
    this.network = AwsFixtures.network(clients.ec2(), NAME);
    this.imageId = AwsFixtures.imageId(clients.ec2());
    this.targetGroupArn =
        clients
            .elb()
            .createTargetGroup(
                r ->
                    r.name("shop-web-80")
                        .protocol(ProtocolEnum.HTTP)
                        .port(80)
                        .vpcId(network.vpcId())
                        .targetType(TargetTypeEnum.INSTANCE))
            .targetGroups()
            .get(0)
            .targetGroupArn();
    clients
        .ecs()
        .registerTaskDefinition(
            r ->
                r.family(WORKER_FAMILY)
                    .containerDefinitions(
                        c -> c.name("worker").image("shop/worker:7").cpu(128).memory(256)));
  }

  ClusterNodeGroupDto nodeGroup(String name, int desired) {
    return nodeGroup(name, 1, desired, null);
  }

  /**
   * @param userData the user's own user data, or null for Strato's
   */
  ClusterNodeGroupDto nodeGroup(String name, int min, Integer desired, String userData) {
    return new ClusterNodeGroupDto(
        name,
        imageId,
        "m5.large",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        userData,
        null,
        min,
        5,
        desired,
        null,
        null,
        null,
        null,
        Map.of("pool", name));
  }

  EcsServiceDto web(String image, ServiceScalingDto scaling) {
    return new EcsServiceDto(
        "web",
        null,
        new ContainerDto("web", image, null, 1024, 8080, Map.of("MODE", "prod", "LOG", "info")),
        2,
        new LoadBalancerRefDto(LOAD_BALANCER, 80, 8080),
        null,
        scaling);
  }

  static ServiceScalingDto cpuScaling() {
    return new ServiceScalingDto(2, 6, "cpu", 60.0);
  }

  static EcsServiceDto worker() {
    return new EcsServiceDto("worker", WORKER_FAMILY, null, 1, null, false, null);
  }

  /** The scenario's starting spec. */
  ClusterSpecDto spec() {
    return spec(
        List.of(nodeGroup("general", 2)), List.of(web("nginx:1.25", cpuScaling()), worker()));
  }

  ClusterSpecDto spec(List<ClusterNodeGroupDto> nodeGroups, List<EcsServiceDto> services) {
    List<SubnetDto> subnets = new ArrayList<>();
    for (int i = 0; i < AwsFixtures.ZONES.size(); i++) {
      subnets.add(new SubnetDto(network.privateSubnets().get(i), AwsFixtures.ZONES.get(i)));
    }
    return new ClusterSpecDto(
        "aws",
        "ecs",
        null,
        new NetworkDto(network.vpcId(), subnets, null),
        null,
        null,
        new EcsDto(true, services),
        nodeGroups,
        Map.of("team", "shop"));
  }

  ClusterContext context(ClusterSpecDto spec) {
    List<ClusterSubnet> subnets = new ArrayList<>();
    spec.network().subnets().forEach(s -> subnets.add(new ClusterSubnet(s.id(), s.zone())));
    return new ClusterContext(
        NAME,
        UID,
        spec,
        OWNER,
        network.vpcId(),
        subnets,
        (lb, port) ->
            loadBalancerReady.get() && lb.equals(LOAD_BALANCER) && port == 80
                ? Optional.of(targetGroupArn)
                : Optional.empty());
  }
}
