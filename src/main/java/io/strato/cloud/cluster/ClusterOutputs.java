package io.strato.cloud.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the cloud made for a cluster, as served in {@code status.outputs}. Fields that do not apply
 * to a type are null and left out of the JSON.
 *
 * @param version the control plane's Kubernetes version now (during an upgrade: the old one)
 * @param endpoint the Kubernetes API URL (eks: EKS endpoint; self-managed: the API NLB)
 * @param certificateAuthorityData eks: base64 CA bundle
 * @param status the cloud's own status word (eks: CREATING, ACTIVE, UPDATING…; ecs: ACTIVE)
 * @param oidcIssuer eks: the cluster's OIDC issuer URL, which IAM needs as an identity provider for
 *     IRSA (pods assuming IAM roles)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterOutputs(
    String type,
    String arn,
    String status,
    String version,
    String endpoint,
    String certificateAuthorityData,
    SelfManagedOutputs selfManaged,
    EcsOutputs ecs,
    List<NodeGroupOutput> nodeGroups,
    String oidcIssuer) {

  public ClusterOutputs {
    nodeGroups = nodeGroups == null ? List.of() : List.copyOf(nodeGroups);
  }

  /** Outputs of a cluster without an OIDC issuer (every type but eks). */
  public ClusterOutputs(
      String type,
      String arn,
      String status,
      String version,
      String endpoint,
      String certificateAuthorityData,
      SelfManagedOutputs selfManaged,
      EcsOutputs ecs,
      List<NodeGroupOutput> nodeGroups) {
    this(
        type,
        arn,
        status,
        version,
        endpoint,
        certificateAuthorityData,
        selfManaged,
        ecs,
        nodeGroups,
        null);
  }

  /**
   * @param cloudName the EKS node group or Auto Scaling group name
   * @param status the cloud's word (eks: CREATING, ACTIVE…; ASG: InService or Scaling)
   * @param instances running instances where the cloud says; null when it does not (eks)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeGroupOutput(
      String name,
      String cloudName,
      String status,
      int minSize,
      int maxSize,
      int desiredSize,
      Integer instances) {}

  /**
   * @param controlPlaneGroups the control plane's Auto Scaling groups, one per zone
   * @param apiLoadBalancerArn the NLB in front of the API servers on 6443
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SelfManagedOutputs(
      List<String> controlPlaneGroups,
      List<String> zones,
      String apiLoadBalancerArn,
      String apiLoadBalancerDns,
      EtcdBackupOutputs etcdBackup) {

    public SelfManagedOutputs(
        List<String> controlPlaneGroups,
        List<String> zones,
        String apiLoadBalancerArn,
        String apiLoadBalancerDns) {
      this(controlPlaneGroups, zones, apiLoadBalancerArn, apiLoadBalancerDns, null);
    }
  }

  /**
   * @param bucket the cluster's snapshot bucket (kept after the cluster unless deleteWithCluster)
   * @param newestSnapshot its s3:// URI, null before the first
   * @param newestSnapshotAt when S3 received it (ISO-8601 UTC)
   * @param newestSnapshotAge its age when Strato last reported, to the minute (e.g. PT42M)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EtcdBackupOutputs(
      String bucket,
      String schedule,
      int retentionDays,
      boolean deleteWithCluster,
      String newestSnapshot,
      String newestSnapshotAt,
      String newestSnapshotAge) {}

  /**
   * @param capacityProviders one per node group, backed by its Auto Scaling group
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EcsOutputs(List<String> capacityProviders, List<EcsServiceOutput> services) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EcsServiceOutput(
      String name,
      String arn,
      String taskDefinition,
      int desiredCount,
      int runningCount,
      String scalingPolicyArn) {}
}
