package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.eks.EksClusterConfig;
import io.strato.cloud.aws.eks.EksEndpointAccess;
import io.strato.cloud.aws.eks.EksNodegroupConfig;
import io.strato.cloud.aws.eks.EksScaling;
import io.strato.cloud.aws.eks.EksTaint;
import io.strato.cloud.aws.eks.EksUpdateConfig;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.cloud.cluster.ClusterSpecDto.EndpointAccessDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What EKS should hold for a cluster spec: pure functions, no cloud. */
public final class EksDesired {

  static final List<String> DEFAULT_PUBLIC_CIDRS = List.of("0.0.0.0/0");

  private static final Map<String, String> EFFECTS =
      Map.of(
          "NoSchedule", "NO_SCHEDULE",
          "PreferNoSchedule", "PREFER_NO_SCHEDULE",
          "NoExecute", "NO_EXECUTE");

  private EksDesired() {}

  public static EksClusterConfig cluster(ClusterContext cluster) {
    EksDto eks = cluster.spec().eks();
    if (eks == null || eks.roleArn() == null || eks.roleArn().isBlank()) {
      throw invalid("an eks cluster needs eks.roleArn");
    }
    EksEndpointAccess access = endpointAccess(eks.endpointAccess());
    Set<String> logs = eks.logging() == null ? Set.of() : new TreeSet<>(eks.logging());
    boolean extended = Boolean.TRUE.equals(eks.extendedSupport());
    String name = EksNames.cluster(cluster.name(), cluster.uid());
    Map<String, String> tags = tags(cluster, null);
    String token =
        EksNames.token(
            cluster.uid(),
            name,
            eks.roleArn(),
            String.valueOf(cluster.spec().version()),
            String.valueOf(cluster.subnetIds()),
            String.valueOf(eks.securityGroupIds()),
            access.toString(),
            logs.toString(),
            new TreeMap<>(tags).toString(),
            String.valueOf(extended));
    return new EksClusterConfig(
        name,
        eks.roleArn(),
        cluster.spec().version(),
        cluster.subnetIds(),
        eks.securityGroupIds(),
        access,
        logs,
        tags,
        token,
        extended);
  }

  static EksEndpointAccess endpointAccess(EndpointAccessDto dto) {
    if (dto == null) {
      return new EksEndpointAccess(true, false, DEFAULT_PUBLIC_CIDRS);
    }
    boolean pub = dto.publicAccess() == null || dto.publicAccess();
    boolean priv = dto.privateAccess() != null && dto.privateAccess();
    List<String> cidrs =
        dto.publicAccessCidrs() == null || dto.publicAccessCidrs().isEmpty()
            ? DEFAULT_PUBLIC_CIDRS
            : dto.publicAccessCidrs();
    return new EksEndpointAccess(pub, priv, cidrs);
  }

  public static List<DesiredNodegroup> nodegroups(ClusterContext cluster) {
    return ClusterNodeGroups.of(cluster.spec()).stream().map(ng -> nodegroup(cluster, ng)).toList();
  }

  static DesiredNodegroup nodegroup(ClusterContext cluster, ClusterNodeGroupDto ng) {
    if (ng.nodeRole() == null || ng.nodeRole().isBlank()) {
      throw invalid("node group " + ng.name() + " needs nodeRole for eks");
    }
    int min = ng.minSize() == null ? 0 : ng.minSize();
    int max = ng.maxSize() == null ? Math.max(min, 1) : ng.maxSize();
    int desired = ng.desiredCapacity() == null ? min : ng.desiredCapacity();
    List<String> subnets =
        ng.subnetIds() != null && !ng.subnetIds().isEmpty() ? ng.subnetIds() : cluster.subnetIds();
    List<String> instanceTypes =
        ng.instanceTypes() != null && !ng.instanceTypes().isEmpty()
            ? ng.instanceTypes()
            : ng.instanceType() == null ? List.of() : List.of(ng.instanceType());
    List<EksTaint> taints =
        ng.nodeTaints() == null
            ? List.of()
            : ng.nodeTaints().stream().map(EksDesired::taint).toList();
    EksUpdateConfig update =
        ng.updateConfig() == null
            ? null
            : new EksUpdateConfig(
                ng.updateConfig().maxUnavailable(), ng.updateConfig().maxUnavailablePercentage());
    String name = EksNames.nodegroup(cluster.uid(), ng.name());
    Map<String, String> tags = tags(cluster, ng.tags());
    Map<String, String> labels = ng.nodeLabels() == null ? Map.of() : ng.nodeLabels();
    String capacityType = ng.capacityType() == null ? "ON_DEMAND" : ng.capacityType();
    String token =
        EksNames.token(
            cluster.uid(),
            name,
            ng.nodeRole(),
            subnets.toString(),
            instanceTypes.toString(),
            capacityType,
            String.valueOf(ng.amiType()),
            String.valueOf(ng.diskSize()),
            min + "/" + max + "/" + desired,
            new TreeMap<>(labels).toString(),
            taints.toString(),
            String.valueOf(update),
            new TreeMap<>(tags).toString());
    EksNodegroupConfig config =
        new EksNodegroupConfig(
            name,
            ng.nodeRole(),
            subnets,
            new EksScaling(min, max, desired),
            instanceTypes,
            capacityType,
            ng.amiType(),
            ng.diskSize(),
            labels,
            taints,
            update,
            tags,
            token);
    return new DesiredNodegroup(ng.name(), config, ng.desiredCapacity() != null);
  }

  static EksTaint taint(TaintDto t) {
    String effect = EFFECTS.get(t.effect());
    if (effect == null) {
      throw invalid(
          "taint " + t.key() + ": effect must be NoSchedule, PreferNoSchedule or NoExecute");
    }
    return new EksTaint(t.key(), t.value(), effect);
  }

  /** The spec's tags, then the node group's, then the owner's, which nothing may override. */
  private static Map<String, String> tags(ClusterContext cluster, Map<String, String> extra) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (cluster.spec().tags() != null) {
      tags.putAll(cluster.spec().tags());
    }
    if (extra != null) {
      tags.putAll(extra);
    }
    tags.putAll(cluster.owner().tags());
    return tags;
  }

  private static CloudException.InvalidRequest invalid(String message) {
    return new CloudException.InvalidRequest("aws", "CreateCluster", "InvalidSpec", message, null);
  }
}
