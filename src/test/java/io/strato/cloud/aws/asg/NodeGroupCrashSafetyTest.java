package io.strato.cloud.aws.asg;

import static io.strato.cloud.aws.asg.NodeGroupFixture.NAME;
import static io.strato.cloud.aws.asg.NodeGroupFixture.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.SimulatedCrash;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Strato process dies right after AWS applied its k-th call, before it reads the answer (the
 * change exists and Strato does not know), for every k of a create, an update and a delete. A
 * restarted process, with nothing in memory, then converges to exactly one template and one group.
 * Dying before sending call k+1 leaves the same account behind, so that case is covered too.
 */
class NodeGroupCrashSafetyTest {

  /** Calls of a create on moto; {@link #theCrashPointsCoverEveryCallOfACreate} keeps it honest. */
  static final int CREATE_CALLS = 8;

  /**
   * An update of the launch content: 7 calls, and the group's launch-template-version tag (which
   * the instances inherit, so a rollout knows what each runs) written after the group moved.
   */
  static final int UPDATE_CALLS = 8;

  /**
   * A delete on moto: 4 calls that start it, 3 that find the group gone and remove the template.
   */
  static final int DELETE_CALLS = 7;

  private AwsClients observer;
  private HookedAws hooked;
  private NodeGroupFixture aws;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    observer = moto.clients();
    hooked = new HookedAws(moto);
    aws = NodeGroupFixture.prepare(observer.ec2(), observer.autoScaling());
  }

  @AfterEach
  void close() {
    hooked.close();
    observer.close();
  }

  static IntStream createCrashes() {
    return IntStream.rangeClosed(1, CREATE_CALLS);
  }

  static IntStream updateCrashes() {
    return IntStream.rangeClosed(1, UPDATE_CALLS);
  }

  static IntStream deleteCrashes() {
    return IntStream.rangeClosed(1, DELETE_CALLS);
  }

  @Test
  void theCrashPointsCoverEveryCall() {
    hooked.nodeGroups().ensure(OWNER, aws.spec());
    assertThat(hooked.calls()).isEqualTo(CREATE_CALLS);

    hooked.clear();
    hooked.nodeGroups().ensure(OWNER, NodeGroupFixture.withInstanceType(aws.spec(), "m5.xlarge"));
    assertThat(hooked.calls()).isEqualTo(UPDATE_CALLS);

    hooked.clear();
    assertThat(hooked.nodeGroups().ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.IN_PROGRESS);
    assertThat(hooked.nodeGroups().ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
    assertThat(hooked.calls()).isEqualTo(DELETE_CALLS);
  }

  @ParameterizedTest(name = "crash after call {0} of a create")
  @MethodSource("createCrashes")
  void aCreateInterruptedAnywhereConvergesToOneTemplateAndOneGroup(int k) {
    crashAfter(k, () -> hooked.nodeGroups().ensure(OWNER, aws.spec()));

    Ensured<NodeGroupStatus> recovered = restarted().ensure(OWNER, aws.spec());

    assertThat(recovered.settled()).isTrue();
    assertExactlyOneNodeGroup(1);
    assertThat(restarted().ensure(OWNER, aws.spec()).outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    deleteAndAssertNothingLeft();
  }

  /**
   * The worst case of {@code noneYet} (a caller sure no group exists yet, which a cluster deleted
   * by hand can make wrong): whatever a crashed create left is met by the creates, proved ours and
   * adopted, never made twice.
   */
  @ParameterizedTest(name = "crash after call {0} of a create, then a create without a look")
  @MethodSource("createCrashes")
  void aCreateInterruptedAnywhereThenRetriedUnobservedConvergesToOneTemplateAndOneGroup(int k) {
    crashAfter(k, () -> hooked.nodeGroups().ensure(OWNER, aws.spec()));

    restarted().noneYet(OWNER).ensureAll(List.of(aws.spec()));

    assertExactlyOneNodeGroup(1);
    assertThat(restarted().ensure(OWNER, aws.spec()).outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    deleteAndAssertNothingLeft();
  }

  @ParameterizedTest(name = "crash after call {0} of an instance type change")
  @MethodSource("updateCrashes")
  void aRolloutInterruptedAnywhereLeavesOneNewVersionAndPinsIt(int k) {
    restarted().ensure(OWNER, aws.spec());
    NodeGroupSpec bigger = NodeGroupFixture.withInstanceType(aws.spec(), "m5.xlarge");

    crashAfter(k, () -> hooked.nodeGroups().ensure(OWNER, bigger));
    restarted().ensure(OWNER, bigger);

    assertExactlyOneNodeGroup(2);
    assertThat(restarted().ensure(OWNER, bigger).outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
  }

  @ParameterizedTest(name = "crash after call {0} of a delete")
  @MethodSource("deleteCrashes")
  void aDeleteInterruptedAnywhereStillRemovesEverything(int k) {
    restarted().ensure(OWNER, aws.spec());

    crashAfter(
        k,
        () -> {
          for (int i = 0; i < 5; i++) {
            if (hooked.nodeGroups().ensureDeleted(OWNER, NAME) == Deletion.GONE) {
              return;
            }
          }
        });

    deleteAndAssertNothingLeft();
  }

  private void crashAfter(int k, Runnable work) {
    hooked.clear();
    // A call that failed (a NotFound answer) cannot be made to throw afterwards, so a process
    // that dies after call k also refuses call k+1: the account is the same either way.
    hooked
        .before(
            (operation, call) -> {
              if (call > k) {
                throw new SimulatedCrash("before " + operation + " (call " + call + ")");
              }
            })
        .after(
            (operation, call) -> {
              if (call == k) {
                throw new SimulatedCrash("after " + operation + " (call " + k + ")");
              }
            });
    try {
      work.run();
      fail("the process was to die after call " + k + " but made only " + hooked.calls());
    } catch (RuntimeException | SimulatedCrash e) {
      if (!SimulatedCrash.in(e)) {
        fail("expected only the simulated crash, got " + e, e);
      }
    }
  }

  /** A new process: no hooks (the proxy still answers AWS's AlreadyExists), nothing remembered. */
  private AwsNodeGroups restarted() {
    hooked.clear();
    return hooked.nodeGroups();
  }

  private void assertExactlyOneNodeGroup(long pinnedVersion) {
    assertThat(aws.templates()).hasSize(1);
    String templateId = aws.templates().get(0).launchTemplateId();
    assertThat(aws.versions(templateId)).hasSize((int) pinnedVersion);
    assertThat(aws.groups()).hasSize(1);
    assertThat(aws.group().orElseThrow().launchTemplate().launchTemplateId()).isEqualTo(templateId);
    assertThat(aws.group().orElseThrow().launchTemplate().version())
        .isEqualTo(Long.toString(pinnedVersion));
    assertThat(aws.group().orElseThrow().instances()).hasSize(2);
    assertThat(aws.liveInstances()).hasSize(2);
    assertThat(aws.policies()).hasSize(1);
  }

  private void deleteAndAssertNothingLeft() {
    AwsNodeGroups nodeGroups = restarted();
    Deletion deletion = Deletion.IN_PROGRESS;
    for (int i = 0; i < 5 && deletion != Deletion.GONE; i++) {
      deletion = nodeGroups.ensureDeleted(OWNER, NAME);
    }
    assertThat(deletion).isEqualTo(Deletion.GONE);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.templates()).isEmpty();
    assertThat(aws.policies()).isEmpty();
    assertThat(aws.liveInstances()).isEmpty();
  }
}
