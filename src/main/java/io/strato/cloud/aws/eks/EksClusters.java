package io.strato.cloud.aws.eks;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.LogSetup;
import software.amazon.awssdk.services.eks.model.Logging;
import software.amazon.awssdk.services.eks.model.SupportType;
import software.amazon.awssdk.services.eks.model.VpcConfigRequest;
import software.amazon.awssdk.services.eks.model.VpcConfigResponse;

/**
 * EKS control planes: the few calls Strato makes, with SDK types kept inside. Every call goes
 * through {@link AwsErrors}, so callers see only {@link CloudException}s.
 */
public final class EksClusters {

  /** Every control-plane log type EKS knows; the ones not enabled are sent as disabled. */
  public static final Set<String> LOG_TYPES =
      Set.of("api", "audit", "authenticator", "controllerManager", "scheduler");

  private final EksClient eks;

  public EksClusters(EksClient eks) {
    this.eks = eks;
  }

  public Optional<ObservedCluster> find(String name) {
    try {
      return Optional.of(
          observed(
              AwsErrors.call("DescribeCluster", () -> eks.describeCluster(r -> r.name(name)))
                  .cluster()));
    } catch (CloudException.NotFound e) {
      return Optional.empty();
    }
  }

  public ObservedCluster create(EksClusterConfig config) {
    return observed(
        AwsErrors.call(
                "CreateCluster",
                () ->
                    eks.createCluster(
                        r ->
                            r.name(config.name())
                                .roleArn(config.roleArn())
                                .version(config.version())
                                .resourcesVpcConfig(
                                    vpcConfig(config.endpointAccess()).toBuilder()
                                        .subnetIds(config.subnetIds())
                                        .securityGroupIds(config.securityGroupIds())
                                        .build())
                                .logging(logging(config.logTypes()))
                                .tags(config.tags())
                                // Access entries (API) for the principals the spec names, and
                                // the aws-auth ConfigMap still honoured for existing tooling.
                                // The creator (Strato's identity) keeps EKS's default admin
                                // entry, so a spec naming no principal stays reachable.
                                .accessConfig(
                                    a ->
                                        a.authenticationMode(AuthenticationMode.API_AND_CONFIG_MAP)
                                            .bootstrapClusterCreatorAdminPermissions(true))
                                .upgradePolicy(u -> u.supportType(supportType(config)))
                                .clientRequestToken(config.clientRequestToken())))
            .cluster());
  }

  /**
   * Changes who may reach the API. Only the endpoint fields are sent: EKS keeps the subnets and
   * security groups when they are left out.
   */
  public void updateEndpointAccess(String name, EksEndpointAccess access) {
    AwsErrors.run(
        "UpdateClusterConfig",
        () -> eks.updateClusterConfig(r -> r.name(name).resourcesVpcConfig(vpcConfig(access))));
  }

  /**
   * Enables exactly {@code enabled}. Sent apart from endpoint changes because EKS accepts one kind
   * of change per UpdateClusterConfig.
   */
  public void updateLogging(String name, Set<String> enabled) {
    AwsErrors.run(
        "UpdateClusterConfig",
        () -> eks.updateClusterConfig(r -> r.name(name).logging(logging(enabled))));
  }

  /**
   * Opens a cluster created with the aws-auth ConfigMap only to access entries as well. EKS allows
   * this one way (CONFIG_MAP to API_AND_CONFIG_MAP), never back.
   */
  public void enableAccessEntries(String name) {
    AwsErrors.run(
        "UpdateClusterConfig",
        () ->
            eks.updateClusterConfig(
                r ->
                    r.name(name)
                        .accessConfig(
                            a -> a.authenticationMode(AuthenticationMode.API_AND_CONFIG_MAP))));
  }

  /**
   * Whether the cluster may stay on a version in extended support (billed) or is upgraded by EKS
   * when standard support ends. Its own UpdateClusterConfig: EKS takes one kind of change per call.
   */
  public void updateSupportType(String name, boolean extended) {
    AwsErrors.run(
        "UpdateClusterConfig",
        () ->
            eks.updateClusterConfig(
                r ->
                    r.name(name)
                        .upgradePolicy(
                            u ->
                                u.supportType(
                                    extended ? SupportType.EXTENDED : SupportType.STANDARD))));
  }

  private static SupportType supportType(EksClusterConfig config) {
    return config.extendedSupport() ? SupportType.EXTENDED : SupportType.STANDARD;
  }

  public void updateVersion(String name, String version) {
    AwsErrors.run(
        "UpdateClusterVersion", () -> eks.updateClusterVersion(r -> r.name(name).version(version)));
  }

  /** Adds or overwrites tags on an EKS resource (cluster or node group) by ARN. */
  public void tag(String arn, Map<String, String> tags) {
    AwsErrors.run("TagResource", () -> eks.tagResource(r -> r.resourceArn(arn).tags(tags)));
  }

  public void untag(String arn, Set<String> keys) {
    AwsErrors.run("UntagResource", () -> eks.untagResource(r -> r.resourceArn(arn).tagKeys(keys)));
  }

  public void delete(String name) {
    AwsErrors.run("DeleteCluster", () -> eks.deleteCluster(r -> r.name(name)));
  }

  private static VpcConfigRequest vpcConfig(EksEndpointAccess access) {
    VpcConfigRequest.Builder vpc =
        VpcConfigRequest.builder()
            .endpointPublicAccess(access.publicAccess())
            .endpointPrivateAccess(access.privateAccess());
    // EKS refuses CIDRs for an endpoint that is not public.
    if (access.publicAccess()) {
      vpc.publicAccessCidrs(access.publicAccessCidrs());
    }
    return vpc.build();
  }

  private static Logging logging(Set<String> enabled) {
    Set<String> disabled = new TreeSet<>(LOG_TYPES);
    disabled.removeAll(enabled);
    Logging.Builder logging = Logging.builder();
    java.util.List<LogSetup> setups = new java.util.ArrayList<>();
    if (!enabled.isEmpty()) {
      setups.add(LogSetup.builder().typesWithStrings(new TreeSet<>(enabled)).enabled(true).build());
    }
    if (!disabled.isEmpty()) {
      setups.add(LogSetup.builder().typesWithStrings(disabled).enabled(false).build());
    }
    return logging.clusterLogging(setups).build();
  }

  static ObservedCluster observed(Cluster c) {
    VpcConfigResponse vpc = c.resourcesVpcConfig();
    EksEndpointAccess access =
        new EksEndpointAccess(
            vpc == null || !Boolean.FALSE.equals(vpc.endpointPublicAccess()),
            vpc != null && Boolean.TRUE.equals(vpc.endpointPrivateAccess()),
            vpc == null ? null : vpc.publicAccessCidrs());
    Set<String> enabled = new TreeSet<>();
    if (c.logging() != null) {
      for (LogSetup setup : c.logging().clusterLogging()) {
        if (Boolean.TRUE.equals(setup.enabled())) {
          enabled.addAll(setup.typesAsStrings());
        }
      }
    }
    return new ObservedCluster(
        c.name(),
        c.arn(),
        c.statusAsString(),
        c.version(),
        c.endpoint(),
        c.certificateAuthority() == null ? null : c.certificateAuthority().data(),
        access,
        enabled,
        c.tags() == null ? Map.of() : c.tags(),
        c.identity() == null || c.identity().oidc() == null ? null : c.identity().oidc().issuer(),
        c.accessConfig() == null ? null : c.accessConfig().authenticationModeAsString(),
        c.upgradePolicy() == null ? null : c.upgradePolicy().supportTypeAsString());
  }
}
