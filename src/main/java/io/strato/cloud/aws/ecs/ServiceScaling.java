package io.strato.cloud.aws.ecs;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.appscaling.ApplicationAutoScaling;
import io.strato.cloud.aws.appscaling.ScalableResource;
import io.strato.cloud.aws.appscaling.ScalableTarget;
import io.strato.cloud.aws.appscaling.TargetTrackingPolicy;
import java.util.Map;
import java.util.Optional;

/**
 * Target tracking on an ECS service's desired count: a scalable target with bounds and one policy
 * of Strato's, each written only when what AWS shows differs.
 */
public final class ServiceScaling {

  /** One policy per service; a new metric or target replaces it under the same name. */
  public static final String POLICY_NAME = "strato-target-tracking";

  private final ApplicationAutoScaling scaling;

  public ServiceScaling(ApplicationAutoScaling scaling) {
    this.scaling = scaling;
  }

  /**
   * @param predefinedMetric ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization
   */
  public record Desired(int minCount, int maxCount, String predefinedMetric, double target) {}

  public record Ensured(ChangeOutcome outcome, String policyArn) {}

  public Ensured ensure(ScalableResource service, Desired desired, Map<String, String> tags) {
    ScalableTarget target = new ScalableTarget(service, desired.minCount(), desired.maxCount());
    Optional<ScalableTarget> existing = scaling.describeScalableTarget(service);
    ChangeOutcome outcome = ChangeOutcome.UNCHANGED;
    if (existing.isEmpty()) {
      scaling.registerScalableTarget(target, tags);
      outcome = ChangeOutcome.CREATED;
    } else if (!existing.get().equals(target)) {
      // Registering an existing target updates its bounds (tags apply only on creation).
      scaling.registerScalableTarget(target, Map.of());
      outcome = ChangeOutcome.UPDATED;
    }
    TargetTrackingPolicy policy =
        new TargetTrackingPolicy(
            POLICY_NAME, service, desired.predefinedMetric(), desired.target(), null);
    Optional<TargetTrackingPolicy> ours =
        existing.isEmpty()
            ? Optional.empty()
            : scaling.describeScalingPolicies(service).stream()
                .filter(p -> POLICY_NAME.equals(p.name()))
                .findFirst();
    if (ours.isPresent() && ours.get().sameAs(policy)) {
      return new Ensured(outcome, ours.get().arn());
    }
    String arn = scaling.putScalingPolicy(policy);
    return new Ensured(outcome.and(ChangeOutcome.UPDATED), arn);
  }

  /** The policy ARN of Strato's policy on the service, if any. */
  public Optional<String> policyArn(ScalableResource service) {
    return scaling.describeScalingPolicies(service).stream()
        .filter(p -> POLICY_NAME.equals(p.name()))
        .map(TargetTrackingPolicy::arn)
        .findFirst();
  }

  /**
   * Deletes Strato's policy and deregisters the target, if registered.
   *
   * @return whether anything was there to remove
   */
  public boolean remove(ScalableResource service) {
    if (scaling.describeScalableTarget(service).isEmpty()) {
      return false;
    }
    try {
      for (TargetTrackingPolicy p : scaling.describeScalingPolicies(service)) {
        if (POLICY_NAME.equals(p.name())) {
          scaling.deleteScalingPolicy(p.name(), service);
        }
      }
      // Deregistering also deletes any other policy on the target: the service is Strato's.
      scaling.deregisterScalableTarget(service);
    } catch (CloudException.NotFound gone) {
      // Removed meanwhile (or with its service): what this call wanted.
    }
    return true;
  }
}
