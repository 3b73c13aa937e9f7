package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.WorkQueue;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's queued keys share the reads before their ensures on moto: one page of the account
 * answers the look-up by name of every key queued before it was read, and one subnet discovery
 * their placement; a key queued after a read never gets it. Each key is taken from the engine's own
 * {@link WorkQueue} on this thread, as a worker takes it, so the order is exact.
 */
class ReadAheadOnMotoTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final WorkQueue<String> queue =
      new WorkQueue<>(scheduler, new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));
  private AwsClients clients;
  private AwsFixtures network;

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    clients = MotoServer.shared().clients();
  }

  @AfterEach
  void close() {
    queue.shutdown();
    scheduler.shutdownNow();
    clients.close();
  }

  private String existing(String name, String owner) {
    return ElbScenes.existingLoadBalancer(network, name, owner);
  }

  private long calls(String operation) {
    return ElbScenes.callsOf(clients, operation);
  }

  /** Takes the next key as a worker does, looks its name up before an ensure, and is done. */
  private Optional<ObservedLoadBalancer> reconcileNext(NetworkLoadBalancers lbs, String expected)
      throws Exception {
    String key = queue.take();
    try {
      assertThat(key).isEqualTo(expected);
      return lbs.findBeforeEnsure(key);
    } finally {
      queue.done(key);
    }
  }

  @Test
  void onePageAnswersTheQueuedLookUpsAndAReadOlderThanAKeysEnqueueIsNeverServed() throws Exception {
    existing("owned-0", "uid-0");
    existing("foreign-1", "someone-else");
    String gone = existing("gone-2", "uid-2");
    AwsAccount.aws().elb().deleteLoadBalancer(r -> r.loadBalancerArn(gone));
    NetworkLoadBalancers lbs = new NetworkLoadBalancers(clients.elb(), new ElbTags(clients.elb()));
    List.of("owned-0", "foreign-1", "gone-2", "new-3").forEach(queue::add);

    assertThat(reconcileNext(lbs, "owned-0")).map(ObservedLoadBalancer::name).contains("owned-0");
    assertThat(reconcileNext(lbs, "foreign-1"))
        .as("found as alone: the ensure's ownership check then refuses it")
        .map(ObservedLoadBalancer::name)
        .contains("foreign-1");
    assertThat(reconcileNext(lbs, "gone-2")).as("deleted before the page was read").isEmpty();
    assertThat(reconcileNext(lbs, "new-3")).isEmpty();
    assertThat(calls("DescribeLoadBalancers")).as("one page for the four queued").isEqualTo(1);

    // Made after that page was read, then queued: the page may not answer for it (it would say
    // absent, and an ensure would create a twin); a new page is read, which serves the key queued
    // behind it too.
    existing("late-4", "uid-4");
    queue.add("late-4");
    queue.add("new-5");
    assertThat(reconcileNext(lbs, "late-4")).map(ObservedLoadBalancer::name).contains("late-4");
    assertThat(reconcileNext(lbs, "new-5")).isEmpty();
    assertThat(calls("DescribeLoadBalancers")).isEqualTo(2);

    // Alone in the queue, with no page read since it was queued: looked up by name, as before.
    queue.add("owned-0");
    assertThat(reconcileNext(lbs, "owned-0")).isPresent();
    assertThat(calls("DescribeLoadBalancers")).isEqualTo(3);
    assertThat(lbs.findBeforeEnsure("owned-0"))
        .as("outside the engine: no page serves, a look-up by name")
        .isPresent();
    assertThat(calls("DescribeLoadBalancers")).isEqualTo(4);
  }

  @Test
  void oneSubnetDiscoveryAnswersTheKeysQueuedBeforeItAndNoLaterOne() throws Exception {
    SubnetResolver subnets = new SubnetResolver(clients.ec2());
    SubnetSelection discover = SubnetSelection.discover(network.vpcId());
    List.of("a", "b", "c").forEach(queue::add);
    for (String key : List.of("a", "b", "c")) {
      String taken = queue.take();
      assertThat(taken).isEqualTo(key);
      assertThat(
              subnets.resolve(discover, Scheme.INTERNET_FACING, "c1", Optional.empty()).subnetIds())
          .containsExactlyInAnyOrderElementsOf(network.publicSubnets());
      queue.done(taken);
    }
    assertThat(calls("DescribeSubnets")).as("one discovery for the three queued").isEqualTo(1);

    queue.add("d");
    String d = queue.take();
    subnets.resolve(discover, Scheme.INTERNET_FACING, "c1", Optional.empty());
    queue.done(d);
    assertThat(calls("DescribeSubnets")).as("queued after the discovery: reads again").isEqualTo(2);
  }
}
