package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static io.strato.provisioning.api.ApiScenarioSupport.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.provisioning.cluster.eks.EksVersions;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Quiet;
import io.strato.testsupport.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bad cluster spec gets a 4xx problem naming the field, stores nothing and calls no cloud. */
@QuarkusTest
@WithTestResource(MotoResource.class)
class ClusterBadInputTest {

  private static final String PATH = "/api/v1/clusters/prod";
  private static final String SUBNETS =
      ClusterSpecs.subnets(
          List.of("subnet-0000000a", "subnet-0000000b", "subnet-0000000c"),
          List.of("us-east-1a", "us-east-1b", "us-east-1c"));
  private static final String AMI = "ami-12345678";

  @Inject CloudCallMetrics calls;
  private long before;

  @BeforeEach
  void count() {
    Quiet.await(calls, Duration.ofMillis(700));
    before = calls.total();
  }

  @AfterEach
  void noCloudCall() {
    assertThat(calls.total()).as("no cloud call for invalid input").isEqualTo(before);
  }

  private void expect(String spec, int status, String... fields) {
    var then =
        operator()
            .body("{\"spec\": " + spec + "}")
            .put(PATH)
            .then()
            .statusCode(status)
            .contentType("application/problem+json")
            .body("status", equalTo(status));
    for (String field : fields) {
      then.body("errors.field", hasItem(field));
    }
    operator().get(PATH).then().statusCode(404);
  }

  @Test
  void anUnknownVersion() {
    expect(ClusterSpecs.eks(SUBNETS, "1.7", 2), 422, "spec.version");
  }

  @Test
  void fewerThanThreeZonesForAHighlyAvailableControlPlane() {
    String twoZones =
        ClusterSpecs.subnets(
            List.of("subnet-0000000a", "subnet-0000000b"), List.of("us-east-1a", "us-east-1b"));
    expect(ClusterSpecs.selfManaged(twoZones, AMI, "1.31", 1), 422, "spec.network.subnets");
  }

  @Test
  void anEksVersionOutOfStandardSupportNeedsTheSpecToAcceptExtendedSupport() {
    String extended =
        EksVersions.inExtendedSupport(LocalDate.now(ZoneOffset.UTC)).stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no EKS version in extended support"));
    expect(ClusterSpecs.eks(SUBNETS, extended, 2), 422, "spec.version");
    // 1.29's extended support ended on 2026-03-23: EKS offers it no more, flag or not.
    expect(
        ClusterSpecs.eks(SUBNETS, "1.29", 2)
            .replace("\"eks\": {", "\"eks\": {\"extendedSupport\": true, "),
        422,
        "spec.version");
  }

  @Test
  void eksRefusesAmazonLinux2From133AndMixedArchitectures() {
    String al2 =
        ClusterSpecs.eks(SUBNETS, ClusterSpecs.EKS_VERSION, 2)
            .replace("\"capacityType\"", "\"amiType\": \"AL2_x86_64\", \"capacityType\"");
    expect(al2, 422, "spec.nodeGroups[0].amiType");
    String mixed =
        ClusterSpecs.eks(SUBNETS, ClusterSpecs.EKS_VERSION, 2)
            .replace("[\"m6i.large\"]", "[\"m6i.large\", \"m7g.large\"]");
    expect(mixed, 422, "spec.nodeGroups[0].instanceTypes");
  }

  @Test
  void adminPrincipalsMustBeRoleOrUserArns() {
    String session =
        ClusterSpecs.eks(SUBNETS, ClusterSpecs.EKS_VERSION, 2)
            .replace(
                "\"eks\": {",
                "\"eks\": {\"adminPrincipals\":"
                    + " [\"arn:aws:sts::123456789012:assumed-role/admins/alice\"], ");
    expect(session, 422, "spec.eks.adminPrincipals[0]");
  }

  @Test
  void rolloutBoundsThatCannotHold() {
    String spec =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2)
            .replace(
                "\"apiLoadBalancerScheme\": \"internal\"}",
                "\"apiLoadBalancerScheme\": \"internal\","
                    + " \"rollout\": {\"maxSurge\": 0, \"maxUnavailable\": 3}}")
            .replace(
                "\"nodeLabels\": {\"role\": \"worker\"}}",
                "\"nodeLabels\": {\"role\": \"worker\"},"
                    + " \"rollout\": {\"maxSurge\": 0, \"maxUnavailable\": 0}}");
    expect(
        spec,
        422,
        "spec.selfManaged.rollout.maxUnavailable",
        "spec.nodeGroups[0].rollout.maxUnavailable");
  }

  @Test
  void etcdBackupSettingsThatCannotHold() {
    String spec =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "1.31", 2)
            .replace(
                "\"apiLoadBalancerScheme\": \"internal\"}",
                "\"apiLoadBalancerScheme\": \"internal\","
                    + " \"backup\": {\"schedule\": \"hourly\", \"retentionDays\": 0},"
                    + " \"restoreFrom\": \"snapshot.db\"}");
    expect(
        spec,
        422,
        "spec.selfManaged.backup.schedule",
        "spec.selfManaged.backup.retentionDays",
        "spec.selfManaged.restoreFrom");
  }

  @Test
  void conflictingFields() {
    String eksAndEcs =
        ClusterSpecs.eks(SUBNETS, "1.31", 2)
            .replace("\"tags\": {\"team\"", "\"ecs\": {\"services\": []}, \"tags\": {\"team\"");
    expect(eksAndEcs, 422, "spec.ecs");
    String bothNetworks =
        ClusterSpecs.eks(SUBNETS, "1.31", 2)
            .replace("\"network\": {", "\"network\": {\"discoverByTags\": {\"a\": \"b\"}, ");
    expect(bothNetworks, 422, "spec.network");
  }

  @Test
  void everyProblemAtOnce() {
    String bad =
        ClusterSpecs.selfManaged(SUBNETS, AMI, "2.0", 1)
            .replace("\"replicas\": 3", "\"replicas\": 2")
            .replace("\"minSize\": 1", "\"minSize\": -1");
    expect(bad, 422, "spec.version", "spec.selfManaged.replicas", "spec.nodeGroups[0].minSize");
  }

  @Test
  void ecsCapacityNeedsAnInstanceProfileAndLeavesScalingToEcs() {
    String bad =
        ClusterSpecs.ecs(SUBNETS, AMI, 2, "nginx")
            .replace("\"instanceProfile\": \"strato-node\",", "")
            .replace(
                "\"minSize\": 1,",
                "\"minSize\": 1, \"scaling\": {\"metric\": \"cpu\", \"target\": 50},");
    expect(bad, 422, "spec.nodeGroups[0].instanceProfile", "spec.nodeGroups[0].scaling");
  }

  @Test
  void unknownFieldsAndWrongTypes() {
    expect(
        ClusterSpecs.eks(SUBNETS, "1.31", 2).replace("\"eks\":", "\"eks2\": {}, \"eks\":"),
        400,
        "spec.eks2");
    expect(
        ClusterSpecs.ecs(SUBNETS, AMI, 2, "nginx")
            .replace("\"desiredCount\": 2", "\"desiredCount\": \"two\""),
        400,
        "spec.ecs.services[0].desiredCount");
  }

  @Test
  void aViewerCannotCreateACluster() {
    as(Tokens.viewer())
        .body("{\"spec\": " + ClusterSpecs.eks(SUBNETS, "1.31", 2) + "}")
        .put(PATH)
        .then()
        .statusCode(403);
    operator().get(PATH).then().statusCode(404);
  }
}
