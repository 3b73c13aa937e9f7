package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.aws.AwsErrors;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;

/**
 * The one target-tracking policy of a node group, named {@code <group>-target-tracking}.
 * PutScalingPolicy is an upsert, so creating and changing are the same call; it is made only when
 * DescribePolicies shows a difference.
 */
final class ScalingPolicies {

  private static final Logger LOG = Logger.getLogger(ScalingPolicies.class);

  /** The policy's ARN (null when the group has none) and what ensuring it did. */
  record Ensured(String policyArn, ChangeOutcome outcome) {}

  /** DescribePolicies takes at most this many policy names per call. */
  static final int NAMES_PER_CALL = 50;

  private final AutoScalingClient autoScaling;

  ScalingPolicies(AutoScalingClient autoScaling) {
    this.autoScaling = autoScaling;
  }

  static String policyName(String groupName) {
    return groupName + "-target-tracking";
  }

  Optional<ScalingPolicy> find(String groupName) {
    return AwsErrors.call(
            "DescribePolicies",
            () ->
                autoScaling.describePolicies(
                    r -> r.autoScalingGroupName(groupName).policyNames(policyName(groupName))))
        .scalingPolicies()
        .stream()
        .filter(p -> policyName(groupName).equals(p.policyName()))
        .findFirst();
  }

  /**
   * The policies of those groups, by group name, in one call per fifty groups: DescribePolicies
   * without a group name takes a list of policy names, and each policy name holds its group's.
   */
  Map<String, ScalingPolicy> findAll(Collection<String> groupNames) {
    List<String> groups = List.copyOf(new TreeSet<>(groupNames));
    Map<String, ScalingPolicy> found = new TreeMap<>();
    for (int from = 0; from < groups.size(); from += NAMES_PER_CALL) {
      List<String> chunk = groups.subList(from, Math.min(groups.size(), from + NAMES_PER_CALL));
      List<String> names = chunk.stream().map(ScalingPolicies::policyName).toList();
      AwsErrors.call(
              "DescribePolicies",
              () ->
                  autoScaling
                      .describePoliciesPaginator(r -> r.policyNames(names))
                      .scalingPolicies()
                      .stream()
                      .toList())
          .stream()
          .filter(
              p ->
                  chunk.contains(p.autoScalingGroupName())
                      && policyName(p.autoScalingGroupName()).equals(p.policyName()))
          .forEach(p -> found.put(p.autoScalingGroupName(), p));
    }
    return found;
  }

  /** Makes the group's policy match {@code desired}; null removes it. */
  Ensured ensure(String groupName, TargetTracking desired) {
    return ensure(groupName, desired, find(groupName));
  }

  /**
   * @param current the group's policy as just observed
   */
  Ensured ensure(String groupName, TargetTracking desired, Optional<ScalingPolicy> current) {
    if (desired == null) {
      if (current.isEmpty()) {
        return new Ensured(null, ChangeOutcome.UNCHANGED);
      }
      delete(groupName);
      return new Ensured(null, ChangeOutcome.UPDATED);
    }
    if (current.isPresent() && Objects.equals(TargetTracking.of(current.get()), desired)) {
      return new Ensured(current.get().policyARN(), ChangeOutcome.UNCHANGED);
    }
    String arn =
        AwsErrors.call(
                "PutScalingPolicy",
                () ->
                    autoScaling.putScalingPolicy(
                        r ->
                            r.autoScalingGroupName(groupName)
                                .policyName(policyName(groupName))
                                .policyType("TargetTrackingScaling")
                                .targetTrackingConfiguration(desired.toConfiguration())))
            .policyARN();
    if (arn == null) {
      // moto 5.2.1 answers "PolicyArn" where the API says "PolicyARN", so the SDK sees none.
      arn = find(groupName).map(ScalingPolicy::policyARN).orElse(null);
    }
    LOG.infof("node group %s: target tracking policy set to %s", groupName, desired);
    return new Ensured(arn, current.isEmpty() ? ChangeOutcome.CREATED : ChangeOutcome.UPDATED);
  }

  private void delete(String groupName) {
    AwsErrors.run(
        "DeletePolicy",
        () ->
            autoScaling.deletePolicy(
                r -> r.autoScalingGroupName(groupName).policyName(policyName(groupName))));
    LOG.infof("node group %s: target tracking policy deleted", groupName);
  }
}
