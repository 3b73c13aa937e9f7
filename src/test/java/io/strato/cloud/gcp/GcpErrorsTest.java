package io.strato.cloud.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.strato.cloud.CloudException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcpErrorsTest {

  static CloudException translate(Status status) {
    return GcpErrors.translate("container.X", status.withDescription("d").asRuntimeException());
  }

  static String reason(CloudException e) {
    return ((CloudException.InvalidRequest) e).reason();
  }

  static CloudException translate(com.google.rpc.Status status) {
    return GcpErrors.translate("container.X", StatusProto.toStatusRuntimeException(status));
  }

  @Test
  void everyGkeStatusBecomesTheCloudExceptionTheEngineActsOn() {
    assertThat(translate(Status.NOT_FOUND)).isInstanceOf(CloudException.NotFound.class);
    assertThat(translate(Status.ALREADY_EXISTS)).isInstanceOf(CloudException.Conflict.class);
    assertThat(reason(translate(Status.INVALID_ARGUMENT))).isEqualTo("InvalidArgument");
    assertThat(reason(translate(Status.PERMISSION_DENIED))).isEqualTo("PermissionDenied");
    assertThat(translate(Status.UNAVAILABLE)).isInstanceOf(CloudException.Transient.class);
    assertThat(translate(Status.DEADLINE_EXCEEDED)).isInstanceOf(CloudException.Transient.class);
    assertThat(translate(Status.UNAVAILABLE).provider()).isEqualTo("gcp");
    assertThat(translate(Status.UNAVAILABLE).operation()).isEqualTo("container.X");
  }

  @Test
  void onlyTheBusyClusterPreconditionIsRetried() {
    com.google.rpc.Status busy =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.FAILED_PRECONDITION.value())
            .setMessage("Operation operation-1 is currently upgrading cluster c")
            .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(GcpErrors.CLUSTER_BUSY).build()))
            .build();
    assertThat(translate(busy)).isInstanceOf(CloudException.Conflict.class);
    // the message GKE has long given, without details
    assertThat(
            GcpErrors.translate(
                "container.X",
                Status.FAILED_PRECONDITION
                    .withDescription("Cluster is running incompatible operation operation-2")
                    .asRuntimeException()))
        .isInstanceOf(CloudException.Conflict.class);
    // any other precondition is the user's to fix
    CloudException other =
        GcpErrors.translate(
            "container.X",
            Status.FAILED_PRECONDITION
                .withDescription(
                    "Workload Identity requires the IAM Service Account Credentials API")
                .asRuntimeException());
    assertThat(other).isInstanceOf(CloudException.InvalidRequest.class);
    assertThat(other.retryable()).isFalse();
    assertThat(reason(other)).isEqualTo("FailedPrecondition");
  }

  @Test
  void quotaIsPermissionDeniedWithAQuotaMessageAndResourceExhaustedIsTheRateLimit() {
    CloudException quota =
        GcpErrors.translate(
            "container.X",
            Status.PERMISSION_DENIED
                .withDescription(
                    "Insufficient regional quota to satisfy request: resource \"CPUS\"")
                .asRuntimeException());
    // looked at again slowly (the engine's QuotaExceeded delay), as the user raises the quota
    assertThat(reason(quota)).isEqualTo("QuotaExceeded");

    com.google.rpc.Status rate =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
            .setMessage(
                "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute'")
            .addDetails(
                Any.pack(
                    RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(20))
                        .build()))
            .build();
    assertThat(translate(rate))
        .isInstanceOfSatisfying(
            CloudException.Throttled.class,
            t -> assertThat(t.retryAfter()).contains(Duration.ofSeconds(20)));
    assertThat(translate(Status.RESOURCE_EXHAUSTED)).isInstanceOf(CloudException.Throttled.class);
  }
}
