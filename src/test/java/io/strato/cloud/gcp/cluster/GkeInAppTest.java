package io.strato.cloud.gcp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.strato.cloud.Deletion;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.testsupport.MotoResource;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GKE driver as the application builds it (the gRPC client and the built-in fake inside
 * Quarkus, with Quarkus's own versions of protobuf and guava on the class path): a cluster is
 * created to ready and deleted to gone.
 */
@QuarkusTest
@TestProfile(FakeGkeProfile.class)
@WithTestResource(MotoResource.class)
class GkeInAppTest {

  @Inject GkeClusterDriver driver;

  @Test
  void theApplicationsGkeDriverCreatesAndDeletesAClusterOnTheBuiltInFake() {
    ClusterContext ctx =
        GkeSpecs.context(
            "inapp",
            "6f1c2b7e-1111-4a2b-8c3d-000000000001",
            GkeSpecs.spec(
                "1.31",
                new io.strato.cloud.cluster.ClusterSpecDto.GkeDto(
                    null, null, null, null, null, null, null, null, null),
                List.of(GkeSpecs.pool("web", 1, 1, null))));

    ClusterProgress last = null;
    for (int i = 0; i < 10 && (last == null || !last.ready()); i++) {
      last = driver.reconcile(ctx);
    }
    assertThat(last.ready()).isTrue();
    // the project comes from strato.gcp.project, the location from the fake's default
    assertThat(last.outputs().arn()).contains("/projects/strato-test/locations/us-central1/");

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < 10 && d != Deletion.GONE; i++) {
      d = driver.delete(ctx);
    }
    assertThat(d).isEqualTo(Deletion.GONE);
  }
}
