package io.strato.provisioning.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.provisioning.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterValidatorTest {

  static final List<String> IDS = List.of("subnet-0000000a", "subnet-0000000b", "subnet-0000000c");
  static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  static final String SUBNETS = ClusterSpecs.subnets(IDS, ZONES);
  static final String AMI = "ami-12345678";

  private static List<String> fields(String json) {
    return ClusterValidator.validate("prod", ClusterSpecs.parse(json)).stream()
        .map(FieldError::field)
        .toList();
  }

  private static List<FieldError> errors(String json) {
    return ClusterValidator.validate("prod", ClusterSpecs.parse(json));
  }

  @Test
  void theExampleSpecsOfEachTypeAreValid() {
    assertThat(errors(ClusterSpecs.eks(SUBNETS, "1.31", 2))).isEmpty();
    assertThat(errors(ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2))).isEmpty();
    assertThat(errors(ClusterSpecs.ecs(SUBNETS, AMI, 2, "nginx:1.27"))).isEmpty();
  }

  @Test
  void aSelfManagedClusterNeedsAnInstanceProfileForItsControlPlaneAndEveryWorkerGroup() {
    String withoutProfiles =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2)
            .replace("\"instanceProfile\": \"strato-control-plane\",", "")
            .replace("\"instanceProfile\": \"strato-node\",", "");

    assertThat(fields(withoutProfiles))
        .containsExactlyInAnyOrder(
            "spec.selfManaged.instanceProfile", "spec.nodeGroups[0].instanceProfile");
  }

  @Test
  void unknownPodNetworkAndBootstrapChoicesAreRefusedWithTheKnownOnes() {
    String spec =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.33", 2)
            .replace(
                "\"apiLoadBalancerScheme\": \"internal\"",
                "\"apiLoadBalancerScheme\": \"internal\", \"cni\": \"weave\","
                    + " \"bootstrap\": \"maybe\"");

    List<FieldError> e = errors(spec);
    assertThat(e)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("spec.selfManaged.cni", "spec.selfManaged.bootstrap");
    assertThat(e).extracting(FieldError::message).anyMatch(m -> m.contains("flannel, none"));
    assertThat(e)
        .extracting(FieldError::message)
        .anyMatch(m -> m.contains("preinstalled, install"));
    String chosen =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.33", 2)
            .replace(
                "\"apiLoadBalancerScheme\": \"internal\"",
                "\"apiLoadBalancerScheme\": \"internal\", \"cni\": \"none\","
                    + " \"bootstrap\": \"install\"");
    assertThat(errors(chosen)).isEmpty();
  }

  @Test
  void anUnknownVersionIsRefusedWithTheSupportedOnes() {
    List<FieldError> e = errors(ClusterSpecs.eks(SUBNETS, "1.12", 2));
    assertThat(e).extracting(FieldError::field).containsExactly("spec.version");
    assertThat(e.get(0).message()).contains("1.31");
  }

  @Test
  void fewerThanThreeZonesIsRefused() {
    String two =
        ClusterSpecs.subnets(
            IDS, List.of("us-east-1a", "us-east-1b", "us-east-1b")); // third shares a zone
    List<FieldError> e = errors(ClusterSpecs.selfManaged(two, AMI, "1.31", 2));
    assertThat(e).extracting(FieldError::field).containsExactly("spec.network.subnets");
    assertThat(e.get(0).message()).contains("at least 3 zones").contains("got 2");
  }

  @Test
  void settingsOfAnotherTypeConflict() {
    String eksWithSelfManaged =
        ClusterSpecs.eks(SUBNETS, "1.31", 2)
            .replace(
                "\"tags\": {\"team\"",
                "\"selfManaged\": {\"imageId\": \"ami-12345678\", \"instanceType\": \"m6i.large\"},"
                    + " \"tags\": {\"team\"");
    assertThat(fields(eksWithSelfManaged)).containsExactly("spec.selfManaged");

    String ecsWithVersion =
        ClusterSpecs.ecs(SUBNETS, AMI, 2, "nginx")
            .replace("\"type\": \"ecs\",", "\"type\": \"ecs\", \"version\": \"1.31\",");
    assertThat(fields(ecsWithVersion)).containsExactly("spec.version");
  }

  @Test
  void subnetsAndDiscoveryAreExclusiveAndDiscoveryNeedsAVpc() {
    String both =
        ClusterSpecs.eks(SUBNETS, "1.31", 2)
            .replace(
                "\"network\": {",
                "\"network\": {\"discoverByTags\": {\"kubernetes.io/role/elb\": \"1\"}, ");
    assertThat(fields(both)).containsExactly("spec.network");
    String noVpc =
        ClusterSpecs.eks(SUBNETS, "1.31", 2)
            .replace(
                "\"network\": {\"subnets\": " + SUBNETS + "}",
                "\"network\": {\"discoverByTags\": {\"kubernetes.io/role/elb\": \"1\"}}");
    assertThat(fields(noVpc)).containsExactly("spec.network.vpcId");
  }

  @Test
  void replicasMustKeepEtcdQuorum() {
    String four =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2)
            .replace("\"replicas\": 3", "\"replicas\": 4");
    assertThat(fields(four)).containsExactly("spec.selfManaged.replicas");
  }

  @Test
  void nodeGroupErrorsAreRootedAtTheNodeGroup() {
    String bad =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2)
            .replace("\"minSize\": 1, \"maxSize\": 10", "\"minSize\": 4, \"maxSize\": 2")
            .replace(
                "\"nodeLabels\": {\"role\": \"worker\"}",
                "\"nodeLabels\": {\"role\": \"worker\"}, \"capacityType\": \"SPOT\"");
    assertThat(fields(bad))
        .containsExactlyInAnyOrder(
            "spec.nodeGroups[0].capacityType",
            "spec.nodeGroups[0].maxSize",
            "spec.nodeGroups[0].desiredCapacity");
  }

  @Test
  void eksNodeGroupsNeedARoleAndRefuseScalingPolicies() {
    String bad =
        ClusterSpecs.eks(SUBNETS, "1.31", 2)
            .replace(
                "\"nodeRole\": \"arn:aws:iam::123456789012:role/strato-eks-node\",",
                "\"scaling\": {\"metric\": \"cpu\", \"target\": 50},");
    assertThat(fields(bad))
        .containsExactlyInAnyOrder("spec.nodeGroups[0].nodeRole", "spec.nodeGroups[0].scaling");
  }

  @Test
  void ecsServicesNeedExactlyOneTaskSourceAndCapacity() {
    String both =
        ClusterSpecs.ecs(SUBNETS, AMI, 2, "nginx")
            .replace("\"desiredCount\": 2,", "\"desiredCount\": 2, \"taskDefinition\": \"web:3\",");
    assertThat(fields(both)).containsExactly("spec.ecs.services[0]");
    String noCapacity =
        ClusterSpecs.ecs(SUBNETS, AMI, 2, "nginx").replaceAll("(?s)\"nodeGroups\": \\[.*?\\],", "");
    assertThat(fields(noCapacity)).containsExactly("spec.nodeGroups");
  }

  @Test
  void eachProviderHasItsOwnTypes() {
    assertThat(fields(ClusterSpecs.eks(SUBNETS, "1.31", 2).replace("\"aws\"", "\"gcp\"")))
        .containsExactly("spec.type");
    assertThat(fields(ClusterSpecs.eks(SUBNETS, "1.31", 2).replace("\"aws\"", "\"azure\"")))
        .containsExactly("spec.provider");
  }

  @Test
  void aReplacedBootstrapTemplateWithAnUnknownVariableIsRefused() {
    String bad =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2)
            .replace(
                "\"apiLoadBalancerScheme\": \"internal\"",
                "\"apiLoadBalancerScheme\": \"internal\", \"workerTemplate\": \"#!/bin/sh\\nkubeadm join ${apiEndpoint} --token ${tokn}\"");
    List<FieldError> e = errors(bad);
    assertThat(e).extracting(FieldError::field).containsExactly("spec.selfManaged.workerTemplate");
    assertThat(e.get(0).message()).contains("tokn");
  }

  /** The self-managed spec with these rollout blocks (JSON objects, or null for none). */
  static String withRollouts(String controlPlane, String workers) {
    String spec = ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2);
    if (controlPlane != null) {
      spec =
          spec.replace(
              "\"apiLoadBalancerScheme\": \"internal\"}",
              "\"apiLoadBalancerScheme\": \"internal\", \"rollout\": " + controlPlane + "}");
    }
    if (workers != null) {
      spec =
          spec.replace(
              "\"nodeLabels\": {\"role\": \"worker\"}}",
              "\"nodeLabels\": {\"role\": \"worker\"}, \"rollout\": " + workers + "}");
    }
    return spec;
  }

  /** The self-managed spec with this backup block and restoreFrom (JSON, or null for none). */
  static String withBackup(String backup, String restoreFrom) {
    String extra = backup == null ? "" : ", \"backup\": " + backup;
    extra += restoreFrom == null ? "" : ", \"restoreFrom\": \"" + restoreFrom + "\"";
    return ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2)
        .replace(
            "\"apiLoadBalancerScheme\": \"internal\"}",
            "\"apiLoadBalancerScheme\": \"internal\"" + extra + "}");
  }

  @Test
  void etcdBackupSchedulesThatParseAreAccepted() {
    assertThat(errors(withBackup(null, null))).isEmpty();
    for (String schedule : List.of("5m", "30m", "1h", "12h", "1d", "7d")) {
      assertThat(errors(withBackup("{\"schedule\": \"" + schedule + "\"}", null)))
          .as(schedule)
          .isEmpty();
    }
    assertThat(
            errors(
                withBackup(
                    "{\"schedule\": \"6h\", \"retentionDays\": 1, \"deleteWithCluster\": true}",
                    "s3://strato-etcd-old-0123456789abcdef/etcd-snapshots/20261201T000000Z-ip.db")))
        .isEmpty();
  }

  @Test
  void anEtcdBackupScheduleThatDoesNotParseOrARetentionBelowADayIsRefusedNamingTheField() {
    for (String schedule : List.of("hourly", "1", "1w", "0h", "4m", "8d", "*-*-* *:00:00", "")) {
      List<FieldError> e = errors(withBackup("{\"schedule\": \"" + schedule + "\"}", null));
      assertThat(e)
          .as(schedule)
          .extracting(FieldError::field)
          .containsExactly("spec.selfManaged.backup.schedule");
      assertThat(e.get(0).message()).contains("e.g. 30m, 1h, 1d");
    }
    assertThat(errors(withBackup("{\"retentionDays\": 0}", null)))
        .extracting(FieldError::field)
        .containsExactly("spec.selfManaged.backup.retentionDays");
    // A snapshot every two days kept one day: each would expire before the next is taken.
    assertThat(errors(withBackup("{\"schedule\": \"2d\", \"retentionDays\": 1}", null)))
        .extracting(FieldError::field)
        .containsExactly("spec.selfManaged.backup.schedule");
    assertThat(errors(withBackup(null, "etcd-snapshots/x.db")))
        .extracting(FieldError::field)
        .containsExactly("spec.selfManaged.restoreFrom");
  }

  @Test
  void rolloutBoundsThatCanHoldAreAccepted() {
    assertThat(
            errors(withRollouts("{\"maxSurge\": 1, \"maxUnavailable\": 0}", "{\"maxSurge\": 2}")))
        .isEmpty();
    assertThat(
            errors(
                withRollouts(
                    "{\"maxSurge\": 0, \"maxUnavailable\": 1}", "{\"maxUnavailable\": 3}")))
        .isEmpty();
  }

  @Test
  void aRolloutThatCouldNeverMoveIsRefusedNamingTheField() {
    List<FieldError> errors =
        errors(withRollouts("{\"maxSurge\": 0}", "{\"maxSurge\": 0, \"maxUnavailable\": 0}"));
    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.selfManaged.rollout.maxUnavailable", "spec.nodeGroups[0].rollout.maxUnavailable");
    assertThat(errors).allSatisfy(e -> assertThat(e.message()).contains("cannot both be 0"));
  }

  @Test
  void aControlPlaneRolloutMayNeitherLoseEveryMemberNorItsQuorum() {
    List<FieldError> all = errors(withRollouts("{\"maxUnavailable\": 3}", null));
    assertThat(all)
        .extracting(FieldError::field)
        .containsExactly("spec.selfManaged.rollout.maxUnavailable");
    assertThat(all.get(0).message()).contains("less than the 3 control-plane replicas");

    List<FieldError> quorum = errors(withRollouts("{\"maxUnavailable\": 2}", null));
    assertThat(quorum)
        .extracting(FieldError::field)
        .containsExactly("spec.selfManaged.rollout.maxUnavailable");
    assertThat(quorum.get(0).message()).contains("quorum of 2");

    assertThat(fields(withRollouts("{\"maxSurge\": -1}", null)))
        .containsExactly("spec.selfManaged.rollout.maxSurge");
  }

  @Test
  void aStoredRolloutThatCannotHoldIsTheUsersToFixNotARetry() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ClusterNodeGroups.rollout(
                    new ClusterSpecDto.RolloutDto(0, 0), "nodeGroups[workers].rollout"))
        .isInstanceOfSatisfying(
            io.strato.cloud.CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("InvalidRollout"))
        .hasMessageContaining("nodeGroups[workers].rollout");
  }
}
