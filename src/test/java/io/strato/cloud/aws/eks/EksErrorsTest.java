package io.strato.cloud.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eks.model.EksException;

/** EKS's error codes land in the right member of the CloudException family. */
class EksErrorsTest {

  @Test
  void notFoundInUseAndInvalid() {
    assertThat(translate("ResourceNotFoundException", 404))
        .isInstanceOf(CloudException.NotFound.class);
    assertThat(translate("ResourceInUseException", 409))
        .isInstanceOf(CloudException.Conflict.class);
    assertThat(translate("InvalidParameterException", 400))
        .isInstanceOf(CloudException.InvalidRequest.class);
    assertThat(translate("InvalidRequestException", 400))
        .isInstanceOf(CloudException.InvalidRequest.class);
  }

  @Test
  void quotaAndZoneHaveTheirOwnReasons() {
    assertThat(
            ((CloudException.InvalidRequest) translate("ResourceLimitExceededException", 400))
                .reason())
        .isEqualTo("QuotaExceeded");
    assertThat(
            ((CloudException.InvalidRequest) translate("UnsupportedAvailabilityZoneException", 400))
                .reason())
        .isEqualTo("UnsupportedZone");
  }

  @Test
  void serverSideFailuresAreTransient() {
    assertThat(translate("ServerException", 500)).isInstanceOf(CloudException.Transient.class);
    assertThat(translate("ServiceUnavailableException", 503))
        .isInstanceOf(CloudException.Transient.class);
  }

  private static CloudException translate(String code, int status) {
    EksException e =
        (EksException)
            EksException.builder()
                .awsErrorDetails(
                    AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
                .statusCode(status)
                .message(code)
                .build();
    return AwsErrors.translate("Test", e);
  }
}
