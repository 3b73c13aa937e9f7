package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * Attaches a load balancer's target groups to an Auto Scaling group, whose instances then register
 * themselves. The attached group's name is recorded in a tag on the load balancer before attaching
 * and changed only after detaching, so a crash between two calls never leaves an attachment that
 * nothing remembers, and deletion can detach without the spec.
 */
final class AutoScalingAttachment {

  static final String TAG = "strato.io/autoscaling-group";

  /** The Auto Scaling API takes at most 10 target groups per attach or detach call. */
  private static final int BATCH = 10;

  private static final Logger LOG = Logger.getLogger(AutoScalingAttachment.class);

  /** The desired group and the target groups attached to it before this reconcile's changes. */
  record State(String group, Set<String> attached, boolean changed) {
    static final State NONE = new State(null, Set.of(), false);
  }

  private final AutoScalingClient autoScaling;
  private final ElbTags tags;

  AutoScalingAttachment(AutoScalingClient autoScaling, ElbTags tags) {
    this.autoScaling = autoScaling;
    this.tags = tags;
  }

  /**
   * Moves the attachment from the recorded group to the desired one and attaches every desired
   * target group. Detaching obsolete target groups waits for {@link #detachObsolete}, after the
   * listeners left them.
   */
  State ensure(ObservedLoadBalancer lb, String desired, Set<String> desiredArns, Set<String> ours) {
    String recorded = lb.tags().get(TAG);
    if (recorded == null && desired == null) {
      return State.NONE;
    }
    Set<String> names = new TreeSet<>();
    if (recorded != null) {
      names.add(recorded);
    }
    if (desired != null) {
      names.add(desired);
    }
    Map<String, Set<String>> attached = attached(names);
    boolean changed = false;
    if (!Objects.equals(recorded, desired)) {
      if (recorded != null) {
        detach(recorded, intersection(attached.get(recorded), ours));
      }
      if (desired == null) {
        tags.remove(lb.arn(), TAG);
      } else {
        tags.put(lb.arn(), TAG, desired);
      }
      changed = true;
    }
    if (desired == null) {
      return new State(null, Set.of(), changed);
    }
    Set<String> current = attached.get(desired);
    if (current == null) {
      throw new CloudException.InvalidRequest(
          "aws",
          "autoscaling:AttachLoadBalancerTargetGroups",
          "AutoScalingGroupNotFound",
          "Auto Scaling group " + desired + " does not exist",
          null);
    }
    Set<String> missing = new LinkedHashSet<>(desiredArns);
    missing.removeAll(current);
    attach(desired, missing);
    return new State(desired, current, changed || !missing.isEmpty());
  }

  /** Detaches target groups about to be deleted from the desired Auto Scaling group. */
  boolean detachObsolete(State state, Collection<String> obsoleteArns) {
    return state.group() != null
        && detach(state.group(), intersection(state.attached(), Set.copyOf(obsoleteArns)));
  }

  /** For deletion: detaches every one of {@code ours} from the group; a missing group is fine. */
  void detachAll(String group, Set<String> ours) {
    Set<String> attached = attached(Set.of(group)).get(group);
    if (attached != null) {
      detach(group, intersection(attached, ours));
    }
  }

  /** Target group ARNs attached per existing Auto Scaling group (missing groups are absent). */
  private Map<String, Set<String>> attached(Set<String> groups) {
    Map<String, Set<String>> out = new HashMap<>();
    AwsErrors.call(
            "autoscaling:DescribeAutoScalingGroups",
            () -> autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(groups)))
        .autoScalingGroups()
        .forEach(g -> out.put(g.autoScalingGroupName(), new TreeSet<>(g.targetGroupARNs())));
    return out;
  }

  private void attach(String group, Set<String> arns) {
    for (List<String> batch : batches(arns)) {
      AwsErrors.run(
          "autoscaling:AttachLoadBalancerTargetGroups",
          () ->
              autoScaling.attachLoadBalancerTargetGroups(
                  r -> r.autoScalingGroupName(group).targetGroupARNs(batch)));
      LOG.infof("attached target groups %s to Auto Scaling group %s", batch, group);
    }
  }

  private boolean detach(String group, Set<String> arns) {
    for (List<String> batch : batches(arns)) {
      try {
        AwsErrors.run(
            "autoscaling:DetachLoadBalancerTargetGroups",
            () ->
                autoScaling.detachLoadBalancerTargetGroups(
                    r -> r.autoScalingGroupName(group).targetGroupARNs(batch)));
        LOG.infof("detached target groups %s from Auto Scaling group %s", batch, group);
      } catch (CloudException.NotFound gone) {
        // the group or the target groups went away: nothing is attached any more
      }
    }
    return !arns.isEmpty();
  }

  private static Set<String> intersection(Set<String> attached, Set<String> ours) {
    Set<String> out = new TreeSet<>(attached == null ? Set.of() : attached);
    out.retainAll(ours);
    return out;
  }

  private static List<List<String>> batches(Set<String> arns) {
    List<String> all = List.copyOf(arns);
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += BATCH) {
      out.add(all.subList(from, Math.min(all.size(), from + BATCH)));
    }
    return out;
  }
}
