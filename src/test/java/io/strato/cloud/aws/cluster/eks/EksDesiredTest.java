package io.strato.cloud.aws.cluster.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.eks.EksClusterConfig;
import io.strato.cloud.aws.eks.EksEndpointAccess;
import io.strato.cloud.aws.eks.EksScaling;
import io.strato.cloud.aws.eks.EksTaint;
import io.strato.cloud.aws.eks.EksUpdateConfig;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EKS request a spec turns into: no cloud involved. */
class EksDesiredTest {

  @Test
  void clusterCarriesSpecNetworkAccessLoggingAndOwnerTags() {
    EksClusterConfig config = EksDesired.cluster(EksScenario.context());

    assertThat(config.name()).isEqualTo(EksNames.cluster("prod", EksScenario.UID));
    assertThat(config.roleArn()).isEqualTo(EksScenario.ROLE);
    assertThat(config.version()).isEqualTo("1.29");
    assertThat(config.subnetIds()).hasSize(3);
    assertThat(config.securityGroupIds()).containsExactly("sg-0123456789abcdef0");
    assertThat(config.endpointAccess())
        .isEqualTo(new EksEndpointAccess(true, false, List.of("203.0.113.0/24")));
    assertThat(config.logTypes()).containsExactlyInAnyOrder("api", "audit");
    assertThat(config.tags())
        .containsEntry("team", "platform")
        .containsEntry("strato.io/owner", EksScenario.UID)
        .containsEntry("kubernetes.io/cluster/prod", "owned");
    assertThat(EksDesired.cluster(EksScenario.context()).clientRequestToken())
        .as("same spec, same token")
        .isEqualTo(config.clientRequestToken());
  }

  @Test
  void endpointDefaultsArePublicOnlyFromAnywhere() {
    assertThat(EksDesired.endpointAccess(null))
        .isEqualTo(new EksEndpointAccess(true, false, List.of("0.0.0.0/0")));
    assertThat(
            EksDesired.endpointAccess(new ClusterSpecDto.EndpointAccessDto(null, true, List.of())))
        .isEqualTo(new EksEndpointAccess(true, true, List.of("0.0.0.0/0")));
  }

  @Test
  void userTagsCannotTakeOverOwnership() {
    ClusterSpecDto spec = EksScenario.spec();
    ClusterSpecDto hijack =
        new ClusterSpecDto(
            spec.provider(),
            spec.type(),
            spec.version(),
            spec.network(),
            spec.eks(),
            null,
            null,
            spec.nodeGroups(),
            Map.of("strato.io/owner", "someone-else"));
    assertThat(EksDesired.cluster(EksScenario.context(hijack)).tags())
        .containsEntry("strato.io/owner", EksScenario.UID);
  }

  @Test
  void nodegroupDefaultsAndMappings() {
    List<DesiredNodegroup> groups = EksDesired.nodegroups(EksScenario.context());

    DesiredNodegroup general = groups.get(0);
    assertThat(general.specName()).isEqualTo("general");
    assertThat(general.config().subnetIds()).as("the cluster's").hasSize(3);
    assertThat(general.config().instanceTypes()).containsExactly("m6i.large");
    assertThat(general.config().capacityType()).isEqualTo("ON_DEMAND");
    assertThat(general.config().scaling()).isEqualTo(new EksScaling(2, 6, 2));
    assertThat(general.desiredSizePinned()).isFalse();

    DesiredNodegroup batch = groups.get(1);
    assertThat(batch.config().subnetIds()).containsExactly(EksScenario.SUBNETS.get(0).id());
    assertThat(batch.config().instanceTypes()).containsExactly("c6i.xlarge", "c6a.xlarge");
    assertThat(batch.config().taints())
        .containsExactly(new EksTaint("dedicated", "batch", "NO_SCHEDULE"));
    assertThat(batch.config().updateConfig()).isEqualTo(new EksUpdateConfig(null, 33));
    assertThat(batch.config().tags())
        .containsEntry("cost-center", "ml")
        .containsEntry("team", "platform")
        .containsEntry("strato.io/owner", EksScenario.UID);
    assertThat(batch.desiredSizePinned()).isTrue();
  }

  @Test
  void taintEffectsUseEksSpelling() {
    assertThat(EksDesired.taint(new TaintDto("a", "b", "PreferNoSchedule")).effect())
        .isEqualTo("PREFER_NO_SCHEDULE");
    assertThat(EksDesired.taint(new TaintDto("a", null, "NoExecute")).effect())
        .isEqualTo("NO_EXECUTE");
    assertThatThrownBy(() -> EksDesired.taint(new TaintDto("a", "b", "Sometimes")))
        .isInstanceOf(CloudException.InvalidRequest.class);
  }

  @Test
  void aSpecWithoutRoleIsRefusedBeforeAnyCall() {
    ClusterSpecDto noRole =
        EksScenario.withEks(EksScenario.spec(), new EksDto(null, null, null, null));
    assertThatThrownBy(() -> EksDesired.cluster(EksScenario.context(noRole)))
        .isInstanceOf(CloudException.InvalidRequest.class)
        .hasMessageContaining("roleArn");
  }
}
