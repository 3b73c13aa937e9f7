package io.strato.cloud.aws.cluster.eks;

import static io.strato.cloud.aws.cluster.eks.EksScenario.NAME;
import static io.strato.cloud.aws.cluster.eks.EksScenario.UID;
import static io.strato.cloud.cluster.ClusterProgress.CONTROL_PLANE_READY;
import static io.strato.cloud.cluster.ClusterProgress.NODE_GROUPS_READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.reconcile.Condition;
import io.strato.testsupport.CallRecorder;
import io.strato.testsupport.CalledActions;
import io.strato.testsupport.EksVersionProxy;
import io.strato.testsupport.EksVersionProxy.SupportTypeUpdate;
import io.strato.testsupport.EksVersionProxy.VersionUpdate;
import io.strato.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Kubernetes upgrade, one minor version per EKS update, the managed node groups following the
 * control plane each step, through {@link EksVersionProxy} (moto does not implement
 * UpdateClusterVersion nor UpdateNodegroupVersion).
 */
class EksUpgradeTest {

  private static final String CLUSTER = EksNames.cluster(NAME, UID);
  private static final String GENERAL = EksNames.nodegroup(UID, "general");
  private static final String BATCH = EksNames.nodegroup(UID, "batch");

  private final MotoServer moto = MotoServer.shared();
  private final CallRecorder log = new CallRecorder();
  private EksVersionProxy proxy;
  private AwsClients clients;
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
    driver = new EksClusterDriver(clients);
  }

  @AfterEach
  void close() {
    clients.close();
    proxy.close();
  }

  @Test
  void upgradesOneMinorVersionPerUpdateWithNodeGroupsFollowing() {
    ClusterContext at129 = EksScenario.context();
    for (int i = 0; i < 5 && !settled(driver.reconcile(at129)); i++) {}
    log.clear();
    ClusterContext at131 = EksScenario.context(EksScenario.withVersion(EksScenario.spec(), "1.31"));

    ClusterProgress first = driver.reconcile(at131);
    assertThat(condition(first, CONTROL_PLANE_READY))
        .extracting(Condition::status, Condition::reason, Condition::message)
        .containsExactly("False", "Upgrading", "1.29 → 1.30 (target 1.31)");
    assertThat(first.events())
        .extracting(ClusterEvent::reason, ClusterEvent::message)
        .containsExactly(tuple("UpgradeStarted", "1.29 → 1.30 (target 1.31)"));
    assertThat(proxy.updates()).containsExactly(new VersionUpdate(CLUSTER, null, "1.30"));

    ClusterProgress whileUpgrading = driver.reconcile(at131);
    assertThat(condition(whileUpgrading, CONTROL_PLANE_READY).reason()).isEqualTo("Updating");
    assertThat(whileUpgrading.outputs().version()).isEqualTo("1.29");
    assertThat(condition(whileUpgrading, NODE_GROUPS_READY).isTrue())
        .as("node groups are observed, not touched, during the upgrade")
        .isTrue();
    assertThat(whileUpgrading.outputs().nodeGroups()).hasSize(2);

    // EKS wants the node groups at the control plane's version before it moves on.
    ClusterProgress nodesFirst = driver.reconcile(at131);
    assertThat(nodesFirst.outputs().version()).isEqualTo("1.30");
    assertThat(condition(nodesFirst, CONTROL_PLANE_READY).message())
        .startsWith("Node groups ")
        .endsWith("move to 1.30 first; then 1.30 → 1.31 (target 1.31)");
    assertThat(condition(nodesFirst, NODE_GROUPS_READY).reason()).isEqualTo("Upgrading");
    assertThat(nodesFirst.events())
        .extracting(ClusterEvent::message)
        .containsExactly(
            "Upgrading node group general to Kubernetes 1.30",
            "Upgrading node group batch to Kubernetes 1.30");

    ClusterProgress second = driver.reconcile(at131);
    assertThat(condition(second, CONTROL_PLANE_READY).message())
        .isEqualTo("1.30 → 1.31 (target 1.31)");

    List<ClusterProgress> rest = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ClusterProgress progress = driver.reconcile(at131);
      rest.add(progress);
      if (settled(progress)) {
        break;
      }
    }
    ClusterProgress done = rest.get(rest.size() - 1);
    assertThat(done.ready()).isTrue();
    assertThat(done.outputs().version()).isEqualTo("1.31");
    assertThat(proxy.updates())
        .containsExactly(
            new VersionUpdate(CLUSTER, null, "1.30"),
            new VersionUpdate(CLUSTER, GENERAL, "1.30"),
            new VersionUpdate(CLUSTER, BATCH, "1.30"),
            new VersionUpdate(CLUSTER, null, "1.31"),
            new VersionUpdate(CLUSTER, GENERAL, "1.31"),
            new VersionUpdate(CLUSTER, BATCH, "1.31"));
    assertThat(log.mutations())
        .containsExactly(
            "UpdateClusterVersion",
            "UpdateNodegroupVersion",
            "UpdateNodegroupVersion",
            "UpdateClusterVersion",
            "UpdateNodegroupVersion",
            "UpdateNodegroupVersion");

    log.clear();
    assertThat(driver.reconcile(at131).ready()).isTrue();
    assertThat(log.mutations()).isEmpty();
  }

  /**
   * The upgrade policy was sent only at CreateCluster: a spec change never reached the cluster. Now
   * it is its own UpdateClusterConfig, one update at a time like the others.
   */
  @Test
  void changesTheSupportTypeWithItsOwnUpdate() {
    ClusterContext standard = EksScenario.context();
    for (int i = 0; i < 5 && !settled(driver.reconcile(standard)); i++) {}
    assertThat(supportType()).isEqualTo("STANDARD");
    log.clear();
    EksDto eks = EksScenario.spec().eks();
    ClusterContext extended =
        EksScenario.context(
            EksScenario.withEks(
                EksScenario.spec(),
                new EksDto(
                    eks.roleArn(),
                    eks.endpointAccess(),
                    eks.logging(),
                    eks.securityGroupIds(),
                    true,
                    eks.adminPrincipals())));

    ClusterProgress started = driver.reconcile(extended);
    assertThat(condition(started, CONTROL_PLANE_READY))
        .extracting(Condition::status, Condition::reason, Condition::message)
        .containsExactly("False", "Updating", "Updating the upgrade policy to EXTENDED support");
    assertThat(proxy.supportTypeUpdates())
        .containsExactly(new SupportTypeUpdate(CLUSTER, "EXTENDED"));

    // EKS is busy with it: nothing else is sent, and the next look reports it running.
    ClusterProgress whileUpdating = driver.reconcile(extended);
    assertThat(condition(whileUpdating, CONTROL_PLANE_READY).reason()).isEqualTo("Updating");

    ClusterProgress done = driver.reconcile(extended);
    assertThat(done.ready()).isTrue();
    assertThat(supportType()).isEqualTo("EXTENDED");
    assertThat(log.mutations()).containsExactly("UpdateClusterConfig");
    assertThat(proxy.supportTypeUpdates()).hasSize(1);

    // And back: the same path the other way.
    log.clear();
    driver.reconcile(standard);
    for (int i = 0; i < 5 && !settled(driver.reconcile(standard)); i++) {}
    assertThat(supportType()).isEqualTo("STANDARD");
    assertThat(log.mutations()).containsExactly("UpdateClusterConfig");
  }

  private String supportType() {
    return clients
        .eks()
        .describeCluster(r -> r.name(CLUSTER))
        .cluster()
        .upgradePolicy()
        .supportTypeAsString();
  }

  private static boolean settled(ClusterProgress progress) {
    return progress.ready() && progress.events().isEmpty();
  }

  private static Condition condition(ClusterProgress progress, String type) {
    return progress.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
