package io.strato.cloud.nodegroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.nodegroup.RolloutStep.Termination;
import io.strato.cloud.nodegroup.RolloutView.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rollout's decisions as a pure function of what a group shows; no cloud. */
class RolloutPlanTest {

  private static final long NEW = 2;
  private static final long OLD = 1;

  private static Member inService(String id, long version) {
    return new Member(id, version, "InService", true);
  }

  private static RolloutView group(int desired, int max, Integer base, Member... members) {
    return new RolloutView("workers", NEW, desired, max, base, List.of(members));
  }

  @Test
  void aGroupWhoseInstancesAllRunTheCurrentVersionIsIdle() {
    RolloutStep step =
        RolloutPlan.next(
            group(2, 2, null, inService("i-1", NEW), inService("i-2", NEW)),
            RolloutPolicy.DEFAULT,
            2,
            2,
            Integer.MAX_VALUE,
            null);
    assertThat(step).isInstanceOf(RolloutStep.Idle.class);
  }

  @Test
  void surgeComesFirstAndRecordsTheBaseEvenWhereTheMaximumMustRise() {
    RolloutStep step =
        RolloutPlan.next(
            group(3, 3, null, inService("i-1", OLD), inService("i-2", OLD), inService("i-3", OLD)),
            RolloutPolicy.DEFAULT,
            3,
            3,
            Integer.MAX_VALUE,
            null);
    assertThat(step).isEqualTo(new RolloutStep.Surge(new RolloutStep.Progress(3, 3), 3, 4, 4));
  }

  @Test
  void oldInstancesGoOnlyOnceTheNewOnesAreInServiceAndTheLastTakesTheSurgeBack() {
    RolloutStep waiting =
        RolloutPlan.next(
            group(
                4,
                4,
                3,
                inService("i-1", OLD),
                inService("i-2", OLD),
                inService("i-3", OLD),
                new Member("i-4", NEW, "Pending", true)),
            RolloutPolicy.DEFAULT,
            3,
            3,
            Integer.MAX_VALUE,
            null);
    assertThat(waiting).isInstanceOf(RolloutStep.Wait.class);

    RolloutStep first =
        RolloutPlan.next(
            group(
                4,
                4,
                3,
                inService("i-1", OLD),
                inService("i-2", OLD),
                inService("i-3", OLD),
                inService("i-4", NEW)),
            RolloutPolicy.DEFAULT,
            3,
            3,
            Integer.MAX_VALUE,
            null);
    assertThat(((RolloutStep.Terminate) first).instances())
        .containsExactly(new Termination("i-1", false));

    RolloutStep last =
        RolloutPlan.next(
            group(
                4,
                4,
                3,
                inService("i-3", OLD),
                inService("i-4", NEW),
                inService("i-5", NEW),
                inService("i-6", NEW)),
            RolloutPolicy.DEFAULT,
            3,
            3,
            Integer.MAX_VALUE,
            null);
    assertThat(((RolloutStep.Terminate) last).instances())
        .containsExactly(new Termination("i-3", true));

    RolloutStep finish =
        RolloutPlan.next(
            group(3, 4, 3, inService("i-4", NEW), inService("i-5", NEW), inService("i-6", NEW)),
            RolloutPolicy.DEFAULT,
            3,
            3,
            Integer.MAX_VALUE,
            null);
    assertThat(finish).isEqualTo(new RolloutStep.Finish(new RolloutStep.Progress(0, 3), 3, 3));
  }

  @Test
  void withoutSurgeAtMostMaxUnavailableGoAtOnceAndEachGetsAReplacement() {
    RolloutStep step =
        RolloutPlan.next(
            group(
                4,
                4,
                4,
                inService("i-1", OLD),
                inService("i-2", OLD),
                inService("i-3", OLD),
                inService("i-4", OLD)),
            new RolloutPolicy(0, 2),
            4,
            4,
            Integer.MAX_VALUE,
            null);
    assertThat(((RolloutStep.Terminate) step).instances())
        .containsExactly(new Termination("i-1", false), new Termination("i-2", false));
  }

  @Test
  void aBatchOfOneHoldsEvenWhenTheBoundsAllowMore() {
    RolloutStep step =
        RolloutPlan.next(
            group(3, 3, 3, inService("i-1", OLD), inService("i-2", OLD), inService("i-3", OLD)),
            new RolloutPolicy(0, 2),
            3,
            3,
            1,
            null);
    assertThat(((RolloutStep.Terminate) step).instances()).hasSize(1);
  }

