package io.strato.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.CalledActions;
import org.junit.jupiter.api.Test;

/**
 * Only calls made through Strato's code count (every one passes {@link AwsErrors#call}); a test's
 * own scenery calls must not widen the policy. Uses actions the policy grants and Strato makes
 * anyway, since the record is JVM-wide and read by IamPolicyIT.
 */
class CalledActionsTest {

  @Test
  void aCallInsideAwsErrorsIsRecorded() {
    AwsErrors.run("ec2:DescribeSubnets", () -> CalledActions.record("Ec2", "DescribeSubnets"));
    assertThat(CalledActions.snapshot()).contains("Ec2:DescribeSubnets");
  }

  @Test
  void aTestsOwnDirectSdkCallIsNot() {
    CalledActions.record("Ec2", "CreateVpc");
    assertThat(CalledActions.snapshot()).doesNotContain("Ec2:CreateVpc");
  }
}
