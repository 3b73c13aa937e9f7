package io.strato.cloud.aws.cluster.eks;

import static io.strato.cloud.aws.cluster.eks.EksScenario.NAME;
import static io.strato.cloud.aws.cluster.eks.EksScenario.ROLE;
import static io.strato.cloud.aws.cluster.eks.EksScenario.UID;
import static io.strato.cloud.cluster.ClusterProgress.CONTROL_PLANE_READY;
import static io.strato.cloud.cluster.ClusterProgress.NODE_GROUPS_READY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.cloud.cluster.ClusterSpecDto.EndpointAccessDto;
import io.strato.reconcile.Condition;
import io.strato.testsupport.AwsWireError;
import io.strato.testsupport.CallRecorder;
import io.strato.testsupport.FaultProxy;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.ProxiedCall;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane's slow and unhappy states, as EKS has them and moto does not: moto makes a
 * control plane ACTIVE at once, while EKS takes ~10 minutes in CREATING, and EKS refuses an update
 * while another runs. The fault proxy in front of moto rewrites the {@code status} of moto's
 * cluster answers on the wire, or answers EKS's own 409 ResourceInUseException.
 */
class EksControlPlaneStatesTest {

  private static final String CLUSTER = EksNames.cluster(NAME, UID);

  private final MotoServer moto = MotoServer.shared();
  private final CallRecorder log = new CallRecorder();
  private FaultProxy eks;
  private AwsClients clients;
  private EksClusterDriver driver;

  @BeforeEach
  void freshAccount() {
    moto.reset();
    eks = FaultProxy.scripted(moto.endpoint());
    clients = eks.clients(3, log);
    driver = new EksClusterDriver(clients);
  }

  @AfterEach
  void close() {
    clients.close();
    eks.close();
  }

  /** The next {@code answers} successful Create/DescribeCluster answers say {@code status}. */
  private void clusterStatus(String status, int answers) {
    eks.rewrite(
        ProxiedCall.rest("POST", "/clusters").or(ProxiedCall.rest("GET", "/clusters/[^/]+")),
        answers,
        answer -> ((ObjectNode) answer.path("cluster")).put("status", status));
  }

  @Test
  void nodeGroupsWaitWhileTheControlPlaneIsCreating() {
    clusterStatus("CREATING", 3);
    ClusterContext cluster = EksScenario.context();

    ClusterProgress first = driver.reconcile(cluster);
    assertThat(reasons(first)).containsExactly("Creating", "WaitingForControlPlane");
    assertThat(first.outputs().status()).isEqualTo("CREATING");
    assertThat(log.operations()).containsExactly("DescribeCluster", "CreateCluster");

    log.clear();
    ClusterProgress polled = driver.reconcile(cluster);
    assertThat(reasons(polled)).containsExactly("Creating", "WaitingForControlPlane");
    assertThat(log.operations()).as("a poll costs one call").containsExactly("DescribeCluster");
    driver.reconcile(cluster);

    log.clear();
    ClusterProgress active = driver.reconcile(cluster);
    assertThat(condition(active, CONTROL_PLANE_READY).isTrue()).isTrue();
    assertThat(log.mutations()).containsExactly("CreateNodegroup", "CreateNodegroup");
    System.out.println(
        "EKS create with 2 CREATING polls, to node groups created: "
            + clients.metrics().total()
            + " calls "
            + clients.metrics().snapshot());
  }

  @Test
  void aFailedControlPlaneIsReportedAndLeftAlone() {
    driver.reconcile(EksScenario.context());
    log.clear();
    clusterStatus("FAILED", 1);

    ClusterProgress progress = driver.reconcile(EksScenario.context());

    assertThat(condition(progress, CONTROL_PLANE_READY))
        .extracting(Condition::status, Condition::reason)
        .containsExactly("False", "Failed");
    assertThat(condition(progress, CONTROL_PLANE_READY).message()).contains("FAILED");
    assertThat(condition(progress, NODE_GROUPS_READY).reason()).isEqualTo("WaitingForControlPlane");
    assertThat(log.operations()).containsExactly("DescribeCluster");
  }

  @Test
  void anUpdateRefusedBecauseAnotherRunsIsProgressNotFailure() {
    for (int i = 0; i < 5 && !driver.reconcile(EksScenario.context()).events().isEmpty(); i++) {}
    ClusterContext changed =
        EksScenario.context(
            EksScenario.withEks(
                EksScenario.spec(),
                new EksDto(
                    ROLE,
                    new EndpointAccessDto(false, true, null),
                    List.of("api", "audit"),
                    List.of("sg-0123456789abcdef0"))));
    eks.refuse(
        ProxiedCall.rest("POST", "/clusters/[^/]+/update-config"),
        1,
        AwsWireError.of(409, "ResourceInUseException"));

    ClusterProgress refused = driver.reconcile(changed);
    assertThat(condition(refused, CONTROL_PLANE_READY))
        .extracting(Condition::status, Condition::reason)
        .containsExactly("False", "Updating");
    assertThat(condition(refused, CONTROL_PLANE_READY).message()).contains("earlier update");
    assertThat(refused.events()).isEmpty();

    ClusterProgress retried = driver.reconcile(changed);
    assertThat(retried.events()).extracting(e -> e.reason()).containsExactly("Updated");
    assertThat(
            clients
                .eks()
                .describeCluster(r -> r.name(CLUSTER))
                .cluster()
                .resourcesVpcConfig()
                .endpointPrivateAccess())
        .isTrue();
  }

  @Test
  void deletionWaitsForACreatingControlPlaneWithoutCallingDelete() {
    clusterStatus("CREATING", 2);
    driver.reconcile(EksScenario.context());
    log.clear();

    assertThat(driver.delete(EksScenario.context())).isEqualTo(Deletion.IN_PROGRESS);
    assertThat(log.mutations()).isEmpty();
    assertThat(driver.delete(EksScenario.context())).isEqualTo(Deletion.IN_PROGRESS);
    assertThat(log.mutations()).containsExactly("DeleteCluster");
    assertThat(driver.delete(EksScenario.context())).isEqualTo(Deletion.GONE);
  }

  private static List<String> reasons(ClusterProgress progress) {
    return progress.conditions().stream().map(Condition::reason).toList();
  }

  private static Condition condition(ClusterProgress progress, String type) {
    return progress.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
