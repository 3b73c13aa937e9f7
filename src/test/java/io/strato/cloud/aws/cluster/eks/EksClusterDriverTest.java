package io.strato.cloud.aws.cluster.eks;

import static io.strato.cloud.aws.cluster.eks.EksScenario.NAME;
import static io.strato.cloud.aws.cluster.eks.EksScenario.NODE_ROLE;
import static io.strato.cloud.aws.cluster.eks.EksScenario.ROLE;
import static io.strato.cloud.aws.cluster.eks.EksScenario.SUBNETS;
import static io.strato.cloud.aws.cluster.eks.EksScenario.UID;
import static io.strato.cloud.cluster.ClusterProgress.CONTROL_PLANE_READY;
import static io.strato.cloud.cluster.ClusterProgress.NODE_GROUPS_READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterOutputs.NodeGroupOutput;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.cloud.cluster.ClusterSpecDto.EndpointAccessDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import io.strato.reconcile.Condition;
import io.strato.testsupport.CallRecorder;
import io.strato.testsupport.CrashAfter;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.SimulatedCrash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.LogSetup;
import software.amazon.awssdk.services.eks.model.Nodegroup;

/** Scenarios against moto: what EKS holds after the driver's reconciles, and what the user sees. */
class EksClusterDriverTest {

  private static final String CLUSTER = EksNames.cluster(NAME, UID);
  private static final String GENERAL = EksNames.nodegroup(UID, "general");
  private static final String BATCH = EksNames.nodegroup(UID, "batch");

  private final MotoServer moto = MotoServer.shared();
  private final CallRecorder log = new CallRecorder();
  private AwsClients clients;
  private AwsClients inspector;
  private EksClient eks;
  private EksClusterDriver driver;

  @BeforeEach
  void freshAccount() {
    moto.reset();
    clients = moto.clients(List.of(log));
    inspector = moto.clients();
    eks = inspector.eks();
    driver = new EksClusterDriver(clients);
  }

  @AfterEach
  void close() {
    clients.close();
    inspector.close();
  }

