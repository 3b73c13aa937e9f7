package io.strato.provisioning.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.provisioning.store.ResourceKey;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.CrashAfter;
import io.strato.testsupport.EcsScheduler;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.SimulatedCrash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Stops Strato in the middle of creating a cluster, after one AWS call in every few of a clean
 * creation, starts it again on the same store, and checks that the cluster converges with exactly
 * one of each cloud resource, and that nothing is left after delete. (The drivers' own tests crash
 * after every call of each step; this one goes through the store and the engine's resync.)
 */
class ClusterCrashRecoveryTest {

  /** Every call would take minutes for self-managed; every fifth still hits each of its steps. */
  static int stride(String type) {
    return switch (type) {
      case "self-managed" -> 5;
      case "ecs" -> 3;
      default -> 1;
    };
  }

  private static final ResourceKey CLUSTER = new ResourceKey("Cluster", "prod");

  private final MotoServer moto = MotoServer.shared();
  private String spec;

  private void emptyAccount(String type) {
    moto.reset();
    try (var clients = moto.clients()) {
      AwsFixtures network = AwsFixtures.network(clients.ec2(), null);
      String ami = AwsFixtures.imageId(clients.ec2());
      AwsFixtures.nodeProfiles(clients.iam());
      String subnets = ClusterSpecs.subnets(network.privateSubnets(), AwsFixtures.ZONES);
      spec =
          switch (type) {
            case "self-managed" -> ClusterSpecs.selfManaged(subnets, ami, "1.31", 2);
            case "ecs" -> ClusterSpecs.ecs(subnets, ami, 1, "nginx:1.27");
            default -> ClusterSpecs.eks(subnets, "1.31", 2);
          };
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"self-managed", "ecs", "eks"})
  void aCrashDuringCreationCreatesNoTwinAndLeaksNothing(String type) throws Exception {
    emptyAccount(type);
    int clean = cleanCreateCalls(type);
    int crashes = 0;
    // The count includes Application Auto Scaling calls, which SDK interceptors cannot stop, so
    // the last crash points may never be reached: stop at the first run that does not crash.
    for (int k = 1; k <= clean; k += stride(type)) {
      emptyAccount(type);
      Path dir = Files.createTempDirectory("strato-cluster-crash-");
      boolean crashed;
      try (StratoProcess first =
          new StratoProcess(dir, moto.clients(List.of(CrashAfter.call(k))))) {
        submit(first);
        try {
          converge(first);
          crashed = false;
        } catch (SimulatedCrash expected) {
          crashed = true;
          crashes++;
        }
      }
      if (!crashed) {
        break;
      }
      try (StratoProcess second = new StratoProcess(dir, moto.clients())) {
        converge(second);
        assertExactlyOneOfEach(type, "after a crash at call " + k);
        deleteAll(second);
        assertNothingLeft(type, "after a crash at call " + k);
      }
    }
    assertThat(crashes).as("crash points reached").isGreaterThan(clean / stride(type) / 2);
    System.out.printf(
        "cluster crash recovery (%s): %d calls in a clean create, %d crash points, 0 twins, 0 leaks%n",
        type, clean, crashes);
  }

  private int cleanCreateCalls(String type) throws Exception {
    Path dir = Files.createTempDirectory("strato-cluster-clean-");
    try (StratoProcess p = new StratoProcess(dir, moto.clients())) {
      submit(p);
      converge(p);
      int calls = (int) p.clients.metrics().total();
      assertExactlyOneOfEach(type, "clean run");
      deleteAll(p);
      assertNothingLeft(type, "clean run");
      return calls;
    }
  }

  private void submit(StratoProcess p) throws Exception {
    p.clusters.apply(
        "prod",
        p.json.readValue(
            "{\"spec\": " + spec + "}", new TypeReference<ApplyRequest<ClusterSpecDto>>() {}),
        null,
        Caller.inProcessAdmin());
  }

  private void converge(StratoProcess p) throws Exception {
    try (var ecs = moto.clients()) {
      for (int i = 0; i < 20 && !p.phase(CLUSTER).equals("Ready"); i++) {
        p.reconcileAll(1);
        // moto runs no ECS task: the scheduler starts what the services ask for between polls.
        EcsScheduler.placeTasks(ecs.ecs());
      }
    }
    assertThat(p.phase(CLUSTER)).isEqualTo("Ready");
  }

  private static void deleteAll(StratoProcess p) throws Exception {
    p.clusters.delete("prod", null);
    for (int i = 0; i < 30 && !p.store.keys().isEmpty(); i++) {
      p.reconcileAll(1);
    }
    assertThat(p.store.keys()).isEmpty();
  }

  private void check(Consumer<AwsClients> assertions) {
    try (var c = moto.clients()) {
      assertions.accept(c);
    }
  }

  private void assertExactlyOneOfEach(String type, String when) {
    check(
        c -> {
          switch (type) {
            case "self-managed" -> {
              assertThat(c.autoScaling().describeAutoScalingGroups().autoScalingGroups())
                  .as(when)
                  .hasSize(4);
              assertThat(c.ec2().describeLaunchTemplates().launchTemplates()).as(when).hasSize(4);
              assertThat(c.elb().describeLoadBalancers().loadBalancers()).as(when).hasSize(1);
              assertThat(c.elb().describeTargetGroups().targetGroups()).as(when).hasSize(1);
              assertThat(ownedSecurityGroups(c)).as(when).hasSize(1);
              assertThat(c.secretsManager().listSecrets().secretList())
                  .as(when + ": the CA and the token secret, no twin")
                  .hasSize(2);
            }
            case "ecs" -> {
              assertThat(c.autoScaling().describeAutoScalingGroups().autoScalingGroups())
                  .as(when)
                  .hasSize(1);
              assertThat(c.ecs().listClusters().clusterArns()).as(when).hasSize(1);
              String arn = c.ecs().listClusters().clusterArns().get(0);
              assertThat(c.ecs().listServices(r -> r.cluster(arn)).serviceArns())
                  .as(when)
                  .hasSize(1);
              assertThat(c.ecs().listTaskDefinitions().taskDefinitionArns()).as(when).hasSize(1);
            }
            default -> {
              assertThat(c.eks().listClusters().clusters()).as(when).hasSize(1);
              String name = c.eks().listClusters().clusters().get(0);
              assertThat(c.eks().listNodegroups(r -> r.clusterName(name)).nodegroups())
                  .as(when)
                  .hasSize(1);
            }
          }
        });
  }

  private void assertNothingLeft(String type, String when) {
    check(
        c -> {
          assertThat(c.autoScaling().describeAutoScalingGroups().autoScalingGroups())
              .as(when)
              .isEmpty();
          assertThat(c.ec2().describeLaunchTemplates().launchTemplates()).as(when).isEmpty();
          assertThat(c.elb().describeLoadBalancers().loadBalancers()).as(when).isEmpty();
          assertThat(c.elb().describeTargetGroups().targetGroups()).as(when).isEmpty();
          assertThat(ownedSecurityGroups(c)).as(when).isEmpty();
          assertThat(c.secretsManager().listSecrets().secretList()).as(when).isEmpty();
          assertThat(c.eks().listClusters().clusters()).as(when).isEmpty();
          assertThat(
                  c
                      .ecs()
                      .describeClusters(r -> r.clusters(c.ecs().listClusters().clusterArns()))
                      .clusters()
                      .stream()
                      .filter(cl -> "ACTIVE".equals(cl.status())))
              .as(when)
              .isEmpty();
          assertThat(
                  c.ec2()
                      .describeSubnets(
                          r ->
                              r.filters(
                                  Filter.builder()
                                      .name("tag-key")
                                      .values("kubernetes.io/cluster/prod")
                                      .build()))
                      .subnets())
              .as(when + ": the cluster tags Strato added are removed")
              .isEmpty();
        });
  }

  private static List<?> ownedSecurityGroups(AwsClients c) {
    return c.ec2()
        .describeSecurityGroups(
            r -> r.filters(Filter.builder().name("tag-key").values("strato.io/owner").build()))
        .securityGroups();
  }
}
