package io.strato.cloud.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.strato.cloud.CloudException;
import org.junit.jupiter.api.Test;

class GcpErrorsTest {

  static CloudException translate(Status status) {
    return GcpErrors.translate("container.X", status.withDescription("d").asRuntimeException());
  }

  static String reason(CloudException e) {
    return ((CloudException.InvalidRequest) e).reason();
  }

  @Test
  void everyGkeStatusBecomesTheCloudExceptionTheEngineActsOn() {
    assertThat(translate(Status.NOT_FOUND)).isInstanceOf(CloudException.NotFound.class);
    assertThat(translate(Status.ALREADY_EXISTS)).isInstanceOf(CloudException.Conflict.class);
    // another operation runs: retried, never a failure
    assertThat(translate(Status.FAILED_PRECONDITION))
        .isInstanceOf(CloudException.Conflict.class)
        .matches(CloudException::retryable);
    assertThat(reason(translate(Status.RESOURCE_EXHAUSTED))).isEqualTo("QuotaExceeded");
    assertThat(reason(translate(Status.INVALID_ARGUMENT))).isEqualTo("InvalidArgument");
    assertThat(reason(translate(Status.PERMISSION_DENIED))).isEqualTo("PermissionDenied");
    assertThat(translate(Status.UNAVAILABLE)).isInstanceOf(CloudException.Transient.class);
    assertThat(translate(Status.DEADLINE_EXCEEDED)).isInstanceOf(CloudException.Transient.class);
    assertThat(translate(Status.UNAVAILABLE).provider()).isEqualTo("gcp");
    assertThat(translate(Status.UNAVAILABLE).operation()).isEqualTo("container.X");
  }
}