  @Test
  void createsControlPlaneThenNodeGroupsUntilReady() {
    List<ClusterProgress> rounds = untilReady(driver, EksScenario.context());
    Map<String, Long> calls = clients.metrics().snapshot();
    System.out.println(
        "EKS create to ready: "
            + clients.metrics().total()
            + " calls in "
            + rounds.size()
            + " reconcile(s) "
            + calls);

    // moto's CreateNodegroup drops updateConfig (EKS keeps it), so the driver sets it with one
    // UpdateNodegroupConfig in the next round; against EKS the first round's creates are all.
    assertThat(log.mutations())
        .containsExactly(
            "CreateCluster", "CreateNodegroup", "CreateNodegroup", "UpdateNodegroupConfig");
    Cluster cluster = eks.describeCluster(r -> r.name(CLUSTER)).cluster();
    assertThat(cluster.roleArn()).isEqualTo(ROLE);
    assertThat(cluster.version()).isEqualTo("1.29");
    assertThat(cluster.resourcesVpcConfig().subnetIds())
        .containsExactlyElementsOf(SUBNETS.stream().map(s -> s.id()).toList());
    assertThat(cluster.resourcesVpcConfig().securityGroupIds())
        .containsExactly("sg-0123456789abcdef0");
    assertThat(cluster.resourcesVpcConfig().endpointPublicAccess()).isTrue();
    assertThat(cluster.resourcesVpcConfig().endpointPrivateAccess()).isFalse();
    assertThat(cluster.resourcesVpcConfig().publicAccessCidrs()).containsExactly("203.0.113.0/24");
    assertThat(enabledLogs(cluster)).containsExactlyInAnyOrder("api", "audit");
    assertThat(cluster.tags())
        .containsEntry("strato.io/owner", UID)
        .containsEntry("strato.io/resource", "Cluster/prod")
        .containsEntry("kubernetes.io/cluster/prod", "owned")
        .containsEntry("team", "platform");

    assertThat(eks.listNodegroups(r -> r.clusterName(CLUSTER)).nodegroups())
        .containsExactlyInAnyOrder(GENERAL, BATCH);
    Nodegroup general = nodegroup(GENERAL);
    assertThat(general.nodeRole()).isEqualTo(NODE_ROLE);
    assertThat(general.subnets())
        .containsExactlyElementsOf(SUBNETS.stream().map(s -> s.id()).toList());
    assertThat(general.instanceTypes()).containsExactly("m6i.large");
    assertThat(general.capacityTypeAsString()).isEqualTo("ON_DEMAND");
    assertThat(general.scalingConfig().minSize()).isEqualTo(2);
    assertThat(general.scalingConfig().maxSize()).isEqualTo(6);
    assertThat(general.scalingConfig().desiredSize()).as("desired defaults to min").isEqualTo(2);
    assertThat(general.labels()).containsExactlyEntriesOf(Map.of("pool", "general"));
    assertThat(general.taints()).isEmpty();
    assertThat(general.tags())
        .containsEntry("strato.io/owner", UID)
        .containsEntry("team", "platform");

    Nodegroup batch = nodegroup(BATCH);
    assertThat(batch.subnets()).containsExactly(SUBNETS.get(0).id());
    assertThat(batch.instanceTypes()).containsExactly("c6i.xlarge", "c6a.xlarge");
    assertThat(batch.capacityTypeAsString()).isEqualTo("SPOT");
    assertThat(batch.amiTypeAsString()).isEqualTo("AL2023_x86_64_STANDARD");
    assertThat(batch.diskSize()).isEqualTo(50);
    assertThat(batch.scalingConfig().desiredSize()).isEqualTo(1);
    assertThat(batch.taints())
        .extracting(t -> t.key(), t -> t.value(), t -> t.effectAsString())
        .containsExactly(tuple("dedicated", "batch", "NO_SCHEDULE"));
    assertThat(batch.updateConfig().maxUnavailablePercentage()).isEqualTo(33);
    assertThat(batch.tags())
        .containsEntry("strato.io/owner", UID)
        .containsEntry("team", "platform")
        .containsEntry("cost-center", "ml");

    ClusterProgress done = rounds.get(rounds.size() - 1);
    assertThat(done.outputs().type()).isEqualTo("eks");
    assertThat(done.outputs().arn()).isEqualTo(cluster.arn());
    assertThat(done.outputs().status()).isEqualTo("ACTIVE");
    assertThat(done.outputs().version()).isEqualTo("1.29");
    assertThat(done.outputs().endpoint()).isEqualTo(cluster.endpoint());
    assertThat(done.outputs().certificateAuthorityData())
        .isEqualTo(cluster.certificateAuthority().data());
    assertThat(done.outputs().nodeGroups())
        .extracting(
            NodeGroupOutput::name,
            NodeGroupOutput::cloudName,
            NodeGroupOutput::status,
            NodeGroupOutput::minSize,
            NodeGroupOutput::maxSize,
            NodeGroupOutput::desiredSize,
            NodeGroupOutput::instances)
        .containsExactly(
            tuple("general", GENERAL, "ACTIVE", 2, 6, 2, null),
            tuple("batch", BATCH, "ACTIVE", 0, 10, 1, null));
    assertThat(events(rounds))
        .containsExactly("Created", "NodeGroupCreated", "NodeGroupCreated", "NodeGroupUpdated");

    log.clear();
    ClusterProgress again = driver.reconcile(EksScenario.context());
    assertThat(again.ready()).isTrue();
    assertThat(again.events()).isEmpty();
    assertThat(log.mutations()).as("a converged cluster costs only reads").isEmpty();
  }

  @Test
  void scalesANodeGroupInPlace() {
    untilReady(driver, EksScenario.context());
    log.clear();
    ClusterSpecDto scaled =
        EksScenario.withNodegroup(
            EksScenario.spec(), "general", ng -> EksScenario.sized(ng, 3, 8, 5));

    ClusterProgress progress = driver.reconcile(EksScenario.context(scaled));

    assertThat(log.mutations()).containsExactly("UpdateNodegroupConfig");
    assertThat(condition(progress, NODE_GROUPS_READY).reason()).isEqualTo("Updating");
    assertThat(progress.events())
        .extracting(ClusterEvent::reason, ClusterEvent::message)
        .containsExactly(tuple("NodeGroupUpdated", "Updating node group general: scaling"));
    Nodegroup general = nodegroup(GENERAL);
    assertThat(general.scalingConfig().minSize()).isEqualTo(3);
    assertThat(general.scalingConfig().maxSize()).isEqualTo(8);
    assertThat(general.scalingConfig().desiredSize()).isEqualTo(5);
    assertThat(nodegroup(BATCH).scalingConfig().maxSize()).as("untouched").isEqualTo(10);

    assertThat(driver.reconcile(EksScenario.context(scaled)).ready()).isTrue();
  }

