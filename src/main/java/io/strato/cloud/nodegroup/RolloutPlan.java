package io.strato.cloud.nodegroup;

import io.strato.cloud.nodegroup.RolloutStep.Progress;
import io.strato.cloud.nodegroup.RolloutView.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The next step of a group's rollout, as a pure function of what the cloud shows: surge first, then
 * terminate old instances only while enough stay available, one step per reconcile. Nothing is
 * remembered between calls except what the group itself carries (its capacity, the base capacity
 * tag and each instance's version), so a restart, a crash after any call or a spec change mid-way
 * all continue from the cloud.
 *
 * <p>Why Strato's own steps rather than EC2 Auto Scaling instance refresh: a refresh cannot wait
 * for a control-plane member to answer through the API load balancer before the next goes, cannot
 * be told that three groups form one etcd quorum, and emulators do not run it; the steps here are
 * the same few calls on every backend.
 */
public final class RolloutPlan {

  private RolloutPlan() {}

  /**
   * @param specCapacity the capacity the spec asks for; null when an autoscaler owns it (then the
   *     base recorded on the group, or the current capacity, is the base)
   * @param specMaxSize the maximum the spec asks for, restored when the rollout finishes
   * @param batch at most this many terminations in one step (1 for control-plane members)
   * @param notReady instances that the load balancer does not (yet) call healthy, with its state
   *     (e.g. {@code initial}, {@code unhealthy (Target.FailedHealthChecks)}); null when the group
   *     has no load balancer check and in service is enough
   */
  public static RolloutStep next(
      RolloutView view,
      RolloutPolicy policy,
      Integer specCapacity,
      int specMaxSize,
      int batch,
      Map<String, String> notReady) {
    int base =
        specCapacity != null
            ? specCapacity
            : view.baseCapacity() != null ? view.baseCapacity() : view.desiredCapacity();
    List<Member> staying = view.members().stream().filter(m -> !m.leaving()).toList();
    List<Member> old = staying.stream().filter(m -> m.version() != view.targetVersion()).toList();
    Progress progress = new Progress(old.size(), base);
    if (old.isEmpty()) {
      return view.baseCapacity() == null
          ? new RolloutStep.Idle(progress)
          : new RolloutStep.Finish(progress, base, specMaxSize);
    }
    for (Member m : staying) {
      if (m.version() != view.targetVersion()) {
        continue;
      }
      if (!m.healthy()) {
        return new RolloutStep.Stalled(
            progress, "new instance " + m.instanceId() + " is unhealthy in its Auto Scaling group");
      }
      String lb = notReady == null ? null : notReady.get(m.instanceId());
      if (m.inService() && lb != null && lb.startsWith("unhealthy")) {
        return new RolloutStep.Stalled(
            progress,
            "new instance " + m.instanceId() + " fails the load balancer's health check: " + lb);
      }
    }
    int surgeTo = base + Math.min(policy.maxSurge(), old.size());
    if (view.baseCapacity() == null || view.desiredCapacity() < surgeTo) {
      int desired = Math.max(view.desiredCapacity(), surgeTo);
      return new RolloutStep.Surge(progress, base, desired, Math.max(view.maxSize(), desired));
    }
    for (Member m : view.members()) {
      if (m.leaving()) {
        return new RolloutStep.Wait(
            progress, m.instanceId() + " is leaving (" + m.lifecycleState() + ")");
      }
      if (!m.inService()) {
        return new RolloutStep.Wait(
            progress, m.instanceId() + " is not in service yet (" + m.lifecycleState() + ")");
      }
      if (ready(m, notReady) == false && m.version() == view.targetVersion()) {
        return new RolloutStep.Wait(
            progress,
            m.instanceId()
                + " is not healthy in the load balancer yet ("
                + notReady.get(m.instanceId())
                + ")");
      }
    }
    if (staying.size() < view.desiredCapacity()) {
      return new RolloutStep.Wait(
          progress,
          "waiting for "
              + (view.desiredCapacity() - staying.size())
              + " replacement instance(s) to launch");
    }
    long available = staying.stream().filter(m -> m.inService() && ready(m, notReady)).count();
    long room =
        Math.min(Math.min(available - (base - policy.maxUnavailable()), old.size()), (long) batch);
    if (room <= 0) {
      return new RolloutStep.Wait(
          progress,
          available
              + " instances available and at least "
              + (base - policy.maxUnavailable())
              + " must stay");
    }
    // Old instances that are not available anyway go first: replacing them costs no capacity.
    List<Member> order = new ArrayList<>(old);
    order.sort(
        Comparator.comparing((Member m) -> m.inService() && ready(m, notReady))
            .thenComparing(Member::instanceId));
    List<RolloutStep.Termination> terminations = new ArrayList<>();
    int desired = view.desiredCapacity();
    int oldLeft = old.size();
    for (Member m : order.subList(0, (int) room)) {
      // While more old instances are left than the surge above base, each gets a replacement;
      // the last ones take the surge back instead, so the group ends at its base capacity
      // without terminating a new instance.
      boolean decrement = oldLeft <= desired - base;
      terminations.add(new RolloutStep.Termination(m.instanceId(), decrement));
      if (decrement) {
        desired--;
      }
      oldLeft--;
    }
    return new RolloutStep.Terminate(progress, terminations);
  }

  private static boolean ready(Member m, Map<String, String> notReady) {
    return notReady == null || !notReady.containsKey(m.instanceId());
  }
}
