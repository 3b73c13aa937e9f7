package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.LoadBalancerLifecycleTest.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.IamEnforcedMoto;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Service's network load balancer (managed security group, two listeners with their target
 * groups) created, cut down to one listener and deleted as an IAM user holding only {@code
 * providers/aws/iam-policy.json}, on moto's IAM mode. moto checks the actions, not the resources or
 * tag conditions (docs/iam-policy.md).
 */
class LoadBalancerUnderIamPolicyTest {

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
  void createsChangesAndDeletesALoadBalancerHoldingOnlyThePolicy() {
    AwsFixtures.network(moto.admin().ec2(), "c1");
    AwsLoadBalancers loadBalancers = new AwsLoadBalancers(moto.strato());
    LoadBalancerSpec web = LoadBalancerLifecycleTest.web();

    assertThat(loadBalancers.ensure(OWNER, web).outcome()).isEqualTo(ChangeOutcome.CREATED);
    assertThat(moto.admin().elb().describeTargetGroups().targetGroups()).hasSize(2);

    LoadBalancerSpec httpOnly = Specs.withListeners(web, List.of(web.listeners().get(0)));
    assertThat(loadBalancers.ensure(OWNER, httpOnly).outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(moto.admin().elb().describeTargetGroups().targetGroups()).hasSize(1);

    assertThat(loadBalancers.ensureDeleted(OWNER, "web")).isEqualTo(Deletion.GONE);
    assertThat(moto.admin().elb().describeLoadBalancers().loadBalancers()).isEmpty();
    assertThat(moto.admin().elb().describeTargetGroups().targetGroups()).isEmpty();
    System.out.println(
        "load balancer life as the policy's user: " + moto.strato().metrics().total() + " calls");
  }
}