  @Test
  void leavesAnAutoscaledSizeAloneWhenTheSpecSetsNone() {
    untilReady(driver, EksScenario.context());
    // The cluster autoscaler grew the group; the spec sets no desired size.
    eks.updateNodegroupConfig(
        r ->
            r.clusterName(CLUSTER)
                .nodegroupName(GENERAL)
                .scalingConfig(s -> s.minSize(2).maxSize(6).desiredSize(4)));
    log.clear();

    assertThat(driver.reconcile(EksScenario.context()).ready()).isTrue();
    assertThat(log.mutations()).isEmpty();
    assertThat(nodegroup(GENERAL).scalingConfig().desiredSize()).isEqualTo(4);
  }

  @Test
  void changesLabelsAndTaintsByDifference() {
    untilReady(driver, EksScenario.context());
    log.clear();
    ClusterSpecDto relabelled =
        EksScenario.withNodegroup(
            EksScenario.spec(),
            "batch",
            ng ->
                EksScenario.labelled(
                    ng,
                    Map.of("workload", "ml"),
                    List.of(
                        new TaintDto("dedicated", "ml", "NoSchedule"),
                        new TaintDto("gpu", "true", "NoExecute"))));

    driver.reconcile(EksScenario.context(relabelled));

    assertThat(log.mutations()).containsExactly("UpdateNodegroupConfig");
    Nodegroup batch = nodegroup(BATCH);
    assertThat(batch.labels()).containsExactlyEntriesOf(Map.of("workload", "ml"));
    assertThat(batch.taints())
        .extracting(t -> t.key(), t -> t.value(), t -> t.effectAsString())
        .containsExactlyInAnyOrder(
            tuple("dedicated", "ml", "NO_SCHEDULE"), tuple("gpu", "true", "NO_EXECUTE"));
    assertThat(batch.scalingConfig().desiredSize()).as("sizes untouched").isEqualTo(1);
    log.clear();
    assertThat(driver.reconcile(EksScenario.context(relabelled)).ready()).isTrue();
    assertThat(log.mutations()).isEmpty();
  }

  @Test
  void changesEndpointAccessThenLoggingOneUpdateAtATime() {
    untilReady(driver, EksScenario.context());
    log.clear();
    EksDto eksSpec =
        new EksDto(
            ROLE,
            new EndpointAccessDto(true, true, List.of("198.51.100.0/24")),
            List.of("api", "scheduler", "authenticator"),
            List.of("sg-0123456789abcdef0"));
    ClusterContext changed = EksScenario.context(EksScenario.withEks(EksScenario.spec(), eksSpec));

    ClusterProgress first = driver.reconcile(changed);
    assertThat(log.mutations()).containsExactly("UpdateClusterConfig");
    assertThat(condition(first, CONTROL_PLANE_READY))
        .extracting(Condition::status, Condition::reason)
        .containsExactly("False", "Updating");
    assertThat(first.events()).extracting(ClusterEvent::reason).containsExactly("Updated");
    Cluster afterFirst = eks.describeCluster(r -> r.name(CLUSTER)).cluster();
    assertThat(afterFirst.resourcesVpcConfig().endpointPrivateAccess()).isTrue();
    assertThat(afterFirst.resourcesVpcConfig().publicAccessCidrs())
        .containsExactly("198.51.100.0/24");
    assertThat(enabledLogs(afterFirst))
        .as("logging waits for its own update")
        .containsExactlyInAnyOrder("api", "audit");

    log.clear();
    ClusterProgress second = driver.reconcile(changed);
    assertThat(log.mutations()).containsExactly("UpdateClusterConfig");
    assertThat(second.events()).extracting(ClusterEvent::reason).containsExactly("Updated");
    assertThat(enabledLogs(eks.describeCluster(r -> r.name(CLUSTER)).cluster()))
        .containsExactlyInAnyOrder("api", "scheduler", "authenticator");

    log.clear();
    assertThat(driver.reconcile(changed).ready()).isTrue();
    assertThat(log.mutations()).isEmpty();
  }

