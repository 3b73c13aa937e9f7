package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.CloudNames;
import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * Attaches a load balancer's target groups to Auto Scaling groups, whose instances then register
 * themselves. The attached groups' names are recorded in tags on the load balancer before attaching
 * and dropped only after detaching, so a crash between two calls never leaves an attachment that
 * nothing remembers, and deletion can detach without the spec.
 *
 * <p>The record: the first group (sorted) under {@link #TAG}, each further one under {@code
 * TAG/<hash of its name>}. One tag per group because a tag value holds at most 256 characters and
 * three long group names do not fit in one; the first keeps the single-group key, so a load
 * balancer recorded before several groups were possible reads the same.
 */
final class AutoScalingAttachment {

  static final String TAG = "strato.io/autoscaling-group";

  /** The Auto Scaling API takes at most 10 target groups per attach or detach call. */
  private static final int BATCH = 10;

  private static final Logger LOG = Logger.getLogger(AutoScalingAttachment.class);

  /** The desired groups and the target groups attached to each before this reconcile's changes. */
  record State(Set<String> groups, Map<String, Set<String>> attached, boolean changed) {
    static final State NONE = new State(Set.of(), Map.of(), false);
  }

  private final AutoScalingClient autoScaling;
  private final ElbTags tags;

  AutoScalingAttachment(AutoScalingClient autoScaling, ElbTags tags) {
    this.autoScaling = autoScaling;
    this.tags = tags;
  }

  /** The groups a load balancer's tags record as attached. */
  static SortedSet<String> recorded(Map<String, String> lbTags) {
    SortedSet<String> groups = new TreeSet<>();
    lbTags.forEach(
        (k, v) -> {
          if (k.equals(TAG) || k.startsWith(TAG + "/")) {
            groups.add(v);
          }
        });
    return groups;
  }

  /** The tags that record {@code groups}. */
  static Map<String, String> record(Collection<String> groups) {
    Map<String, String> out = new LinkedHashMap<>();
    boolean first = true;
    for (String group : new TreeSet<>(groups)) {
      out.put(first ? TAG : TAG + "/" + CloudNames.hash8(group), group);
      first = false;
    }
    return out;
  }

  /**
   * Moves the attachment from the recorded groups to the desired ones and attaches every desired
   * target group to each. Detaching obsolete target groups waits for {@link #detachObsolete}, after
   * the listeners left them.
   */
  State ensure(
      ObservedLoadBalancer lb, Set<String> desired, Set<String> desiredArns, Set<String> ours) {
    Map<String, String> recordTags = recordTags(lb.tags());
    SortedSet<String> recorded = recorded(recordTags);
    if (recorded.isEmpty() && desired.isEmpty()) {
      return State.NONE;
    }
    Set<String> names = new TreeSet<>(recorded);
    names.addAll(desired);
    Map<String, Set<String>> attached = attached(names);
    boolean changed = false;
    if (!recorded.equals(desired)) {
      // Record the union first: whatever is attached below is then remembered.
      recordTags = rewrite(lb.arn(), recordTags, names);
      for (String gone : recorded) {
        if (!desired.contains(gone)) {
          detach(gone, intersection(attached.get(gone), ours));
        }
      }
      changed = true;
    }
    Map<String, Set<String>> before = new HashMap<>();
    for (String group : desired) {
      Set<String> current = attached.get(group);
      if (current == null) {
        throw new CloudException.InvalidRequest(
            "aws",
            "autoscaling:AttachLoadBalancerTargetGroups",
            "AutoScalingGroupNotFound",
            "Auto Scaling group " + group + " does not exist",
            null);
      }
      Set<String> missing = new LinkedHashSet<>(desiredArns);
      missing.removeAll(current);
      attach(group, missing);
      changed |= !missing.isEmpty();
      before.put(group, current);
    }
    rewrite(lb.arn(), recordTags, desired);
    return new State(Set.copyOf(desired), before, changed);
  }

  /**
   * For {@link GroupAddition}: records {@code desired} (which holds what {@code lbTags} records
   * plus {@code added}) and attaches {@code targetGroupArns} to each added group, without reading
   * what the groups have attached (attaching is additive). Answers the load balancer's tags after.
   *
   * @throws CloudException.NotFound if an attach fails (a group that does not exist, say)
   */
  Map<String, String> attachAdded(
      String lbArn,
      Map<String, String> lbTags,
      Set<String> desired,
      Set<String> added,
      Set<String> targetGroupArns) {
    Map<String, String> recordTags = recordTags(lbTags);
    Map<String, String> after = new LinkedHashMap<>(lbTags);
    recordTags.keySet().forEach(after::remove);
    after.putAll(rewrite(lbArn, recordTags, desired));
    for (String group : added) {
      try {
        attach(group, targetGroupArns);
      } catch (CloudException failed) {
        // AWS answers a missing group with a ValidationError (moto with a server error): the full
        // ensure that follows reads the groups and says which one is missing.
        throw new CloudException.NotFound(
            "aws", "autoscaling:AttachLoadBalancerTargetGroups", failed.getMessage(), failed);
      }
    }
    return after;
  }

  /** Detaches target groups about to be deleted from the desired Auto Scaling groups. */
  boolean detachObsolete(State state, Collection<String> obsoleteArns) {
    boolean detached = false;
    for (String group : state.groups()) {
      detached |=
          detach(group, intersection(state.attached().get(group), Set.copyOf(obsoleteArns)));
    }
    return detached;
  }

  /** For deletion: detaches every one of {@code ours} from the groups; missing groups are fine. */
  void detachAll(Set<String> groups, Set<String> ours) {
    attached(groups).forEach((group, arns) -> detach(group, intersection(arns, ours)));
  }

  /** Makes the record tags say {@code groups}: adds first, then removes, so never less. */
  private Map<String, String> rewrite(
      String arn, Map<String, String> current, Collection<String> groups) {
    Map<String, String> wanted = record(groups);
    Map<String, String> put = new LinkedHashMap<>();
    wanted.forEach(
        (k, v) -> {
          if (!v.equals(current.get(k))) {
            put.put(k, v);
          }
        });
    tags.putAll(arn, put);
    tags.removeAll(
        arn, current.keySet().stream().filter(k -> !wanted.containsKey(k)).sorted().toList());
    return wanted;
  }

  private static Map<String, String> recordTags(Map<String, String> lbTags) {
    Map<String, String> out = new LinkedHashMap<>();
    lbTags.forEach(
        (k, v) -> {
          if (k.equals(TAG) || k.startsWith(TAG + "/")) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** Target group ARNs attached per existing Auto Scaling group (missing groups are absent). */
  private Map<String, Set<String>> attached(Set<String> groups) {
    Map<String, Set<String>> out = new HashMap<>();
    if (groups.isEmpty()) {
      return out; // no names would describe every group of the account
    }
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
