package io.strato.cloud.aws.cluster.eks;

import static io.strato.cloud.aws.cluster.eks.EksScenario.NAME;
import static io.strato.cloud.aws.cluster.eks.EksScenario.UID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.aws.eks.EksAccessEntries;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.testsupport.CallRecorder;
import io.strato.testsupport.CalledActions;
import io.strato.testsupport.EksAccessEntriesFake;
import io.strato.testsupport.EksVersionProxy;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The person who asked for an EKS cluster can use it (access entries with the cluster-admin
 * policy), the cluster is billed for extended support only when the spec says so, and node groups
 * without an AMI type get AL2023 for their architecture. moto 5.2.1 drops accessConfig and
 * upgradePolicy and has no access entries, so the requests are read over the wire through {@link
 * EksVersionProxy}; the node groups are read back from moto.
 */
class EksAccessAndAmiTest {

  private static final String CLUSTER = EksNames.cluster(NAME, UID);
  private static final String ALICE = "arn:aws:iam::123456789012:role/platform-admins";
  private static final String BOB = "arn:aws:iam::123456789012:user/bob";

  private final MotoServer moto = MotoServer.shared();
  private final CallRecorder log = new CallRecorder();
  private EksVersionProxy proxy;
  private AwsClients clients;
  private AwsClients inspector;
  private EksClusterDriver driver;

  @BeforeEach
  void freshAccount() {
    moto.reset();
    proxy = EksVersionProxy.in(moto.endpoint());
    AwsSettings direct = moto.settings();
    clients =
        new AwsClients(
            new AwsSettings(
                direct.region(),
                Optional.of(proxy.endpoint()),
                direct.credentials(),
                direct.maxAttempts()),
            CalledActions.metrics(),
            List.of(log));
    inspector = moto.clients();
    driver = new EksClusterDriver(clients);
  }

  @AfterEach
  void close() {
    clients.close();
    inspector.close();
    proxy.close();
  }

  private static ClusterSpecDto spec(List<String> principals, boolean extended) {
    ClusterSpecDto base = EksScenario.spec();
    EksDto eks = base.eks();
    ClusterSpecDto spec =
        EksScenario.withEks(
            base,
            new EksDto(
                eks.roleArn(),
                eks.endpointAccess(),
                eks.logging(),
                eks.securityGroupIds(),
                extended,
                principals));
    return EksScenario.withNodegroups(spec, List.of(EksScenario.general(), graviton()));
  }

  /** A Graviton group with no AMI type. */
  private static ClusterNodeGroupDto graviton() {
    return new ClusterNodeGroupDto(
        "arm",
        null,
        "m7g.large",
        null,
        null,
        null,
        null,
        EksScenario.NODE_ROLE,
        null,
        null,
        null,
        null,
        null,
        1,
        2,
        null,
        null,
        null,
        List.of(),
        null,
        null);
  }

  private List<ClusterProgress> converge(ClusterSpecDto spec) {
    List<ClusterProgress> all = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ClusterProgress p = driver.reconcile(EksScenario.context(spec));
      all.add(p);
      if (p.ready() && p.events().isEmpty()) {
        break;
      }
    }
    return all;
  }

  @Test
  void theNamedPrincipalsGetClusterAdminThroughAccessEntries() {
    List<ClusterProgress> steps = converge(spec(List.of(ALICE, BOB), false));

    JsonNode create = proxy.access().createClusterRequests().get(0);
    assertThat(create.path("accessConfig").path("authenticationMode").asText())
        .isEqualTo("API_AND_CONFIG_MAP");
    assertThat(
            create.path("accessConfig").path("bootstrapClusterCreatorAdminPermissions").asBoolean())
        .isTrue();
    assertThat(create.path("upgradePolicy").path("supportType").asText())
        .as("no extended support unless the spec asks: it is billed")
        .isEqualTo("STANDARD");

    var entries = proxy.access().entries(CLUSTER);
    assertThat(entries).containsOnlyKeys(EksAccessEntriesFake.CREATOR, ALICE, BOB);
    for (String principal : List.of(ALICE, BOB)) {
      assertThat(entries.get(principal).clusterPolicies())
          .containsExactly(EksAccessEntries.CLUSTER_ADMIN_POLICY);
      assertThat(entries.get(principal).tags()).containsEntry(Ownership.OWNER_TAG, UID);
    }
    assertThat(
            steps.stream()
                .flatMap(p -> p.events().stream())
                .filter(e -> e.reason().equals("AccessEntryCreated"))
                .map(ClusterEvent::message))
        .containsExactlyInAnyOrder(
            "cluster-admin access for " + ALICE, "cluster-admin access for " + BOB);

    log.clear();
    driver.reconcile(EksScenario.context(spec(List.of(ALICE, BOB), false)));
    assertThat(log.mutations()).as("granted access costs only reads afterwards").isEmpty();

    // Bob leaves the spec: his entry goes; the creator's entry, not Strato's, stays.
    ClusterProgress after = driver.reconcile(EksScenario.context(spec(List.of(ALICE), false)));
    assertThat(proxy.access().entries(CLUSTER))
        .containsOnlyKeys(EksAccessEntriesFake.CREATOR, ALICE);
    assertThat(after.events()).extracting(ClusterEvent::reason).contains("AccessEntryDeleted");
  }

  @Test
  void extendedSupportIsAskedForOnlyWhenTheSpecAcceptsIt() {
    converge(spec(List.of(), true));
    assertThat(
            proxy
                .access()
                .createClusterRequests()
                .get(0)
                .path("upgradePolicy")
                .path("supportType")
                .asText())
        .isEqualTo("EXTENDED");
  }

  @Test
  void nodeGroupsWithoutAnAmiTypeGetAl2023ForTheirArchitecture() {
    converge(spec(List.of(), false));
    assertThat(amiType("general")).isEqualTo("AL2023_x86_64_STANDARD");
    assertThat(amiType("arm")).isEqualTo("AL2023_ARM_64_STANDARD");
  }

  private String amiType(String group) {
    return inspector
        .eks()
        .describeNodegroup(
            r -> r.clusterName(CLUSTER).nodegroupName(EksNames.nodegroup(UID, group)))
        .nodegroup()
        .amiTypeAsString();
  }
}