  @Test
  void keepsClusterTagsInLineWithTheSpec() {
    untilReady(driver, EksScenario.context());
    eks.tagResource(
        r ->
            r.resourceArn(eks.describeCluster(c -> c.name(CLUSTER)).cluster().arn())
                .tags(Map.of("stale", "1")));
    log.clear();
    ClusterSpecDto spec = EksScenario.spec();
    ClusterSpecDto retagged =
        new ClusterSpecDto(
            spec.provider(),
            spec.type(),
            spec.version(),
            spec.network(),
            spec.eks(),
            null,
            null,
            spec.nodeGroups(),
            Map.of("team", "data", "env", "prod"));

    ClusterProgress progress = driver.reconcile(EksScenario.context(retagged));

    assertThat(log.mutations()).containsExactly("TagResource", "UntagResource");
    assertThat(progress.events()).extracting(ClusterEvent::message).contains("Updated tags");
    assertThat(eks.describeCluster(r -> r.name(CLUSTER)).cluster().tags())
        .containsEntry("team", "data")
        .containsEntry("env", "prod")
        .containsEntry("strato.io/owner", UID)
        .containsEntry("kubernetes.io/cluster/prod", "owned")
        .doesNotContainKey("stale");
  }

  @Test
  void refusesADowngradeWithoutCallingEks() {
    untilReady(driver, EksScenario.context(EksScenario.withVersion(EksScenario.spec(), "1.30")));
    log.clear();

    ClusterProgress progress =
        driver.reconcile(EksScenario.context(EksScenario.withVersion(EksScenario.spec(), "1.29")));

    assertThat(condition(progress, CONTROL_PLANE_READY))
        .extracting(Condition::status, Condition::reason, Condition::message)
        .containsExactly(
            "False",
            "DowngradeNotSupported",
            "The control plane runs Kubernetes 1.30; EKS cannot go back to 1.29");
    assertThat(log.mutations()).isEmpty();
    assertThat(eks.describeCluster(r -> r.name(CLUSTER)).cluster().version()).isEqualTo("1.30");
    assertThat(condition(progress, NODE_GROUPS_READY).isTrue())
        .as("node groups unaffected")
        .isTrue();
  }

  @Test
  void reportsWhatEksCannotChangeInPlaceWithoutCalling() {
    untilReady(driver, EksScenario.context());
    log.clear();
    ClusterSpecDto bigger =
        EksScenario.withNodegroup(
            EksScenario.spec(), "general", ng -> EksScenario.withInstanceType(ng, "m6i.2xlarge"));

    ClusterProgress progress = driver.reconcile(EksScenario.context(bigger));

    assertThat(condition(progress, NODE_GROUPS_READY))
        .extracting(Condition::status, Condition::reason)
        .containsExactly("False", "ReplacementRequired");
    assertThat(condition(progress, NODE_GROUPS_READY).message())
        .contains("general (instanceTypes)");
    assertThat(log.mutations()).isEmpty();
    assertThat(nodegroup(GENERAL).instanceTypes()).containsExactly("m6i.large");
  }

  @Test
  void deletesANodeGroupThatLeftTheSpec() {
    untilReady(driver, EksScenario.context());
    log.clear();
    ClusterSpecDto fewer =
        EksScenario.withNodegroups(EksScenario.spec(), List.of(EksScenario.general()));

    ClusterProgress progress = driver.reconcile(EksScenario.context(fewer));

    assertThat(log.mutations()).containsExactly("DeleteNodegroup");
    assertThat(progress.events())
        .extracting(ClusterEvent::reason, ClusterEvent::message)
        .containsExactly(tuple("NodeGroupDeleted", "Deleting node group " + BATCH));
    assertThat(eks.listNodegroups(r -> r.clusterName(CLUSTER)).nodegroups())
        .containsExactly(GENERAL);
    assertThat(driver.reconcile(EksScenario.context(fewer)).ready()).isTrue();
  }

