package io.strato.cloud.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.instance.InstanceState;
import io.strato.cloud.instance.NodeAddress;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstancePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceStatus;

/** The pure parts of the instance look-up: no emulator. */
class AwsInstancesParsingTest {

  @Test
  void readsTheInstanceIdFromEveryProviderIdFormCloudProviderAwsWrites() {
    assertThat(AwsInstanceIds.instanceId("aws:///us-east-1a/i-0123456789abcdef0"))
        .contains("i-0123456789abcdef0");
    assertThat(AwsInstanceIds.instanceId("aws:////i-0123456789abcdef0"))
        .contains("i-0123456789abcdef0");
    assertThat(AwsInstanceIds.instanceId("i-12345678")).contains("i-12345678");
  }

  @Test
  void aProviderIdThatNamesNoEc2InstanceYieldsNothing() {
    assertThat(AwsInstanceIds.instanceId(null)).isEmpty();
    assertThat(AwsInstanceIds.instanceId("")).isEmpty();
    assertThat(AwsInstanceIds.instanceId("gce://project/zone/vm-1")).isEmpty();
    assertThat(AwsInstanceIds.instanceId("aws:///us-east-1a/fargate-ip-10-0-1-5.ec2.internal"))
        .isEmpty();
    assertThat(AwsInstanceIds.instanceId("aws:///us-east-1a/i-0123/extra")).isEmpty();
  }

  @Test
  void aResourceBasedHostNameNamesItsInstance() {
    assertThat(AwsInstanceIds.fromNodeName("i-0123456789abcdef0")).contains("i-0123456789abcdef0");
    assertThat(AwsInstanceIds.fromNodeName("i-0123456789abcdef0.us-west-2.compute.internal"))
        .contains("i-0123456789abcdef0");
    assertThat(AwsInstanceIds.fromNodeName("ip-10-0-1-5.ec2.internal")).isEmpty();
    assertThat(AwsInstanceIds.fromNodeName("i-am-a-node")).isEmpty();
    assertThat(AwsInstanceIds.fromNodeName(null)).isEmpty();
  }

  @Test
  void anInterfaceThatIsNotInUseGivesNoAddress() {
    Instance instance =
        Instance.builder()
            .privateIpAddress("10.0.1.5")
            .networkInterfaces(
                eni(0, NetworkInterfaceStatus.IN_USE, "10.0.1.5", "10.0.1.6"),
                eni(1, NetworkInterfaceStatus.DETACHING, "10.0.2.7"),
                eni(2, null, "10.0.3.9"))
            .build();

    assertThat(AwsInstanceMetadata.addresses(instance))
        .extracting(NodeAddress::address)
        .containsExactly("10.0.1.5", "10.0.1.6", "10.0.3.9");
  }

  private static InstanceNetworkInterface eni(
      int deviceIndex, NetworkInterfaceStatus status, String... ips) {
    return InstanceNetworkInterface.builder()
        .status(status)
        .attachment(a -> a.deviceIndex(deviceIndex))
        .privateIpAddress(ips[0])
        .privateIpAddresses(
            java.util.Arrays.stream(ips)
                .map(ip -> InstancePrivateIpAddress.builder().privateIpAddress(ip).build())
                .toList())
        .build();
  }

  @Test
  void writesTheProviderIdKubernetesExpects() {
    assertThat(AwsInstanceIds.providerId("eu-west-1b", "i-0abc12345"))
        .isEqualTo("aws:///eu-west-1b/i-0abc12345");
  }

  @Test
  void regionIsTheZoneWithoutItsLetter() {
    assertThat(AwsZones.region("us-east-1a", "x")).isEqualTo("us-east-1");
    assertThat(AwsZones.region("eu-central-2c", "x")).isEqualTo("eu-central-2");
    assertThat(AwsZones.region("us-gov-west-1a", "x")).isEqualTo("us-gov-west-1");
    assertThat(AwsZones.region("ap-southeast-4b", "x")).isEqualTo("ap-southeast-4");
  }

  @Test
  void localAndWavelengthZonesNameTheirParentRegion() {
    assertThat(AwsZones.region("us-west-2-lax-1a", "x")).isEqualTo("us-west-2");
    assertThat(AwsZones.region("us-east-1-wl1-bos-wlz-1", "x")).isEqualTo("us-east-1");
  }

  @Test
  void aZoneThatSaysNothingFallsBackToTheClientsRegion() {
    assertThat(AwsZones.region(null, "us-east-1")).isEqualTo("us-east-1");
    assertThat(AwsZones.region("use1-az1", "us-east-1")).isEqualTo("us-east-1");
  }

  @Test
  void mapsEveryEc2State() {
    assertThat(AwsInstanceStates.of(InstanceStateName.PENDING)).isEqualTo(InstanceState.PENDING);
    assertThat(AwsInstanceStates.of(InstanceStateName.RUNNING)).isEqualTo(InstanceState.RUNNING);
    assertThat(AwsInstanceStates.of(InstanceStateName.STOPPING)).isEqualTo(InstanceState.STOPPING);
    assertThat(AwsInstanceStates.of(InstanceStateName.STOPPED)).isEqualTo(InstanceState.STOPPED);
    assertThat(AwsInstanceStates.of(InstanceStateName.SHUTTING_DOWN))
        .isEqualTo(InstanceState.SHUTTING_DOWN);
    assertThat(AwsInstanceStates.of(InstanceStateName.TERMINATED))
        .isEqualTo(InstanceState.TERMINATED);
  }

  @Test
  void anUnknownStateIsNeitherGoneNorShutdown() {
    InstanceState state = AwsInstanceStates.of(InstanceStateName.UNKNOWN_TO_SDK_VERSION);
    assertThat(state.gone()).isFalse();
    assertThat(state.shutdown()).isFalse();
    assertThat(AwsInstanceStates.of(null).gone()).isFalse();
  }
}
