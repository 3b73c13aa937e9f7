package io.strato.provisioning.cluster.gke;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.GkeDto;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.PrivateClusterDto;
import io.strato.cloud.gcp.cluster.GkeSpecs;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.Validation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GkeValidatorTest {

  static List<FieldError> errors(ClusterSpecDto spec) {
    Validation v = new Validation();
    GkeValidator.validate(v, spec);
    return v.errors();
  }

  static ClusterSpecDto valid() {
    return GkeSpecs.spec(
        "1.31",
        GkeSpecs.gke(null),
        List.of(GkeSpecs.pool("web", 2, 2, null), GkeSpecs.pool("batch", 0, 5, 1)));
  }

  static GkeDto gke(String channel, PrivateClusterDto priv, List<String> cidrs, String window) {
    return new GkeDto(
        "demo-project", "europe-west1", channel, "default", null, priv, cidrs, true, window);
  }

  @Test
  void aCompleteSpecIsValid() {
    assertThat(errors(valid())).isEmpty();
    assertThat(
            errors(
                GkeSpecs.spec(
                    "1.31.6-gke.1020000",
                    GkeSpecs.gke(null),
                    List.of(GkeSpecs.pool("web", 1, 1, null)))))
        .isEmpty();
  }

  @Test
  void theGkeBlockAndANodePoolAreRequiredAndTheAwsNetworkIsRefused() {
    ClusterSpecDto spec =
        new ClusterSpecDto(
            "gcp",
            "gke",
            "1.31",
            new NetworkDto("vpc-12345678", null, Map.of("a", "b")),
            null,
            null,
            null,
            List.of(),
            null,
            null);
    assertThat(errors(spec))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("spec.network", "spec.gke", "spec.nodeGroups");
    assertThat(errors(spec).get(0).message()).isEqualTo("applies to aws clusters only");
  }

  @Test
  void otherTypesBlocksAreRefused() {
    ClusterSpecDto spec =
        new ClusterSpecDto(
            "gcp",
            "gke",
            "1.31",
            null,
            new ClusterSpecDto.EksDto("arn:aws:iam::123456789012:role/x", null, null, null),
            null,
            new ClusterSpecDto.EcsDto(false, null),
            List.of(GkeSpecs.pool("web", 1, 1, null)),
            null,
            GkeSpecs.gke(null));
    assertThat(errors(spec))
        .extracting(e -> e.field() + ": " + e.message())
        .containsExactlyInAnyOrder(
            "spec.eks: applies to type eks only", "spec.ecs: applies to type ecs only");
  }

  @Test
  void aReleaseChannelExcludesAVersionAndNeedsAutoUpgrade() {
    ClusterNodeGroupDto noUpgrade =
        new ClusterNodeGroupDto(
            "web",
            null,
            "e2-standard-4",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            1,
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            null);
    var errors = errors(GkeSpecs.spec("1.31", gke("FAST", null, null, null), List.of(noUpgrade)));
    assertThat(errors)
        .extracting(e -> e.field() + ": " + e.message())
        .containsExactlyInAnyOrder(
            "spec.gke.releaseChannel: must be RAPID, REGULAR, STABLE or EXTENDED (billed extended"
                + " support)",
            "spec.version: conflicts with spec.gke.releaseChannel: a channel chooses the version;"
                + " give one of the two",
            "spec.nodeGroups[0].autoUpgrade: GKE requires auto-upgrade on node pools of a release"
                + " channel cluster");
  }

  @Test
  void versionsAreGkeVersionsOrGkesAliases() {
    for (String alias : List.of("latest", "-", "1.33", "1.33.2", "1.33.2-gke.1000")) {
      assertThat(
              errors(
                  GkeSpecs.spec(
                      alias, GkeSpecs.gke(null), List.of(GkeSpecs.pool("a", 1, 1, null)))))
          .isEmpty();
    }
    for (String bad : List.of("v1.31", "1.31.6-gke", "2.0", "newest", "1.31.x")) {
      assertThat(
              errors(
                  GkeSpecs.spec(bad, GkeSpecs.gke(null), List.of(GkeSpecs.pool("a", 1, 1, null)))))
          .extracting(FieldError::field)
          .containsExactly("spec.version");
    }
  }

  @Test
  void thePrivateControlPlaneNeedsA28AndPrivateNodes() {
    var noCidr =
        errors(
            GkeSpecs.spec(
                "1.31",
                gke(null, new PrivateClusterDto(true, false, null), null, null),
                List.of(GkeSpecs.pool("a", 1, 1, null))));
    assertThat(noCidr)
        .extracting(FieldError::field)
        .containsExactly("spec.gke.privateCluster.masterCidr");
    var wide =
        errors(
            GkeSpecs.spec(
                "1.31",
                gke(null, new PrivateClusterDto(true, false, "172.16.0.0/24"), null, null),
                List.of(GkeSpecs.pool("a", 1, 1, null))));
    assertThat(wide)
        .extracting(FieldError::message)
        .containsExactly(
            "must be a /28, such as 172.16.0.0/28 (GKE's size for the control plane's range)");
    var endpointOnly =
        errors(
            GkeSpecs.spec(
                "1.31",
                gke(null, new PrivateClusterDto(false, true, null), null, null),
                List.of(GkeSpecs.pool("a", 1, 1, null))));
    assertThat(endpointOnly)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.gke.privateCluster.privateEndpoint", "spec.gke.masterAuthorizedNetworks");
    var endpointWithoutNetworks =
        errors(
            GkeSpecs.spec(
                "1.31",
                gke(null, new PrivateClusterDto(true, true, "172.16.0.0/28"), List.of(), null),
                List.of(GkeSpecs.pool("a", 1, 1, null))));
    assertThat(endpointWithoutNetworks)
        .extracting(e -> e.field() + ": " + e.message())
        .containsExactly(
            "spec.gke.masterAuthorizedNetworks: required with privateCluster.privateEndpoint: list"
                + " the CIDRs that may reach the private control plane");
    var endpointWithNetworks =
        errors(
            GkeSpecs.spec(
                "1.31",
                gke(
                    null,
                    new PrivateClusterDto(true, true, "172.16.0.0/28"),
                    List.of("10.0.0.0/8"),
                    null),
                List.of(GkeSpecs.pool("a", 1, 1, null))));
    assertThat(endpointWithNetworks).isEmpty();
  }

  @Test
  void authorizedNetworksAndTheMaintenanceWindowAreChecked() {
    var errors =
        errors(
            GkeSpecs.spec(
                "1.31",
                gke(null, null, List.of("10.0.0.0/8", "nope"), "25:00"),
                List.of(GkeSpecs.pool("a", 1, 1, null))));
    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.gke.masterAuthorizedNetworks[1]", "spec.gke.maintenanceWindowStart");
  }

  @Test
  void nodePoolsRefuseAwsFieldsWithTheirPaths() {
    ClusterNodeGroupDto eksLike =
        new ClusterNodeGroupDto(
            "1web",
            "ami-12345678",
            null,
            List.of("m6i.large"),
            "SPOT",
            "AL2023_x86_64_STANDARD",
            5,
            "arn:aws:iam::123456789012:role/n",
            "profile",
            "key",
            List.of("sg-12345678"),
            "#!",
            List.of("subnet-12345678"),
            3,
            2,
            null,
            null,
            null,
            List.of(new TaintDto("k", "v", "Sometimes")),
            null,
            Map.of("Team", "x"),
            null,
            null,
            null,
            null,
            List.of("mars-1"),
            "all");
    var fields =
        errors(GkeSpecs.spec("1.31", GkeSpecs.gke(null), List.of(eksLike))).stream()
            .map(FieldError::field)
            .toList();
    assertThat(fields)
        .contains(
            "spec.nodeGroups[0].name",
            "spec.nodeGroups[0].nodeRole",
            "spec.nodeGroups[0].amiType",
            "spec.nodeGroups[0].capacityType",
            "spec.nodeGroups[0].instanceTypes",
            "spec.nodeGroups[0].imageId",
            "spec.nodeGroups[0].userData",
            "spec.nodeGroups[0].subnetIds",
            "spec.nodeGroups[0].securityGroups",
            "spec.nodeGroups[0].keyName",
            "spec.nodeGroups[0].instanceProfile",
            "spec.nodeGroups[0].instanceType",
            "spec.nodeGroups[0].maxSize",
            "spec.nodeGroups[0].sizeScope",
            "spec.nodeGroups[0].diskSize",
            "spec.nodeGroups[0].locations[0]",
            "spec.nodeGroups[0].nodeTaints[0].effect",
            "spec.nodeGroups[0].tags.Team");
  }

  @Test
  void totalSizesApplyToAutoscaledPoolsOnly() {
    ClusterNodeGroupDto fixedTotal =
        new ClusterNodeGroupDto(
            "web",
            null,
            "e2-standard-4",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            3,
            3,
            3,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "total");
    assertThat(errors(GkeSpecs.spec("1.31", GkeSpecs.gke(null), List.of(fixedTotal))))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.nodeGroups[0].sizeScope", "spec.nodeGroups[0].desiredCapacity");
  }

  @Test
  void labelsFollowGcpRulesAndStratoLabelsAreReserved() {
    ClusterSpecDto spec =
        new ClusterSpecDto(
            "gcp",
            "gke",
            "1.31",
            null,
            null,
            null,
            null,
            List.of(GkeSpecs.pool("web", 1, 1, null)),
            Map.of("strato-owner", "x", "cost-center", "Has Spaces"),
            GkeSpecs.gke(null));
    assertThat(errors(spec))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("spec.tags.strato-owner", "spec.tags.cost-center");
  }
}