  @Test
  void aRestartDuringCreationMakesNoTwins() {
    // The first process dies right after CreateCluster reached EKS: the cluster exists, the answer
    // is lost. A second process (new driver, new clients) then dies after one CreateNodegroup.
    try (AwsClients first = moto.clients(List.of(CrashAfter.first("CreateCluster")))) {
      assertThatThrownBy(() -> new EksClusterDriver(first).reconcile(EksScenario.context()))
          .isInstanceOf(SimulatedCrash.class);
    }
    assertThat(eks.listClusters().clusters()).containsExactly(CLUSTER);

    try (AwsClients second = moto.clients(List.of(CrashAfter.first("CreateNodegroup")))) {
      assertThatThrownBy(() -> new EksClusterDriver(second).reconcile(EksScenario.context()))
          .isInstanceOf(SimulatedCrash.class);
    }
    assertThat(eks.listNodegroups(r -> r.clusterName(CLUSTER)).nodegroups())
        .containsExactly(GENERAL);

    CallRecorder thirdLog = new CallRecorder();
    try (AwsClients third = moto.clients(List.of(thirdLog))) {
      List<ClusterProgress> rounds = untilReady(new EksClusterDriver(third), EksScenario.context());
      assertThat(rounds.get(rounds.size() - 1).ready()).isTrue();
    }
    assertThat(thirdLog.mutations()).startsWith("CreateNodegroup").doesNotContain("CreateCluster");
    assertThat(eks.listClusters().clusters()).containsExactly(CLUSTER);
    assertThat(eks.listNodegroups(r -> r.clusterName(CLUSTER)).nodegroups())
        .containsExactlyInAnyOrder(GENERAL, BATCH);
  }

  @Test
  void aClusterOfThatNameOwnedBySomeoneElseIsAConflictAndIsNotDeleted() {
    eks.createCluster(
        r ->
            r.name(CLUSTER)
                .roleArn(ROLE)
                .resourcesVpcConfig(v -> v.subnetIds(SUBNETS.get(0).id()))
                .tags(Map.of("strato.io/owner", "someone-else")));

    assertThatThrownBy(() -> driver.reconcile(EksScenario.context()))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining("belongs to owner someone-else");
    assertThat(driver.delete(EksScenario.context())).isEqualTo(Deletion.GONE);
    assertThat(log.mutations()).isEmpty();
    assertThat(eks.listClusters().clusters()).containsExactly(CLUSTER);
  }

  @Test
  void deletesNodeGroupsBeforeTheClusterThenReportsGone() {
    untilReady(driver, EksScenario.context());
    log.clear();
    clients.metrics().reset();

    List<Deletion> answers = new ArrayList<>();
    Deletion answer;
    do {
      answer = driver.delete(EksScenario.context());
      answers.add(answer);
    } while (answer != Deletion.GONE && answers.size() < 10);
    System.out.println(
        "EKS delete: "
            + clients.metrics().total()
            + " calls in "
            + answers.size()
            + " delete(s) "
            + clients.metrics().snapshot());

    assertThat(answers).containsExactly(Deletion.IN_PROGRESS, Deletion.IN_PROGRESS, Deletion.GONE);
    assertThat(log.mutations())
        .containsExactly("DeleteNodegroup", "DeleteNodegroup", "DeleteCluster");
    assertThat(eks.listClusters().clusters()).isEmpty();
    assertThat(driver.delete(EksScenario.context()))
        .as("absent is success")
        .isEqualTo(Deletion.GONE);
  }

  /** Reconciles until a round is ready and changes nothing, as the engine's requeues would. */
  private static List<ClusterProgress> untilReady(EksClusterDriver driver, ClusterContext cluster) {
    List<ClusterProgress> rounds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ClusterProgress progress = driver.reconcile(cluster);
      rounds.add(progress);
      if (progress.ready() && progress.events().isEmpty()) {
        return rounds;
      }
    }
    throw new AssertionError("not settled after 10 reconciles: " + rounds.get(rounds.size() - 1));
  }

  private static List<String> events(List<ClusterProgress> rounds) {
    return rounds.stream().flatMap(p -> p.events().stream()).map(ClusterEvent::reason).toList();
  }

  private static Condition condition(ClusterProgress progress, String type) {
    return progress.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private Nodegroup nodegroup(String name) {
    return eks.describeNodegroup(r -> r.clusterName(CLUSTER).nodegroupName(name)).nodegroup();
  }

  private static List<String> enabledLogs(Cluster cluster) {
    return cluster.logging().clusterLogging().stream()
        .filter(LogSetup::enabled)
        .flatMap(s -> s.typesAsStrings().stream())
        .toList();
  }
}
