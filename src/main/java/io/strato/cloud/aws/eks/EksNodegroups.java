package io.strato.cloud.aws.eks;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupScalingConfig;
import software.amazon.awssdk.services.eks.model.NodegroupUpdateConfig;
import software.amazon.awssdk.services.eks.model.Taint;
import software.amazon.awssdk.services.eks.model.UpdateLabelsPayload;
import software.amazon.awssdk.services.eks.model.UpdateNodegroupConfigRequest;
import software.amazon.awssdk.services.eks.model.UpdateTaintsPayload;

/** EKS managed node groups of one cluster: the calls Strato makes, SDK types kept inside. */
public final class EksNodegroups {

  private final EksClient eks;

  public EksNodegroups(EksClient eks) {
    this.eks = eks;
  }

  /** The names of every node group of the cluster, Strato's or not. */
  public List<String> names(String cluster) {
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page =
          AwsErrors.call(
              "ListNodegroups",
              () -> eks.listNodegroups(r -> r.clusterName(cluster).nextToken(next)));
      names.addAll(page.nodegroups());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return names;
  }

  public Optional<ObservedNodegroup> find(String cluster, String name) {
    try {
      return Optional.of(
          observed(
              AwsErrors.call(
                      "DescribeNodegroup",
                      () -> eks.describeNodegroup(r -> r.clusterName(cluster).nodegroupName(name)))
                  .nodegroup()));
    } catch (CloudException.NotFound e) {
      return Optional.empty();
    }
  }

  /**
   * @param version the control plane's version now: a node group starts there, and follows it
   *     through {@link #updateVersion} when the control plane moves on
   */
  public ObservedNodegroup create(String cluster, EksNodegroupConfig config, String version) {
    return observed(
        AwsErrors.call(
                "CreateNodegroup",
                () ->
                    eks.createNodegroup(
                        r ->
                            r.clusterName(cluster)
                                .nodegroupName(config.name())
                                .nodeRole(config.nodeRole())
                                .version(version)
                                .subnets(config.subnetIds())
                                .scalingConfig(scaling(config.scaling()))
                                .instanceTypes(
                                    config.instanceTypes().isEmpty()
                                        ? null
                                        : config.instanceTypes())
                                .capacityType(config.capacityType())
                                .amiType(config.amiType())
                                .diskSize(config.diskSize())
                                .labels(config.labels())
                                .taints(config.taints().stream().map(EksNodegroups::taint).toList())
                                .updateConfig(updateConfig(config.updateConfig()))
                                .tags(config.tags())
                                .clientRequestToken(config.clientRequestToken())))
            .nodegroup());
  }

  public void update(String cluster, String name, NodegroupUpdate update) {
    UpdateNodegroupConfigRequest.Builder request =
        UpdateNodegroupConfigRequest.builder().clusterName(cluster).nodegroupName(name);
    if (update.scaling() != null) {
      request.scalingConfig(scaling(update.scaling()));
    }
    if (update.labelsChange()) {
      request.labels(
          UpdateLabelsPayload.builder()
              .addOrUpdateLabels(
                  update.addOrUpdateLabels().isEmpty() ? null : update.addOrUpdateLabels())
              .removeLabels(
                  update.removeLabels().isEmpty() ? null : List.copyOf(update.removeLabels()))
              .build());
    }
    if (update.taintsChange()) {
      request.taints(
          UpdateTaintsPayload.builder()
              .addOrUpdateTaints(
                  update.addOrUpdateTaints().isEmpty()
                      ? null
                      : update.addOrUpdateTaints().stream().map(EksNodegroups::taint).toList())
              .removeTaints(
                  update.removeTaints().isEmpty()
                      ? null
                      : update.removeTaints().stream().map(EksNodegroups::taint).toList())
              .build());
    }
    if (update.updateConfig() != null) {
      request.updateConfig(updateConfig(update.updateConfig()));
    }
    AwsErrors.run("UpdateNodegroupConfig", () -> eks.updateNodegroupConfig(request.build()));
  }

  /**
   * Rolls the node group's nodes onto {@code version} (the control plane's), with EKS's latest AMI
   * release for it, honouring the node group's update bounds.
   */
  public void updateVersion(String cluster, String name, String version) {
    AwsErrors.run(
        "UpdateNodegroupVersion",
        () ->
            eks.updateNodegroupVersion(
                r -> r.clusterName(cluster).nodegroupName(name).version(version)));
  }

  public void delete(String cluster, String name) {
    AwsErrors.run(
        "DeleteNodegroup",
        () -> eks.deleteNodegroup(r -> r.clusterName(cluster).nodegroupName(name)));
  }

  private static NodegroupScalingConfig scaling(EksScaling s) {
    return NodegroupScalingConfig.builder()
        .minSize(s.minSize())
        .maxSize(s.maxSize())
        .desiredSize(s.desiredSize())
        .build();
  }

  private static NodegroupUpdateConfig updateConfig(EksUpdateConfig u) {
    return u == null
        ? null
        : NodegroupUpdateConfig.builder()
            .maxUnavailable(u.maxUnavailable())
            .maxUnavailablePercentage(u.maxUnavailablePercentage())
            .build();
  }

  private static Taint taint(EksTaint t) {
    return Taint.builder().key(t.key()).value(t.value()).effect(t.effect()).build();
  }

  static ObservedNodegroup observed(Nodegroup n) {
    NodegroupScalingConfig s = n.scalingConfig();
    EksScaling scaling =
        s == null
            ? new EksScaling(0, 0, 0)
            : new EksScaling(intOf(s.minSize()), intOf(s.maxSize()), intOf(s.desiredSize()));
    EksUpdateConfig update =
        n.updateConfig() == null
            ? null
            : new EksUpdateConfig(
                n.updateConfig().maxUnavailable(), n.updateConfig().maxUnavailablePercentage());
    String health =
        n.health() == null
            ? ""
            : n.health().issues().stream()
                .map(i -> i.codeAsString() + ": " + i.message())
                .collect(Collectors.joining("; "));
    return new ObservedNodegroup(
        n.nodegroupName(),
        n.statusAsString(),
        n.version(),
        n.subnets(),
        scaling,
        n.instanceTypes(),
        n.capacityTypeAsString(),
        n.amiTypeAsString(),
        n.diskSize(),
        n.labels(),
        n.taints().stream().map(t -> new EksTaint(t.key(), t.value(), t.effectAsString())).toList(),
        update,
        n.tags(),
        health);
  }

  private static int intOf(Integer i) {
    return i == null ? 0 : i;
  }
}
