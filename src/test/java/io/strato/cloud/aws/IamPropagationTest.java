package io.strato.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.strato.cloud.CloudException;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.crash.StratoProcess;
import io.strato.provisioning.store.ResourceKey;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.CalledActions;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * IAM is eventually consistent (issue 15, "Errors that heal"): a node group naming an instance
 * profile Terraform has just created meets "Invalid IAM Instance Profile" for a while. Strato
 * retries it and the group comes up, instead of turning Failed for good.
 */
class IamPropagationTest {

  private static final MotoServer MOTO = MotoServer.shared();

  @Test
  void aFreshInstanceProfileIsRetriedUntilAutoScalingSeesIt() throws Exception {
    var network = AwsFixtures.network(MOTO.clients().ec2(), null);
    String ami = AwsFixtures.imageId(MOTO.clients().ec2());
    String spec =
        """
        {"spec": {"imageId": "%s", "instanceType": "t3.small", "instanceProfile": "strato-fresh",
                  "subnetIds": ["%s"], "minSize": 0, "maxSize": 1, "desiredCapacity": 0}}
        """
            .formatted(ami, network.privateSubnets().get(0));
    ResourceKey key = new ResourceKey("NodeGroup", "fresh");
    try (IamLagProxy proxy = new IamLagProxy(MOTO.endpoint(), 2);
        AwsClients viaProxy =
            new AwsClients(
                new AwsSettings(
                    MotoServer.REGION,
                    Optional.of(proxy.endpoint()),
                    Optional.of(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("test", "test"))),
                    3),
                CalledActions.metrics(),
                List.of());
        StratoProcess p = new StratoProcess(Files.createTempDirectory("iam-lag-"), viaProxy)) {
      p.nodeGroups.apply(
          "fresh",
          p.json.readValue(spec, new TypeReference<ApplyRequest<NodeGroupSpecDto>>() {}),
          null,
          Caller.inProcessAdmin());

      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> p.reconcileAll(1))
            .as("IAM lag is retried by the engine, not reported as a user error")
            .isInstanceOf(CloudException.Transient.class)
            .hasMessageContaining("Invalid IAM Instance Profile");
        assertThat(p.phase(key)).isNotEqualTo("Failed");
      }
      for (int i = 0; i < 10 && !p.phase(key).equals("Ready"); i++) {
        p.reconcileAll(1);
      }
      assertThat(p.phase(key)).isEqualTo("Ready");
      assertThat(proxy.refused()).isEqualTo(2);
    }
  }

  @Test
  void onlyTheKnownIamAnswersAreTransient() {
    assertThat(
            AwsErrors.iamNotYetVisible(
                "InvalidParameterException",
                "Role with arn: arn:aws:iam::123456789012:role/strato-eks could not be assumed"
                    + " because it does not exist or the trusted entity is not correct"))
        .isTrue();
    assertThat(AwsErrors.iamNotYetVisible("ValidationError", "Max bound, 3, must be >= 5"))
        .isFalse();
    assertThat(
            AwsErrors.iamNotYetVisible(
                "InvalidParameterException", "unsupported Kubernetes version 1.20"))
        .isFalse();
  }
}
