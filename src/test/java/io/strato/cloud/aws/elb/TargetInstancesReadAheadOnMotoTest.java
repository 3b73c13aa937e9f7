package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.WorkQueue;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Load balancers queued together share the DescribeInstances that finds their targets' security
 * groups (the slowest read of a create): one read answers every key queued before it was sent, and
 * a key queued after it reads again, so an instance moved to another group before that key was
 * queued is seen. Each key is taken from the engine's own {@link WorkQueue} on this thread, as a
 * worker takes it, so the order is exact.
 */
class TargetInstancesReadAheadOnMotoTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final WorkQueue<String> queue =
      new WorkQueue<>(scheduler, new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));
  private AwsClients clients;
  private AwsFixtures network;
  private List<Target> targets;

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    clients = MotoServer.shared().clients();
    var ec2 = AwsAccount.aws().ec2();
    String image = AwsFixtures.imageId(ec2);
    String nodes =
        ec2.createSecurityGroup(
                r -> r.groupName("nodes").description("nodes").vpcId(network.vpcId()))
            .groupId();
    targets =
        ec2
            .runInstances(
                r ->
                    r.imageId(image)
                        .instanceType("t3.micro")
                        .minCount(3)
                        .maxCount(3)
                        .securityGroupIds(nodes)
                        .subnetId(network.privateSubnets().get(0)))
            .instances()
            .stream()
            .map(Instance::instanceId)
            .sorted()
            .map(Target::new)
            .toList();
  }

  @AfterEach
  void close() {
    queue.shutdown();
    scheduler.shutdownNow();
    clients.close();
  }

  private LoadBalancerSpec spec(String name) {
    return Specs.with(
            Specs.spec(name, Scheme.INTERNET_FACING, List.of(Specs.tcp(80, 30080))),
            SubnetSelection.discover(null),
            List.of(),
            List.of(),
            targets,
            null,
            Map.of())
        .withTargetIngress(TargetIngress.LOAD_BALANCER_GROUP);
  }

  /** The groups the nodes' (sole, shared) security group admits. */
  private Set<String> admittedByNodes() {
    var ec2 = AwsAccount.aws().ec2();
    String nodeGroup =
        ec2.describeInstances(r -> r.instanceIds(targets.get(0).id()))
            .reservations()
            .get(0)
            .instances()
            .get(0)
            .securityGroups()
            .get(0)
            .groupId();
    Set<String> out = new TreeSet<>();
    ec2.describeSecurityGroups(r -> r.groupIds(nodeGroup))
        .securityGroups()
        .get(0)
        .ipPermissions()
        .forEach(p -> p.userIdGroupPairs().forEach(g -> out.add(g.groupId())));
    return out;
  }

  /** Takes the next key as a worker does, ensures its load balancer, and is done. */
  private void ensureNext(AwsLoadBalancers lbs, String expected) throws Exception {
    String key = queue.take();
    try {
      assertThat(key).isEqualTo(expected);
      lbs.ensure(new Ownership("uid-" + key, "Service", "shop/" + key, "c1"), spec(key));
    } finally {
      queue.done(key);
    }
  }

  @Test
  void oneInstanceReadAnswersTheKeysQueuedBeforeItAndNoLaterOne() throws Exception {
    AwsLoadBalancers lbs = new AwsLoadBalancers(clients);
    List.of("a", "b", "c").forEach(queue::add);
    for (String key : List.of("a", "b", "c")) {
      ensureNext(lbs, key);
    }
    assertThat(ElbScenes.callsOf(clients, "DescribeInstances"))
        .as("one read of the targets for the three queued")
        .isEqualTo(1);
    assertThat(admittedByNodes())
        .as("the shared read still opened the nodes' group to each")
        .containsAll(
            List.of("a", "b", "c").stream()
                .map(k -> AwsAccount.loadBalancer(k).securityGroups().get(0))
                .toList());

    queue.add("d");
    ensureNext(lbs, "d");
    assertThat(ElbScenes.callsOf(clients, "DescribeInstances"))
        .as("queued after that read: reads again")
        .isEqualTo(2);

    lbs.ensure(new Ownership("uid-e", "Service", "shop/e", "c1"), spec("e"));
    assertThat(ElbScenes.callsOf(clients, "DescribeInstances"))
        .as("outside the engine: no kept read serves")
        .isEqualTo(3);
  }
}
