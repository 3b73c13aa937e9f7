package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.testsupport.IamEnforcedMoto;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Strato's create-and-delete of a self-managed cluster (its API network load balancer with target
 * group, listener and security group; the control-plane and worker node groups with their launch
 * templates; the cluster tags on the user's network) made as an IAM user holding nothing but {@code
 * providers/aws/iam-policy.json}, on moto's IAM mode. The other tests pin down what moto does and
 * does not evaluate (docs/iam-policy.md).
 */
class SelfManagedClusterUnderIamPolicyTest {

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
  void createsAndDeletesASelfManagedClusterHoldingOnlyThePolicy() throws Exception {
    SelfManagedFixture aws = new SelfManagedFixture(moto.admin());
    SelfManagedClusterDriver driver = SelfManagedFixture.driver(moto.strato());
    ClusterContext cluster = aws.cluster();

    List<ClusterProgress> steps = SelfManagedFixture.untilReady(driver, cluster);
    System.out.println(
        "self-managed cluster Ready as the policy's user after "
            + steps.size()
            + " reconciles, "
            + moto.strato().metrics().total()
            + " calls");
    assertThat(aws.groups()).hasSize(4);
    assertThat(aws.loadBalancers()).hasSize(1);
    assertThat(aws.subnetTags(aws.network.privateSubnets().get(0)))
        .containsKey("kubernetes.io/cluster/" + SelfManagedFixture.NAME);

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < 10 && d == Deletion.IN_PROGRESS; i++) {
      d = driver.delete(cluster);
    }
    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.loadBalancers()).isEmpty();
    assertThat(aws.templateNames()).isEmpty();
    assertThat(aws.subnetTags(aws.network.privateSubnets().get(0)))
        .doesNotContainKey("kubernetes.io/cluster/" + SelfManagedFixture.NAME);
  }

  @Test
  void motoRefusesAnActionThePolicyDoesNotName() {
    assertThatThrownBy(() -> moto.strato().ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")))
        .isInstanceOf(Ec2Exception.class)
        .hasMessageContaining("is not authorized to perform: ec2:CreateVpc");
  }

  @Test
  void motoDoesNotEvaluateConditionsSoACreateWithoutTheOwnershipTagPasses() {
    // AWS refuses this: the policy allows CreateSecurityGroup only with
    // aws:RequestTag/strato.io/managed-by=strato. moto lets it through.
    String vpc = moto.admin().ec2().createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
    String untagged =
        moto.strato()
            .ec2()
            .createSecurityGroup(r -> r.groupName("untagged").description("x").vpcId(vpc))
            .groupId();
    assertThat(untagged).startsWith("sg-");
  }

  @Test
  void motoMatchesResourceArnsAgainstStarSoThePolicyAsWrittenRefusesScopedCalls() {
    String vpc = moto.admin().ec2().createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
    try (AwsClients asWritten =
        moto.userHolding("as-written", IamEnforcedMoto.asWritten(IamEnforcedMoto.POLICY))) {
      // Granted on "*": allowed.
      assertThat(asWritten.ec2().describeSubnets().subnets()).isNotNull();
      // Granted on arn:aws:ec2:*:*:security-group/* with the tag: AWS allows it, moto refuses.
      assertThatThrownBy(
              () ->
                  asWritten
                      .ec2()
                      .createSecurityGroup(
                          r ->
                              r.groupName("tagged")
                                  .description("x")
                                  .vpcId(vpc)
                                  .tagSpecifications(
                                      t ->
                                          t.resourceType(ResourceType.SECURITY_GROUP)
                                              .tags(
                                                  g ->
                                                      g.key(Ownership.MANAGED_BY_TAG)
                                                          .value("strato")))))
          .isInstanceOf(Ec2Exception.class)
          .hasMessageContaining("is not authorized to perform: ec2:CreateSecurityGroup");
    }
  }
}
