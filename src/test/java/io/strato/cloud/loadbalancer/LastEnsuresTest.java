package io.strato.cloud.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the state-only poll is taken, and when a full ensure is, against a scripted cloud. */
class LastEnsuresTest {

  private static final Ownership OWNER = new Ownership("uid-1", "LoadBalancer", "web", null);

  private final ScriptedCloud cloud = new ScriptedCloud();
  private final LastEnsures lastEnsures = LastEnsures.whileSettling(cloud);

  @Test
  void aLoadBalancerStillCleaningUpIsEnsuredInFullOnEveryPoll() {
    cloud.next = status("provisioning", true);
    lastEnsures.ensure(OWNER, 1, spec("web"));

    lastEnsures.ensure(OWNER, 1, spec("web"));

    assertThat(cloud.calls).containsExactly("ensure", "ensure");
  }

  @Test
  void onlyAPendingStateIsPolledAloneAndOnlyUntilActive() {
    cloud.next = status("provisioning", false);
    lastEnsures.ensure(OWNER, 1, spec("web"));
    cloud.state = "provisioning";
    assertThat(lastEnsures.ensure(OWNER, 1, spec("web")).settled()).isFalse();
    cloud.state = "active";
    Ensured<LoadBalancerStatus> active = lastEnsures.ensure(OWNER, 1, spec("web"));
    cloud.next = status("active", false);
    lastEnsures.ensure(OWNER, 1, spec("web"));

    assertThat(active.settled()).isTrue();
    assertThat(active.outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(cloud.calls).containsExactly("ensure", "refresh", "refresh", "ensure");
  }

  @Test
  void aFailedCallLeavesNothingRemembered() {
    cloud.next = status("provisioning", false);
    lastEnsures.ensure(OWNER, 1, spec("web"));
    cloud.failRefresh = true;
    assertThatThrownBy(() -> lastEnsures.ensure(OWNER, 1, spec("web")))
        .isInstanceOf(IllegalStateException.class);
    cloud.failRefresh = false;

    lastEnsures.ensure(OWNER, 1, spec("web"));

    assertThat(cloud.calls).containsExactly("ensure", "refresh", "ensure");
  }

  @Test
  void aForgottenOwnerIsEnsuredInFull() {
    cloud.next = status("provisioning", false);
    lastEnsures.ensure(OWNER, 1, spec("web"));
    lastEnsures.forget(OWNER.ownerUid());

    lastEnsures.ensure(OWNER, 1, spec("web"));

    assertThat(cloud.calls).containsExactly("ensure", "ensure");
  }

  @Test
  void forPollsASettledLoadBalancerIsReadAloneThenEnsuredInFullEverySoOften() {
    LastEnsures polls = LastEnsures.settledForPolls(cloud, 2);
    cloud.next = status("active", false);
    cloud.state = "active";
    for (int i = 0; i < 5; i++) {
      assertThat(polls.ensure(OWNER, 0, spec("web")).settled()).isTrue();
    }

    assertThat(cloud.calls)
        .as("a full ensure after two state reads repairs what changed behind Strato's back")
        .containsExactly("ensure", "refresh", "refresh", "ensure", "refresh");
  }

  @Test
  void forPollsAChangedSpecOrCleanupStillPendingIsEnsuredInFull() {
    LastEnsures polls = LastEnsures.settledForPolls(cloud, 10);
    cloud.next = status("active", false);
    cloud.state = "active";
    polls.ensure(OWNER, 0, spec("web"));
    cloud.next = status("active", true);
    polls.ensure(OWNER, 0, spec("api"));
    polls.ensure(OWNER, 0, spec("api"));
    cloud.next = status("active", false);
    polls.ensure(OWNER, 0, spec("api"));
    polls.ensure(OWNER, 0, spec("api"));

    assertThat(cloud.calls).containsExactly("ensure", "ensure", "ensure", "ensure", "refresh");
  }

  private static LoadBalancerSpec spec(String name) {
    return new LoadBalancerSpec(
        name,
        Scheme.INTERNET_FACING,
        SubnetSelection.discover("vpc-1"),
        List.of(),
        List.of(),
        List.of(
            new ListenerSpec(
                80,
                ListenerProtocol.TCP,
                30080,
                null,
                null,
                HealthCheckSpec.tcpDefault(),
                TargetGroupAttributes.NONE)),
        TargetType.INSTANCE,
        List.of(),
        null,
        Map.of());
  }

  private static LoadBalancerStatus status(String state, boolean cleanupPending) {
    return new LoadBalancerStatus(
        "arn:lb/web",
        "web",
        "web.elb",
        "internet-facing",
        state,
        "vpc-1",
        List.of("subnet-1"),
        List.of("sg-1"),
        List.of(),
        cleanupPending);
  }

  /** Answers what the test scripts and records which of the two paths was taken. */
  private static final class ScriptedCloud implements LoadBalancers {
    final List<String> calls = new ArrayList<>();
    LoadBalancerStatus next;
    String state = "active";
    boolean failRefresh;

    @Override
    public Ensured<LoadBalancerStatus> ensure(Ownership owner, LoadBalancerSpec spec) {
      calls.add("ensure");
      boolean settled = next.active() && !next.cleanupPending();
      return new Ensured<>(next, ChangeOutcome.UPDATED, settled);
    }

    @Override
    public Optional<LoadBalancerStatus> refreshState(Ownership owner, LoadBalancerStatus last) {
      calls.add("refresh");
      if (failRefresh) {
        throw new IllegalStateException("throttled");
      }
      return Optional.of(last.withState(state, last.dnsName()));
    }

    @Override
    public Optional<LoadBalancerStatus> get(Ownership owner, String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<KnownTargetGroup> updateTargets(
        Ownership owner, String name, List<Target> targets) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void changeTargets(
        Ownership owner, List<KnownTargetGroup> groups, List<Target> add, List<Target> remove) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Deletion ensureDeleted(Ownership owner, String name) {
      throw new UnsupportedOperationException();
    }
  }
}