  @Test
  void aNewMemberNotYetHealthyBehindTheLoadBalancerHoldsTheOldOne() {
    Map<String, String> notReady = Map.of("i-2", "initial (Elb.RegistrationInProgress)");
    RolloutStep step =
        RolloutPlan.next(
            group(2, 2, 1, inService("i-1", OLD), inService("i-2", NEW)),
            RolloutPolicy.DEFAULT,
            1,
            1,
            1,
            notReady);
    assertThat(step).isInstanceOf(RolloutStep.Wait.class);
    assertThat(((RolloutStep.Wait) step).reason()).contains("i-2");
  }

  @Test
  void aFailingNewInstanceStallsTheRolloutWithTheReason() {
    RolloutStep byLoadBalancer =
        RolloutPlan.next(
            group(2, 2, 1, inService("i-1", OLD), inService("i-2", NEW)),
            RolloutPolicy.DEFAULT,
            1,
            1,
            1,
            Map.of("i-2", "unhealthy (Target.FailedHealthChecks)"));
    assertThat(byLoadBalancer).isInstanceOf(RolloutStep.Stalled.class);
    assertThat(((RolloutStep.Stalled) byLoadBalancer).reason())
        .contains("i-2", "Target.FailedHealthChecks");

    RolloutStep byAutoScaling =
        RolloutPlan.next(
            group(2, 2, 1, inService("i-1", OLD), new Member("i-2", NEW, "InService", false)),
            RolloutPolicy.DEFAULT,
            1,
            1,
            1,
            null);
    assertThat(byAutoScaling).isInstanceOf(RolloutStep.Stalled.class);
  }

  @Test
  void aLeavingInstanceIsWaitedForAndNotCountedAsOld() {
    RolloutStep step =
        RolloutPlan.next(
            group(2, 2, 1, new Member("i-1", OLD, "Terminating:Wait", true), inService("i-2", NEW)),
            RolloutPolicy.DEFAULT,
            1,
            1,
            1,
            null);
    assertThat(step).isInstanceOf(RolloutStep.Finish.class);
  }

  @Test
  void anAutoscaledGroupKeepsTheBaseItRecorded() {
    // The spec leaves the capacity to the autoscaler: the base on the group is the capacity.
    RolloutStep step =
        RolloutPlan.next(
            group(6, 10, 5, inService("i-1", OLD), inService("i-2", NEW)),
            RolloutPolicy.DEFAULT,
            null,
            10,
            Integer.MAX_VALUE,
            null);
    assertThat(step.progress().capacity()).isEqualTo(5);
  }

  @Test
  void theInServiceCountNeverFallsBelowCapacityMinusMaxUnavailableOverAWholeRollout() {
    for (RolloutPolicy policy :
        List.of(
            new RolloutPolicy(1, 0),
            new RolloutPolicy(0, 1),
            new RolloutPolicy(2, 1),
            new RolloutPolicy(3, 0))) {
      int base = 5;
      SimulatedGroup g = new SimulatedGroup(base);
      int steps = 0;
      RolloutStep step;
      do {
        step = RolloutPlan.next(g.view(), policy, base, base, Integer.MAX_VALUE, null);
        g.apply(step);
        assertThat(g.inServiceCount()).isGreaterThanOrEqualTo(base - policy.maxUnavailable());
        g.launch();
        assertThat(++steps).isLessThan(50);
      } while (!(step instanceof RolloutStep.Idle));
      assertThat(g.members).allMatch(m -> m.version() == NEW).hasSize(base);
    }
  }

  @Test
  void boundsThatCouldNeverMoveAreRefused() {
    assertThatThrownBy(() -> new RolloutPolicy(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A group that behaves as Auto Scaling does: terminations leave, launches fill to capacity. */
  private static final class SimulatedGroup {
    final List<Member> members = new ArrayList<>();
    int desired;
    int max;
    Integer base;
    int next;

    SimulatedGroup(int size) {
      desired = size;
      max = size;
      for (int i = 0; i < size; i++) {
        members.add(inService("i-" + next++, OLD));
      }
    }

    RolloutView view() {
      return new RolloutView("g", NEW, desired, max, base, members);
    }

    void apply(RolloutStep step) {
      if (step instanceof RolloutStep.Surge s) {
        base = s.base();
        desired = s.desiredCapacity();
        max = s.maxSize();
      } else if (step instanceof RolloutStep.Terminate t) {
        for (Termination x : t.instances()) {
          members.removeIf(m -> m.instanceId().equals(x.instanceId()));
          if (x.decrement()) {
            desired--;
          }
        }
      } else if (step instanceof RolloutStep.Finish f) {
        desired = f.desiredCapacity();
        max = f.maxSize();
        base = null;
      }
    }

    void launch() {
      while (members.size() < desired) {
        members.add(inService("i-" + next++, NEW));
      }
    }

    long inServiceCount() {
      return members.stream().filter(Member::inService).count();
    }
  }
}
