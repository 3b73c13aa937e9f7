package io.strato.cloud.aws.ecs;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.RecentlyUsed;
import io.strato.cloud.aws.appscaling.ApplicationAutoScaling;
import io.strato.cloud.aws.appscaling.ScalableResource;
import io.strato.cloud.aws.appscaling.ScalableTarget;
import io.strato.cloud.aws.appscaling.TargetTrackingPolicy;
import java.util.Map;
import java.util.Optional;

/**
 * Target tracking on an ECS service's desired count: a scalable target with bounds and one policy
 * of Strato's, each written only when what AWS shows differs.
 *
 * <p>What this process applied (or saw) for a service is remembered by the service's generation, so
 * the polls of an unchanged service read neither its target nor its policy: the same "remembered
 * ensure" as the load balancers'. An entry missing (a restart, another replica, a recreated
 * service) means "read it", so the cloud stays the source of truth.
 */
public final class ServiceScaling {

  /** One policy per service; a new metric or target replaces it under the same name. */
  public static final String POLICY_NAME = "strato-target-tracking";

  /** Enough for every service of a large account; the eldest entry goes first. */
  private static final int REMEMBERED = 10_000;

  /** A service known to have no scalable target of Strato's. */
  private static final Known NONE = new Known(null, null);

  private final ApplicationAutoScaling scaling;

  /** What a service generation has, as this process last wrote or read it. */
  private final Map<String, Known> known = RecentlyUsed.synchronizedMap(REMEMBERED);

  public ServiceScaling(ApplicationAutoScaling scaling) {
    this.scaling = scaling;
  }

  /**
   * One service as it exists now: its scalable resource and its generation (AWS's {@code createdAt}
   * of the service; null where the backend does not report it, and then the name alone).
   */
  public record ScaledService(ScalableResource resource, String generation) {
    String key() {
      return resource.resourceId() + "@" + (generation == null ? "" : generation);
    }
  }

  /** The desired scaling of a generation and its policy's ARN; both null: none. */
  private record Known(Desired desired, String policyArn) {}

  /**
   * @param predefinedMetric ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization
   */
  public record Desired(int minCount, int maxCount, String predefinedMetric, double target) {}

  public record Ensured(ChangeOutcome outcome, String policyArn) {}

  /**
   * @param justCreated the service was created by this reconcile: it has no target of its own yet,
   *     so the target is registered without a look (registering an existing one only updates it)
   */
  public Ensured ensure(
      ScaledService svc, Desired desired, Map<String, String> tags, boolean justCreated) {
    Known memo = justCreated ? null : known.get(svc.key());
    if (memo != null && desired.equals(memo.desired())) {
      return new Ensured(ChangeOutcome.UNCHANGED, memo.policyArn());
    }
    Ensured ensured = ensure(svc.resource(), desired, tags, justCreated);
    known.put(svc.key(), new Known(desired, ensured.policyArn()));
    return ensured;
  }

  private Ensured ensure(
      ScalableResource service, Desired desired, Map<String, String> tags, boolean justCreated) {
    ScalableTarget target = new ScalableTarget(service, desired.minCount(), desired.maxCount());
    Optional<ScalableTarget> existing =
        justCreated ? Optional.empty() : scaling.describeScalableTarget(service);
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
   * Deletes Strato's policy and deregisters the target, if registered. A service this process knows
   * to have none costs no call; one it knows to have Strato's costs no read.
   *
   * @param justCreated the service was created by this reconcile, so it has no target yet
   * @return whether anything was there to remove
   */
  public boolean remove(ScaledService svc, boolean justCreated) {
    Known memo = known.get(svc.key());
    if (justCreated || NONE.equals(memo)) {
      // A service created by this reconcile has no target of its own yet.
      known.put(svc.key(), NONE);
      return false;
    }
    boolean removed = memo == null ? remove(svc.resource()) : removeKnown(svc.resource(), memo);
    known.put(svc.key(), NONE);
    return removed;
  }

  /**
   * Without reading first: this process put the policy. AWS's deregister deletes the target's
   * policies with it; the policy goes first all the same, so that nothing is left on emulators that
   * keep policies of a deregistered target.
   */
  private boolean removeKnown(ScalableResource service, Known memo) {
    if (memo.policyArn() != null) {
      try {
        scaling.deleteScalingPolicy(POLICY_NAME, service);
      } catch (CloudException.NotFound gone) {
        // Removed meanwhile: the target still goes below.
      }
    }
    try {
      scaling.deregisterScalableTarget(service);
    } catch (CloudException.NotFound gone) {
      // Removed meanwhile (or with its service): what this call wanted.
    }
    return true;
  }

  private boolean remove(ScalableResource service) {
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
