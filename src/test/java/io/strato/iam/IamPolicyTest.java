package io.strato.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IamPolicyTest {

  @Test
  void actionsAsAStringOrAListWithWildcardsAndCaseInsensitively() throws IOException {
    IamPolicy policy =
        IamPolicy.parse(
            """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
              {"Effect": "Allow", "Action": ["elasticloadbalancing:CreateLoadBalancer"], "Resource": "*"}
            ]}
            """);
    assertThat(policy.grants("ec2:DescribeSubnets")).isTrue();
    assertThat(policy.grants("EC2:describesubnets")).isTrue();
    assertThat(policy.grants("elasticloadbalancing:CreateLoadBalancer")).isTrue();
    assertThat(policy.grants("ec2:CreateVpc")).isFalse();
    assertThat(policy.grants("elasticloadbalancing:CreateLoadBalancerX")).isFalse();
  }

  @Test
  void anUnconditionalDenyWinsAndAConditionalAllowStillGrants() throws IOException {
    IamPolicy policy =
        IamPolicy.parse(
            """
            {"Statement": [
              {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
              {"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"},
              {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
               "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}
            ]}
            """);
    assertThat(policy.grants("ec2:RunInstances")).isFalse();
    assertThat(policy.grants("ec2:CreateRoute")).isTrue();
    assertThat(policy.grants("iam:PassRole")).isTrue();
  }

  @Test
  void theShippedPolicyGrantsTheRouteAndInstanceCallsAndTheServiceLinkedRoles() throws IOException {
    IamPolicy policy = IamPolicy.read(Path.of("providers", "aws", "iam-policy.json"));
    assertThat(policy.allowedActions())
        .contains(
            "ec2:DescribeRouteTables",
            "ec2:CreateRoute",
            "ec2:ReplaceRoute",
            "ec2:DeleteRoute",
            "ec2:ModifyInstanceAttribute",
            "ec2:DescribeInstances",
            "ec2:RunInstances",
            "iam:PassRole",
            "iam:CreateServiceLinkedRole")
        .noneMatch(a -> a.contains("*"))
        .doesNotContain(
            "ec2:CreateVpc",
            "ec2:CreateSubnet",
            // the route controller reads the check from its batched DescribeInstances
            "ec2:DescribeInstanceAttribute");
  }
}
