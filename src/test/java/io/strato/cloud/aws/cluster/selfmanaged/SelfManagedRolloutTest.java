package io.strato.cloud.aws.cluster.selfmanaged;

import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.untilReady;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withNodeGroups;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withVersion;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.RolloutConditions;
import io.strato.reconcile.Condition;
import io.strato.testsupport.CrashAfter;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.SimulatedCrash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A version change of a self-managed cluster on moto: three control-plane members over three zones
 * and three workers, replaced step by step, with the InService counts sampled after every call.
 */
class SelfManagedRolloutTest {

  private AwsClients clients;
  private SelfManagedFixture aws;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = new SelfManagedFixture(clients);
  }

  @AfterEach
  void close() {
    clients.close();
  }

  private ClusterContext threeWorkers(String version) {
    return aws.cluster(s -> withVersion(withNodeGroups(s, List.of(aws.workers(3))), version));
  }

  @Test
  void aVersionChangeReplacesEveryInstanceWithoutFallingBelowCapacityOrQuorum() throws Exception {
    ClusterContext before = threeWorkers("1.31");
    untilReady(aws.driver(), before);
    Set<String> oldInstances = instances();
    assertThat(oldInstances).hasSize(6);

    InServiceSampler sampler = sampler(before);
    ClusterContext after = threeWorkers("1.32.3");
    List<ClusterProgress> steps;
    long started = System.nanoTime();
    try (AwsClients sampled = MotoServer.shared().clients(List.of(sampler))) {
      steps = untilReady(SelfManagedFixture.driver(sampled), after);
      long millis = (System.nanoTime() - started) / 1_000_000;
      System.out.println(
          "self-managed rollout (3 control-plane members over 3 zones, 3 workers): "
              + steps.size()
              + " reconciles, "
              + sampled.metrics().total()
              + " AWS calls, "
              + millis
              + " ms on moto (InService sampled after each of "
              + sampler.samples
              + " calls) "
              + new TreeMap<>(sampled.metrics().snapshot()));
    }

    Set<String> newInstances = instances();
    assertThat(newInstances).hasSize(6).doesNotContainAnyElementsOf(oldInstances);
    // Never below desired - maxUnavailable (3 - 0) for the workers, never below two of three
    // members for the control plane (with the default surge, never below three).
    String workers = ClusterNodeGroups.cloudName(after, "workers");
    assertThat(sampler.lowest.get(workers)).isGreaterThanOrEqualTo(3);
    assertThat(sampler.lowestControlPlane).isGreaterThanOrEqualTo(2);
    assertSettledOnTheNewVersion(after);
    ClusterProgress last = steps.get(steps.size() - 1);
    assertThat(condition(last, RolloutConditions.UP_TO_DATE).isTrue()).isTrue();
    assertThat(condition(last, RolloutConditions.ROLLOUT_STALLED).isTrue()).isFalse();
    assertThat(steps.stream().flatMap(p -> p.events().stream()).map(e -> e.reason()))
        .contains("RolloutStarted", "ReplacingInstances", "RolloutFinished");
    // While it rolled, status said so (and the cluster kept being polled).
    assertThat(steps.get(0).conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo(RolloutConditions.UP_TO_DATE);
              assertThat(c.reason()).isEqualTo("RollingOut");
            });
  }

  @Test
  void controlPlaneGroupsUseTheLoadBalancersHealthAndEveryGroupHoldsTerminationsForTheNode()
      throws Exception {
    ClusterContext cluster = threeWorkers("1.31");
    untilReady(aws.driver(), cluster);

    for (AutoScalingGroup g : aws.groups()) {
      boolean controlPlane = isControlPlane(cluster, g.autoScalingGroupName());
      assertThat(g.healthCheckType()).isEqualTo(controlPlane ? "ELB" : "EC2");
      if (controlPlane) {
        assertThat(g.healthCheckGracePeriod())
            .isEqualTo((int) ControlPlaneLayout.HEALTH_GRACE.toSeconds());
      }
      var hooks =
          clients
              .autoScaling()
              .describeLifecycleHooks(r -> r.autoScalingGroupName(g.autoScalingGroupName()))
              .lifecycleHooks();
      assertThat(hooks)
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.lifecycleHookName()).isEqualTo(BootstrapUserData.TERMINATION_HOOK);
                assertThat(h.lifecycleTransition())
                    .isEqualTo("autoscaling:EC2_INSTANCE_TERMINATING");
                assertThat(h.defaultResult()).isEqualTo("CONTINUE");
              });
      // The node completes that hook itself: a member after kubeadm reset took it out of etcd.
      String userData = aws.userData(g.autoScalingGroupName());
      assertThat(userData)
          .contains("autoscaling/target-lifecycle-state")
          .contains("complete-lifecycle-action")
          .contains("--auto-scaling-group-name '" + g.autoScalingGroupName() + "'")
          .contains("--lifecycle-hook-name '" + BootstrapUserData.TERMINATION_HOOK + "'")
          .doesNotContain("${");
      if (controlPlane) {
        assertThat(userData).contains("kubeadm reset -f || true");
      } else {
        assertThat(userData).contains("kubectl cordon");
      }
      assertThat(BootstrapSecretsTest.bashSyntaxErrors(userData))
          .as(g.autoScalingGroupName() + ": bash -n")
          .isEmpty();
    }
  }

  @Test
  void aRolloutKilledAfterEveryWriteLeavesNoExtraInstanceAndNoGroupShort() throws Exception {
    ClusterContext before = threeWorkers("1.31");
    untilReady(aws.driver(), before);
    Set<String> oldInstances = instances();

    // Each process makes one change in the cloud and dies before it hears the answer; the next
    // starts with nothing in memory and continues from what the cloud shows.
    ClusterContext after = threeWorkers("1.32.3");
    InServiceSampler sampler = sampler(before);
    int crashes = 0;
    boolean ready = false;
    for (int process = 0; process < 200 && !ready; process++) {
      try (AwsClients doomed =
          MotoServer.shared().clients(List.of(sampler, CrashAfter.firstWrite()))) {
        SelfManagedClusterDriver driver = SelfManagedFixture.driver(doomed);
        ready = driver.reconcile(after).ready();
      } catch (SimulatedCrash e) {
        assertThat(e).hasStackTraceContaining("simulated crash after");
        crashes++;
      }
    }
    System.out.println("rollout killed after every write: " + crashes + " crashes");
    assertThat(ready).isTrue();
    assertThat(crashes).isGreaterThan(10);

    assertThat(instances()).hasSize(6).doesNotContainAnyElementsOf(oldInstances);
    assertThat(sampler.lowest.get(ClusterNodeGroups.cloudName(after, "workers")))
        .isGreaterThanOrEqualTo(3);
    assertThat(sampler.lowestControlPlane).isGreaterThanOrEqualTo(2);
    assertSettledOnTheNewVersion(after);
  }

  @Test
  void aSpecChangeMidRolloutContinuesFromWhereTheCloudIs() throws Exception {
    untilReady(aws.driver(), threeWorkers("1.31"));
    Set<String> oldInstances = instances();
    SelfManagedClusterDriver driver = aws.driver();
    driver.reconcile(threeWorkers("1.32.3"));
    driver.reconcile(threeWorkers("1.32.3"));

    ClusterContext latest = threeWorkers("1.33.1");
    untilReady(aws.driver(), latest);

    assertThat(instances()).hasSize(6).doesNotContainAnyElementsOf(oldInstances);
    assertSettledOnTheNewVersion(latest);
  }

  @Test
  void aFailingNewInstanceStallsTheRolloutWithItsReason() throws Exception {
    untilReady(aws.driver(), threeWorkers("1.31"));
    ClusterContext after = threeWorkers("1.32.3");
    String workers = ClusterNodeGroups.cloudName(after, "workers");
    List<String> oldWorkers = instancesOf(workers);
    SelfManagedClusterDriver driver = aws.driver();
    driver.reconcile(after); // the surge: a fourth worker from the new version
    String fresh =
        aws.group(workers).instances().stream()
            .map(Instance::instanceId)
            .filter(id -> "2".equals(versionTag(id)))
            .findFirst()
            .orElseThrow();
    clients.autoScaling().setInstanceHealth(r -> r.instanceId(fresh).healthStatus("Unhealthy"));

    ClusterProgress stalled = driver.reconcile(after);
    ClusterProgress stillStalled = driver.reconcile(after);

    Condition c = condition(stalled, RolloutConditions.ROLLOUT_STALLED);
    assertThat(c.isTrue()).isTrue();
    assertThat(c.message()).contains(fresh, "unhealthy");
    assertThat(condition(stalled, RolloutConditions.UP_TO_DATE).reason())
        .isEqualTo(RolloutConditions.ROLLOUT_STALLED);
    assertThat(condition(stillStalled, RolloutConditions.ROLLOUT_STALLED).isTrue()).isTrue();
    assertThat(stalled.ready()).isFalse();
    // Paused: while the new worker fails, every old one stays.
    assertThat(instancesOf(workers)).hasSize(4).containsAll(oldWorkers).contains(fresh);
  }

  // --- helpers ---

  private InServiceSampler sampler(ClusterContext cluster) {
    return new InServiceSampler(clients.autoScaling(), name -> isControlPlane(cluster, name));
  }

  private static boolean isControlPlane(ClusterContext cluster, String group) {
    // Control-plane groups are named cp-<zone> (and cp-<zone>-join) within the cluster's prefix.
    return group.startsWith("strato-" + cluster.name() + "-cp-");
  }

  /** Every group at its spec's capacity, every instance on its group's version, no rollout left. */
  private void assertSettledOnTheNewVersion(ClusterContext cluster) {
    for (AutoScalingGroup g : aws.groups()) {
      boolean controlPlane = isControlPlane(cluster, g.autoScalingGroupName());
      int capacity = controlPlane ? 1 : 3;
      assertThat(g.desiredCapacity()).as(g.autoScalingGroupName()).isEqualTo(capacity);
      assertThat(g.maxSize()).isEqualTo(controlPlane ? 1 : 5);
      assertThat(g.instances()).hasSize(capacity);
      assertThat(g.tags().stream().map(t -> t.key())).doesNotContain("strato.io/rollout-base");
      for (Instance i : g.instances()) {
        assertThat(i.lifecycleStateAsString()).isEqualTo("InService");
        assertThat(versionTag(i.instanceId())).isEqualTo(g.launchTemplate().version());
      }
    }
    // No instance outside the groups: nothing running that a crash left behind.
    Set<String> running =
        clients
            .ec2()
            .describeInstances(
                r -> r.filters(f -> f.name("instance-state-name").values("running", "pending")))
            .reservations()
            .stream()
            .flatMap(r -> r.instances().stream())
            .map(i -> i.instanceId())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(running).isEqualTo(instances());
  }

  private Set<String> instances() {
    Set<String> all = new TreeSet<>();
    aws.groups().forEach(g -> g.instances().forEach(i -> all.add(i.instanceId())));
    return all;
  }

  private List<String> instancesOf(String group) {
    return new ArrayList<>(
        aws.group(group).instances().stream().map(Instance::instanceId).toList());
  }

  private String versionTag(String instanceId) {
    Map<String, String> tags = new TreeMap<>();
    clients
        .ec2()
        .describeInstances(r -> r.instanceIds(instanceId))
        .reservations()
        .get(0)
        .instances()
        .get(0)
        .tags()
        .forEach((Tag t) -> tags.put(t.key(), t.value()));
    return tags.get("strato.io/launch-template-version");
  }

  private static Condition condition(ClusterProgress p, String type) {
    return p.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
  }
}
