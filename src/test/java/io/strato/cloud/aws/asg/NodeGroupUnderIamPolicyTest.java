package io.strato.cloud.aws.asg;

import static io.strato.cloud.aws.asg.NodeGroupFixture.NAME;
import static io.strato.cloud.aws.asg.NodeGroupFixture.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.testsupport.IamEnforcedMoto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node group's life (create with a scaling policy, resize, roll a new template version, delete)
 * made as an IAM user holding only {@code providers/aws/iam-policy.json}, on moto's IAM mode. moto
 * checks the actions, not the resources or tag conditions (docs/iam-policy.md).
 */
class NodeGroupUnderIamPolicyTest {

  private static IamEnforcedMoto moto;

  @BeforeAll
  static void start() {
    moto = IamEnforcedMoto.start();
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  @Test
  void createsChangesAndDeletesANodeGroupHoldingOnlyThePolicy() {
    NodeGroupFixture aws = NodeGroupFixture.prepare(moto.admin().ec2(), moto.admin().autoScaling());
    AwsNodeGroups nodeGroups = new AwsNodeGroups(moto.strato());

    assertThat(nodeGroups.ensure(OWNER, aws.spec()).outcome()).isEqualTo(ChangeOutcome.CREATED);
    assertThat(aws.groups()).hasSize(1);
    assertThat(aws.policies()).hasSize(1);

    assertThat(nodeGroups.ensure(OWNER, NodeGroupFixture.withSizes(aws.spec(), 1, 6, 3)).outcome())
        .isEqualTo(ChangeOutcome.UPDATED);
    assertThat(
            nodeGroups
                .ensure(OWNER, NodeGroupFixture.withInstanceType(aws.spec(), "m5.xlarge"))
                .outcome())
        .isEqualTo(ChangeOutcome.UPDATED);
    assertThat(aws.groups().get(0).desiredCapacity()).isEqualTo(2);

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < 5 && d == Deletion.IN_PROGRESS; i++) {
      d = nodeGroups.ensureDeleted(OWNER, NAME);
    }
    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.templates()).isEmpty();
    System.out.println(
        "node group life as the policy's user: " + moto.strato().metrics().total() + " calls");
  }
}
