package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.Ownership;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.cloud.cluster.ClusterSpecDto.EndpointAccessDto;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.SubnetDto;
import io.strato.cloud.cluster.ClusterSpecDto.UpdateConfigDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An EKS cluster spec the way a user writes one, and the context the engine would hand a driver.
 * moto's EKS does not check subnets, so the subnets are plain IDs over three zones.
 */
public final class EksScenario {

  static final String NAME = "prod";
  static final String UID = "6f1c2a9e-0d4b-4c55-9a51-0b5a3c7e2d10";
  public static final String ROLE = "arn:aws:iam::123456789012:role/eks-control-plane";
  static final String NODE_ROLE = "arn:aws:iam::123456789012:role/eks-nodes";
  static final List<ClusterSubnet> SUBNETS =
      List.of(
          new ClusterSubnet("subnet-0a0000000000000a1", "us-east-1a"),
          new ClusterSubnet("subnet-0b0000000000000b2", "us-east-1b"),
          new ClusterSubnet("subnet-0c0000000000000c3", "us-east-1c"));
  static final Ownership OWNER = new Ownership(UID, "Cluster", NAME, NAME);

  private EksScenario() {}

  public static ClusterSpecDto spec() {
    return new ClusterSpecDto(
        "aws",
        "eks",
        "1.29",
        new NetworkDto(
            null, SUBNETS.stream().map(s -> new SubnetDto(s.id(), s.zone())).toList(), null),
        new EksDto(
            ROLE,
            new EndpointAccessDto(true, false, List.of("203.0.113.0/24")),
            List.of("api", "audit"),
            List.of("sg-0123456789abcdef0")),
        null,
        null,
        List.of(general(), batch()),
        Map.of("team", "platform"));
  }

  static ClusterNodeGroupDto general() {
    return new ClusterNodeGroupDto(
        "general",
        null,
        "m6i.large",
        null,
        null,
        null,
        null,
        NODE_ROLE,
        null,
        null,
        null,
        null,
        null,
        2,
        6,
        null,
        null,
        Map.of("pool", "general"),
        List.of(),
        null,
        null);
  }

  static ClusterNodeGroupDto batch() {
    return new ClusterNodeGroupDto(
        "batch",
        null,
        null,
        List.of("c6i.xlarge", "c6a.xlarge"),
        "SPOT",
        "AL2023_x86_64_STANDARD",
        50,
        NODE_ROLE,
        null,
        null,
        null,
        null,
        List.of(SUBNETS.get(0).id()),
        0,
        10,
        1,
        null,
        Map.of("pool", "batch"),
        List.of(new TaintDto("dedicated", "batch", "NoSchedule")),
        new UpdateConfigDto(null, 33),
        Map.of("cost-center", "ml"));
  }

  static ClusterContext context(ClusterSpecDto spec) {
    return new ClusterContext(
        NAME, UID, spec, OWNER, "vpc-0123456789abcdef0", SUBNETS, (lb, port) -> Optional.empty());
  }

  static ClusterContext context() {
    return context(spec());
  }

  /** The spec with its node group {@code name} changed. */
  static ClusterSpecDto withNodegroup(
      ClusterSpecDto spec, String name, UnaryOperator<ClusterNodeGroupDto> change) {
    return new ClusterSpecDto(
        spec.provider(),
        spec.type(),
        spec.version(),
        spec.network(),
        spec.eks(),
        spec.selfManaged(),
        spec.ecs(),
        spec.nodeGroups().stream()
            .map(ng -> ng.name().equals(name) ? change.apply(ng) : ng)
            .toList(),
        spec.tags());
  }

  static ClusterSpecDto withNodegroups(ClusterSpecDto spec, List<ClusterNodeGroupDto> groups) {
    return new ClusterSpecDto(
        spec.provider(),
        spec.type(),
        spec.version(),
        spec.network(),
        spec.eks(),
        spec.selfManaged(),
        spec.ecs(),
        groups,
        spec.tags());
  }

  public static ClusterSpecDto withEks(ClusterSpecDto spec, EksDto eks) {
    return new ClusterSpecDto(
        spec.provider(),
        spec.type(),
        spec.version(),
        spec.network(),
        eks,
        spec.selfManaged(),
        spec.ecs(),
        spec.nodeGroups(),
        spec.tags());
  }

  public static ClusterSpecDto withVersion(ClusterSpecDto spec, String version) {
    return new ClusterSpecDto(
        spec.provider(),
        spec.type(),
        version,
        spec.network(),
        spec.eks(),
        spec.selfManaged(),
        spec.ecs(),
        spec.nodeGroups(),
        spec.tags());
  }

  /** A copy of a node group with other sizes. */
  static ClusterNodeGroupDto sized(ClusterNodeGroupDto ng, int min, int max, Integer desired) {
    return new ClusterNodeGroupDto(
        ng.name(),
        ng.imageId(),
        ng.instanceType(),
        ng.instanceTypes(),
        ng.capacityType(),
        ng.amiType(),
        ng.diskSize(),
        ng.nodeRole(),
        ng.instanceProfile(),
        ng.keyName(),
        ng.securityGroups(),
        ng.userData(),
        ng.subnetIds(),
        min,
        max,
        desired,
        ng.scaling(),
        ng.nodeLabels(),
        ng.nodeTaints(),
        ng.updateConfig(),
        ng.tags());
  }

  static ClusterNodeGroupDto labelled(
      ClusterNodeGroupDto ng, Map<String, String> labels, List<TaintDto> taints) {
    return new ClusterNodeGroupDto(
        ng.name(),
        ng.imageId(),
        ng.instanceType(),
        ng.instanceTypes(),
        ng.capacityType(),
        ng.amiType(),
        ng.diskSize(),
        ng.nodeRole(),
        ng.instanceProfile(),
        ng.keyName(),
        ng.securityGroups(),
        ng.userData(),
        ng.subnetIds(),
        ng.minSize(),
        ng.maxSize(),
        ng.desiredCapacity(),
        ng.scaling(),
        labels,
        taints,
        ng.updateConfig(),
        ng.tags());
  }

  static ClusterNodeGroupDto withInstanceType(ClusterNodeGroupDto ng, String type) {
    return new ClusterNodeGroupDto(
        ng.name(),
        ng.imageId(),
        type,
        null,
        ng.capacityType(),
        ng.amiType(),
        ng.diskSize(),
        ng.nodeRole(),
        ng.instanceProfile(),
        ng.keyName(),
        ng.securityGroups(),
        ng.userData(),
        ng.subnetIds(),
        ng.minSize(),
        ng.maxSize(),
        ng.desiredCapacity(),
        ng.scaling(),
        ng.nodeLabels(),
        ng.nodeTaints(),
        ng.updateConfig(),
        ng.tags());
  }
}
