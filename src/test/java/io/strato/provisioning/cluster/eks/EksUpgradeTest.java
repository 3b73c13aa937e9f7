package io.strato.provisioning.cluster.eks;

import static io.strato.provisioning.cluster.ClusterProgress.CONTROL_PLANE_READY;
import static io.strato.provisioning.cluster.ClusterProgress.NODE_GROUPS_READY;
import static io.strato.provisioning.cluster.eks.EksScenario.NAME;
import static io.strato.provisioning.cluster.eks.EksScenario.UID;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.provisioning.cluster.ClusterContext;
import io.strato.provisioning.cluster.ClusterProgress;
import io.strato.provisioning.cluster.ClusterProgress.ClusterEvent;
import io.strato.reconcile.Condition;
import io.strato.testsupport.EksVersionProxy;
import io.strato.testsupport.EksVersionProxy.VersionUpdate;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Kubernetes upgrade of the control plane, one minor version per EKS update, through {@link
 * EksVersionProxy} (moto does not implement UpdateClusterVersion).
 */
class EksUpgradeTest {

  private static final String CLUSTER = EksNames.cluster(NAME, UID);

  private final MotoServer moto = MotoServer.shared();
  private final CallLog log = new CallLog();
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
            new CloudCallMetrics(new SimpleMeterRegistry()),
            List.of(log));
    driver = new EksClusterDriver(clients);
  }

  @AfterEach
  void close() {
    clients.close();
    proxy.close();
  }

  @Test
  void upgradesOneMinorVersionPerUpdateUntilTheTarget() {
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
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UpgradeStarted", "1.29 → 1.30 (target 1.31)"));
    assertThat(proxy.updates()).containsExactly(new VersionUpdate(CLUSTER, "1.30"));

    ClusterProgress whileUpgrading = driver.reconcile(at131);
    assertThat(condition(whileUpgrading, CONTROL_PLANE_READY).reason()).isEqualTo("Updating");
    assertThat(whileUpgrading.outputs().version()).isEqualTo("1.29");
    assertThat(condition(whileUpgrading, NODE_GROUPS_READY).isTrue())
        .as("node groups are observed, not touched, during the upgrade")
        .isTrue();
    assertThat(whileUpgrading.outputs().nodeGroups()).hasSize(2);

    ClusterProgress second = driver.reconcile(at131);
    assertThat(condition(second, CONTROL_PLANE_READY).message())
        .isEqualTo("1.30 → 1.31 (target 1.31)");
    assertThat(second.outputs().version()).isEqualTo("1.30");

    driver.reconcile(at131);
    ClusterProgress done = driver.reconcile(at131);
    assertThat(done.ready()).isTrue();
    assertThat(done.outputs().version()).isEqualTo("1.31");
    assertThat(proxy.updates())
        .containsExactly(new VersionUpdate(CLUSTER, "1.30"), new VersionUpdate(CLUSTER, "1.31"));
    assertThat(log.mutations()).containsExactly("UpdateClusterVersion", "UpdateClusterVersion");

    log.clear();
    assertThat(driver.reconcile(at131).ready()).isTrue();
    assertThat(log.mutations()).isEmpty();
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
