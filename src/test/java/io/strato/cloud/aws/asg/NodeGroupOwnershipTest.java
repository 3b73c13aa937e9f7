package io.strato.cloud.aws.asg;

import static io.strato.cloud.aws.asg.NodeGroupFixture.NAME;
import static io.strato.cloud.aws.asg.NodeGroupFixture.OWNER;
import static io.strato.cloud.aws.asg.NodeGroupFixture.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** A name is taken by another owner, or another replica gets there first. */
class NodeGroupOwnershipTest {

  private AwsClients observer;
  private HookedAws hooked;
  private NodeGroupFixture aws;
  private AwsNodeGroups replica;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    observer = moto.clients();
    hooked = new HookedAws(moto);
    aws = NodeGroupFixture.prepare(observer.ec2(), observer.autoScaling());
    replica = new AwsNodeGroups(observer);
  }

  @AfterEach
  void close() {
    hooked.close();
    observer.close();
  }

  @Test
  void aGroupOfAnotherOwnerIsAConflictAndStaysAsItWas() {
    replica.ensure(STRANGER, aws.spec());
    AutoScalingGroup before = aws.group().orElseThrow();

    assertThatThrownBy(
            () ->
                hooked.nodeGroups().ensure(OWNER, NodeGroupFixture.withSizes(aws.spec(), 2, 9, 4)))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining(STRANGER.ownerUid());
    assertThatThrownBy(() -> hooked.nodeGroups().get(OWNER, NAME))
        .isInstanceOf(CloudException.Conflict.class);

    AutoScalingGroup after = aws.group().orElseThrow();
    assertThat(after.maxSize()).isEqualTo(before.maxSize());
    assertThat(after.desiredCapacity()).isEqualTo(before.desiredCapacity());
    assertThat(after.tags()).isEqualTo(before.tags());
    assertThat(aws.versions(aws.templates().get(0).launchTemplateId())).hasSize(1);
  }

  @Test
  void aTemplateOfAnotherOwnerIsAConflictBeforeAnyGroupIsCreated() {
    replica.ensure(STRANGER, aws.spec());
    observer
        .autoScaling()
        .deleteAutoScalingGroup(r -> r.autoScalingGroupName(NAME).forceDelete(true));

    assertThatThrownBy(() -> hooked.nodeGroups().ensure(OWNER, aws.spec()))
        .isInstanceOf(CloudException.Conflict.class);
    assertThat(aws.groups()).isEmpty();
  }

  /** Unobserved ({@code noneYet}), the names taken are found by the creates and refused alike. */
  @Test
  void anotherOwnersGroupMetByACreateWithoutALookIsAConflictAndStaysAsItWas() {
    replica.ensure(STRANGER, aws.spec());
    AutoScalingGroup before = aws.group().orElseThrow();

    assertThatThrownBy(() -> hooked.nodeGroups().noneYet(OWNER).ensureAll(List.of(aws.spec())))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining(STRANGER.ownerUid());

    assertThat(aws.groups()).hasSize(1);
    assertThat(aws.templates()).hasSize(1);
    assertThat(aws.group().orElseThrow().autoScalingGroupARN())
        .isEqualTo(before.autoScalingGroupARN());
    assertThat(aws.group().orElseThrow().tags()).isEqualTo(before.tags());
  }

  @Test
  void deletingLeavesAnotherOwnersGroupAndTemplateAlone() {
    replica.ensure(STRANGER, aws.spec());

    assertThat(hooked.nodeGroups().ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);

    assertThat(aws.groups()).hasSize(1);
    assertThat(aws.templates()).hasSize(1);
    assertThat(aws.liveInstances()).hasSize(2);
  }

  @Test
  void aReplicaCreatingTheGroupFirstIsJoinedNotDuplicated() {
    AtomicBoolean raced = new AtomicBoolean();
    hooked.before(
        (operation, call) -> {
          if ("CreateAutoScalingGroup".equals(operation) && raced.compareAndSet(false, true)) {
            replica.ensure(OWNER, aws.spec());
          }
        });

    Ensured<NodeGroupStatus> ensured = hooked.nodeGroups().ensure(OWNER, aws.spec());

    assertThat(raced).isTrue();
    assertThat(hooked.alreadyExistsAnswers()).as("AWS's answer to the losing create").isEqualTo(1);
    assertThat(ensured.settled()).isTrue();
    assertThat(aws.groups()).hasSize(1);
    assertThat(aws.templates()).hasSize(1);
    assertThat(aws.liveInstances()).hasSize(2);
    assertThat(aws.policies()).hasSize(1);
  }

  @Test
  void aReplicaCreatingTheTemplateFirstIsJoinedNotDuplicated() {
    AtomicBoolean raced = new AtomicBoolean();
    hooked.before(
        (operation, call) -> {
          if ("CreateLaunchTemplate".equals(operation) && raced.compareAndSet(false, true)) {
            replica.ensure(OWNER, aws.spec());
          }
        });

    hooked.nodeGroups().ensure(OWNER, aws.spec());

    assertThat(raced).isTrue();
    assertThat(aws.templates()).hasSize(1);
    assertThat(aws.versions(aws.templates().get(0).launchTemplateId())).hasSize(1);
    assertThat(aws.groups()).hasSize(1);
    assertThat(aws.liveInstances()).hasSize(2);
  }

  @Test
  void anotherOwnerTakingTheNameMidCreateIsAConflict() {
    AtomicBoolean raced = new AtomicBoolean();
    hooked.before(
        (operation, call) -> {
          if ("CreateAutoScalingGroup".equals(operation) && raced.compareAndSet(false, true)) {
            observer
                .autoScaling()
                .createAutoScalingGroup(
                    r ->
                        r.autoScalingGroupName(NAME)
                            .minSize(0)
                            .maxSize(1)
                            .vpcZoneIdentifier(aws.network().privateSubnets().get(0))
                            .launchTemplate(lt -> lt.launchTemplateName(NAME))
                            .tags(
                                t ->
                                    t.resourceId(NAME)
                                        .resourceType("auto-scaling-group")
                                        .key("strato.io/owner")
                                        .value(STRANGER.ownerUid())));
          }
        });

    assertThatThrownBy(() -> hooked.nodeGroups().ensure(OWNER, aws.spec()))
        .isInstanceOf(CloudException.Conflict.class);
    assertThat(hooked.alreadyExistsAnswers()).as("AWS's answer to the losing create").isEqualTo(1);
    assertThat(aws.group().orElseThrow().maxSize()).isEqualTo(1);
  }
}
