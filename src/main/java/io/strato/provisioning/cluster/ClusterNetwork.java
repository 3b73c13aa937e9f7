package io.strato.provisioning.cluster;

import io.strato.cloud.CloudException;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.SubnetDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.cloud.network.Subnets;
import io.strato.cloud.network.Subnets.SubnetInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves a cluster's network against the cloud: the subnets exist, sit in one VPC, are in the
 * zones the spec says, and cover at least three zones. A failure names its cause, so a user sees
 * "subnet-… is in us-east-1d, not us-east-1c" rather than a failed EKS call ten minutes later.
 */
public final class ClusterNetwork {

  public static final int MIN_ZONES = 3;

  private final Subnets subnets;

  public ClusterNetwork(Subnets subnets) {
    this.subnets = subnets;
  }

  /** The VPC and subnets, sorted by zone then ID. */
  public record Resolved(String vpcId, List<ClusterSubnet> subnets) {}

  public Resolved resolve(NetworkDto network) {
    List<SubnetInfo> found =
        network.subnets() != null && !network.subnets().isEmpty()
            ? byIds(network.subnets())
            : byTags(network.vpcId(), network.discoverByTags());
    String vpc = vpcOf(found, network.vpcId());
    Set<String> zones = found.stream().map(SubnetInfo::zone).collect(Collectors.toSet());
    if (zones.size() < MIN_ZONES) {
      throw invalid(
          "InsufficientZones",
          "the cluster's subnets cover "
              + zones.size()
              + " zone(s) "
              + new TreeSet<>(zones)
              + "; a highly available cluster needs at least "
              + MIN_ZONES);
    }
    return new Resolved(
        vpc, sorted(found.stream().map(s -> new ClusterSubnet(s.id(), s.zone())).toList()));
  }

  /**
   * The network as the spec states it, without asking the cloud: what deletion uses, because it
   * must work even after the subnets are gone.
   */
  public static Resolved asDeclared(NetworkDto network) {
    if (network == null) {
      return new Resolved(null, List.of());
    }
    List<ClusterSubnet> declared =
        network.subnets() == null
            ? List.of()
            : network.subnets().stream().map(s -> new ClusterSubnet(s.id(), s.zone())).toList();
    return new Resolved(network.vpcId(), sorted(declared));
  }

  private List<SubnetInfo> byIds(List<SubnetDto> declared) {
    List<String> ids = declared.stream().map(SubnetDto::id).distinct().toList();
    Map<String, SubnetInfo> found =
        subnets.byIds(ids).stream()
            .collect(Collectors.toMap(SubnetInfo::id, Function.identity(), (a, b) -> a));
    Set<String> missing = new TreeSet<>(ids);
    missing.removeAll(found.keySet());
    if (!missing.isEmpty()) {
      throw invalid("SubnetNotFound", "subnets " + missing + " do not exist");
    }
    for (SubnetDto d : declared) {
      String actual = found.get(d.id()).zone();
      if (!actual.equals(d.zone())) {
        throw invalid(
            "SubnetZoneMismatch",
            d.id() + " is in " + actual + ", not " + d.zone() + " as the spec says");
      }
    }
    return ids.stream().map(found::get).toList();
  }

  private List<SubnetInfo> byTags(String vpcId, Map<String, String> tags) {
    List<SubnetInfo> found = subnets.byTags(vpcId, tags);
    if (found.isEmpty()) {
      throw invalid("SubnetNotFound", "no subnet in " + vpcId + " carries the tags " + tags);
    }
    return found;
  }

  private static String vpcOf(List<SubnetInfo> found, String declaredVpc) {
    Set<String> vpcs =
        found.stream().map(SubnetInfo::vpcId).collect(Collectors.toCollection(TreeSet::new));
    if (vpcs.size() != 1) {
      throw invalid("SubnetsInSeveralVpcs", "the cluster's subnets are in several VPCs: " + vpcs);
    }
    String vpc = vpcs.iterator().next();
    if (declaredVpc != null && !declaredVpc.equals(vpc)) {
      throw invalid(
          "SubnetNotInVpc", "the cluster's subnets are in " + vpc + ", not " + declaredVpc);
    }
    return vpc;
  }

  private static CloudException.InvalidRequest invalid(String reason, String message) {
    return new CloudException.InvalidRequest("aws", "ec2:DescribeSubnets", reason, message, null);
  }

  private static List<ClusterSubnet> sorted(List<ClusterSubnet> subnets) {
    return subnets.stream()
        .sorted(Comparator.comparing(ClusterSubnet::zone).thenComparing(ClusterSubnet::id))
        .toList();
  }
}
