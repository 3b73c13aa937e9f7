package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.TargetType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** The ELBv2 target group calls, one method per call, each translating its errors. */
final class ElbTargetGroups {

  private static final Logger LOG = Logger.getLogger(ElbTargetGroups.class);
  private static final int DESCRIBE_BATCH = 20;
  private static final String DUPLICATE_NAME = "DuplicateTargetGroupName";

  private final ElasticLoadBalancingV2Client elb;

  ElbTargetGroups(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /** The groups with these ARNs (those that still exist), without tags. */
  List<ObservedTargetGroup> describe(List<String> arns) {
    List<ObservedTargetGroup> out = new ArrayList<>();
    for (int from = 0; from < arns.size(); from += DESCRIBE_BATCH) {
      List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_BATCH));
      try {
        AwsErrors.call(
                "elbv2:DescribeTargetGroups",
                () -> elb.describeTargetGroups(r -> r.targetGroupArns(batch)))
            .targetGroups()
            .forEach(g -> out.add(observed(g)));
      } catch (CloudException.NotFound gone) {
        // one of them went away between two reads; the callers find it missing and act
      }
    }
    return out;
  }

  /** Every group in the account whose name passes the filter, page by page, without tags. */
  List<ObservedTargetGroup> list(Predicate<String> nameFilter) {
    List<ObservedTargetGroup> out = new ArrayList<>();
    String marker = null;
    do {
      String page = marker;
      DescribeTargetGroupsResponse response =
          AwsErrors.call(
              "elbv2:DescribeTargetGroups", () -> elb.describeTargetGroups(r -> r.marker(page)));
      response.targetGroups().stream()
          .filter(g -> nameFilter.test(g.targetGroupName()))
          .forEach(g -> out.add(observed(g)));
      marker = response.nextMarker();
    } while (marker != null && !marker.isEmpty());
    return out;
  }

  /** The group with this name, without tags; empty when there is none. Indexed, not a listing. */
  Optional<ObservedTargetGroup> findByName(String name) {
    try {
      return AwsErrors.call(
              "elbv2:DescribeTargetGroups", () -> elb.describeTargetGroups(r -> r.names(name)))
          .targetGroups()
          .stream()
          .findFirst()
          .map(ElbTargetGroups::observed);
    } catch (CloudException.NotFound absent) {
      return Optional.empty();
    }
  }

  /**
   * Creates the group, or answers empty when AWS refuses because a group of that name exists with
   * other settings (moto refuses for any existing name). AWS answers a group of that name and the
   * same settings silently with the existing group, whoever owns it: the caller checks its tags.
   * The tags in the answer are the requested ones, not necessarily the group's.
   */
  Optional<ObservedTargetGroup> createUnlessNameTaken(
      String name,
      ListenerSpec listener,
      TargetType targetType,
      String vpcId,
      Map<String, String> tags) {
    try {
      return Optional.of(create(name, listener, targetType, vpcId, tags));
    } catch (CloudException.Conflict taken) {
      if (DUPLICATE_NAME.equals(AwsErrors.codeOf(taken.getCause()))) {
        return Optional.empty();
      }
      throw taken;
    }
  }

  ObservedTargetGroup create(
      String name,
      ListenerSpec listener,
      TargetType targetType,
      String vpcId,
      Map<String, String> tags) {
    HealthCheckSpec check = TargetGroupSettings.desiredHealthCheck(listener);
    TargetGroup created =
        AwsErrors.call(
                "elbv2:CreateTargetGroup",
                () ->
                    elb.createTargetGroup(
                        r ->
                            r.name(name)
                                .protocol(listener.targetProtocol())
                                .port(listener.targetPort())
                                .vpcId(vpcId)
                                .targetType(
                                    targetType == TargetType.IP
                                        ? TargetTypeEnum.IP
                                        : TargetTypeEnum.INSTANCE)
                                .healthCheckEnabled(true)
                                .healthCheckProtocol(check.protocol())
                                .healthCheckPort(healthCheckPort(check))
                                .healthCheckPath(check.path())
                                .healthyThresholdCount(check.healthyThreshold())
                                .unhealthyThresholdCount(check.unhealthyThreshold())
                                .healthCheckIntervalSeconds(check.intervalSeconds())
                                .healthCheckTimeoutSeconds(check.timeoutSeconds())
                                .tags(AwsTags.toElbv2(tags))))
            .targetGroups()
            .get(0);
    LOG.infof("created target group %s (%s)", name, created.targetGroupArn());
    return observed(created).withTags(tags);
  }

  void modifyHealthCheck(String arn, HealthCheckSpec check) {
    AwsErrors.run(
        "elbv2:ModifyTargetGroup",
        () ->
            elb.modifyTargetGroup(
                r ->
                    r.targetGroupArn(arn)
                        .healthCheckProtocol(check.protocol())
                        .healthCheckPort(healthCheckPort(check))
                        .healthCheckPath(check.path())
                        .healthyThresholdCount(check.healthyThreshold())
                        .unhealthyThresholdCount(check.unhealthyThreshold())
                        .healthCheckIntervalSeconds(check.intervalSeconds())
                        .healthCheckTimeoutSeconds(check.timeoutSeconds())));
  }

  Map<String, String> attributes(String arn) {
    Map<String, String> out = new HashMap<>();
    AwsErrors.call(
            "elbv2:DescribeTargetGroupAttributes",
            () -> elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)))
        .attributes()
        .forEach(a -> out.put(a.key(), a.value()));
    return out;
  }

  void modifyAttributes(String arn, Map<String, String> attributes) {
    List<TargetGroupAttribute> list =
        attributes.entrySet().stream()
            .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    AwsErrors.run(
        "elbv2:ModifyTargetGroupAttributes",
        () -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(list)));
  }

  /**
   * Deletes the group; absent is success. Answers false when AWS still counts it in use (a listener
   * being deleted), so the caller reports progress and comes back.
   */
  boolean delete(ObservedTargetGroup group) {
    try {
      AwsErrors.run(
          "elbv2:DeleteTargetGroup",
          () -> elb.deleteTargetGroup(r -> r.targetGroupArn(group.arn())));
      LOG.infof("deleted target group %s (%s)", group.name(), group.arn());
      return true;
    } catch (CloudException.NotFound gone) {
      return true;
    } catch (CloudException.Conflict inUse) {
      LOG.infof("target group %s is still in use; will retry", group.name());
      return false;
    }
  }

  private static String healthCheckPort(HealthCheckSpec check) {
    return check.port() == null ? TargetGroupSettings.TRAFFIC_PORT : check.port().toString();
  }

  private static ObservedTargetGroup observed(TargetGroup g) {
    return new ObservedTargetGroup(
        g.targetGroupArn(),
        g.targetGroupName(),
        g.protocolAsString(),
        g.port() == null ? 0 : g.port(),
        g.targetTypeAsString(),
        g.vpcId(),
        TargetGroupSettings.observedHealthCheck(g),
        Map.of());
  }
}
