package io.strato.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IamActionsTest {

  @Test
  void sdkServiceNamesBecomeIamPrefixesAndOperationsStayAsTheyAre() {
    assertThat(IamActions.of("ElasticLoadBalancingV2:DescribeLoadBalancers"))
        .isEqualTo("elasticloadbalancing:DescribeLoadBalancers");
    assertThat(IamActions.of("Ec2:DescribeSubnets")).isEqualTo("ec2:DescribeSubnets");
    assertThat(IamActions.of("AutoScaling:CreateOrUpdateTags"))
        .isEqualTo("autoscaling:CreateOrUpdateTags");
    // Spoken without the SDK, but recorded under the name the SDK would use.
    assertThat(IamActions.of("ApplicationAutoScaling:RegisterScalableTarget"))
        .isEqualTo("application-autoscaling:RegisterScalableTarget");
  }

  @Test
  void anUnknownServiceIsAnErrorNotASilentPass() {
    assertThatThrownBy(() -> IamActions.of("Route53:ChangeResourceRecordSets"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Route53");
    assertThatThrownBy(() -> IamActions.of("Ec2")).isInstanceOf(IllegalArgumentException.class);
  }
}
