package io.strato.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.testsupport.CalledActions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Only calls made through Strato's code count (every one passes {@link AwsErrors#call}); a test's
 * own scenery calls must not widen the policy. The record reaches {@link CalledActions} through the
 * call metrics' observer, as every call of the tests' clients does. Uses actions the policy grants
 * and Strato makes anyway, since the record is JVM-wide and read by IamPolicyIT.
 */
class CalledActionsTest {

  private final CloudCallMetrics metrics = CalledActions.metrics();

  @Test
  void aCallInsideAwsErrorsIsRecorded() {
    AwsErrors.run("ec2:DescribeSubnets", () -> count("Ec2", "DescribeSubnets"));
    assertThat(CalledActions.snapshot()).contains("Ec2:DescribeSubnets");
  }

  @Test
  void aTestsOwnDirectSdkCallIsNot() {
    count("Ec2", "CreateVpc");
    assertThat(CalledActions.snapshot()).doesNotContain("Ec2:CreateVpc");
    assertThat(metrics.snapshot()).containsEntry("Ec2:CreateVpc", 1L);
  }

  private void count(String service, String operation) {
    metrics.record("aws", service, operation, "success", Duration.ZERO);
  }
}
