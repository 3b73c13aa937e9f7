package io.strato.cloud.gcp.cluster;

import io.strato.cloud.Ownership;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.GkeDto;
import io.strato.cloud.cluster.ClusterSpecDto.PrivateClusterDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** GKE cluster specs for tests to start from and change. */
public final class GkeSpecs {

  private GkeSpecs() {}

  public static GkeDto gke(String releaseChannel) {
    return new GkeDto(
        "demo-project",
        "europe-west1",
        releaseChannel,
        "default",
        "nodes",
        new PrivateClusterDto(true, false, "172.16.0.0/28"),
        List.of("10.0.0.0/8"),
        true,
        "03:00");
  }

  public static ClusterNodeGroupDto pool(String name, int min, int max, Integer desired) {
    return new ClusterNodeGroupDto(
        name,
        null,
        "e2-standard-4",
        null,
        null,
        null,
        100,
        null,
        null,
        null,
        null,
        null,
        null,
        min,
        max,
        desired,
        null,
        Map.of("role", name),
        List.of(),
        null,
        Map.of("pool", name),
        false,
        "COS_CONTAINERD",
        true,
        true,
        null,
        null);
  }

  static ClusterNodeGroupDto withTaints(ClusterNodeGroupDto p, List<TaintDto> taints) {
    return new ClusterNodeGroupDto(
        p.name(),
        p.imageId(),
        p.instanceType(),
        p.instanceTypes(),
        p.capacityType(),
        p.amiType(),
        p.diskSize(),
        p.nodeRole(),
        p.instanceProfile(),
        p.keyName(),
        p.securityGroups(),
        p.userData(),
        p.subnetIds(),
        p.minSize(),
        p.maxSize(),
        p.desiredCapacity(),
        p.scaling(),
        p.nodeLabels(),
        taints,
        p.updateConfig(),
        p.tags(),
        p.spot(),
        p.imageType(),
        p.autoRepair(),
        p.autoUpgrade(),
        p.locations(),
        p.sizeScope());
  }

  public static ClusterSpecDto spec(String version, GkeDto gke, List<ClusterNodeGroupDto> pools) {
    return new ClusterSpecDto(
        "gcp", "gke", version, null, null, null, null, pools, Map.of("team", "platform"), gke);
  }

  static ClusterContext context(String name, String uid, ClusterSpecDto spec) {
    return new ClusterContext(
        name,
        uid,
        spec,
        new Ownership(uid, "Cluster", name, null),
        null,
        List.of(),
        (lb, port) -> Optional.empty());
  }
}
