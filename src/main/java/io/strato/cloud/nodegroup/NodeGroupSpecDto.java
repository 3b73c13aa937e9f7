package io.strato.cloud.nodegroup;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The REST spec of a node group: a launch template and an Auto Scaling group over zones. */
@Schema(
    name = "NodeGroupSpec",
    description = "Instances in an Auto Scaling group over several zones")
public record NodeGroupSpecDto(
    @Schema(required = true, description = "AMI ID") String imageId,
    @Schema(required = true, example = "m6i.large") String instanceType,
    @Schema(description = "Instance user data, plain text (Strato encodes it)") String userData,
    @Schema(description = "Security groups of the instances") List<String> securityGroups,
    @Schema(description = "EC2 key pair name") String keyName,
    @Schema(description = "IAM instance profile (ARN or name) the nodes run as")
        String instanceProfile,
    @Schema(
            required = true,
            description = "Subnets, one or more per zone; the group spans them all")
        List<String> subnetIds,
    @Schema(required = true, minimum = "0") Integer minSize,
    @Schema(required = true, minimum = "1") Integer maxSize,
    @Schema(
            description =
                "Desired instances. Leave it out to let cluster-autoscaler or the scaling policy"
                    + " own it after creation (then the group starts at minSize)")
        Integer desiredCapacity,
    ScalingDto scaling,
    @Schema(description = "Kubernetes labels of the nodes, advertised to cluster-autoscaler")
        Map<String, String> nodeLabels,
    @Schema(description = "Kubernetes taints of the nodes, advertised to cluster-autoscaler")
        List<TaintDto> nodeTaints,
    @Schema(description = "Cluster ID for kubernetes.io/cluster/<id> and autoscaler discovery tags")
        String clusterId,
    @Schema(description = "Extra AWS tags, propagated to instances") Map<String, String> tags) {

  @Schema(name = "Scaling", description = "A target-tracking scaling policy")
  public record ScalingDto(
      @Schema(required = true, description = "cpu or requests-per-target") String metric,
      @Schema(required = true, description = "Target: percent CPU, or requests per target")
          Double target,
      @Schema(
              description =
                  "For requests-per-target: app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>")
          String resourceLabel,
      Boolean disableScaleIn) {}

  @Schema(name = "Taint")
  public record TaintDto(
      @Schema(required = true) String key,
      String value,
      @Schema(required = true, description = "NoSchedule, PreferNoSchedule or NoExecute")
          String effect) {}
}
