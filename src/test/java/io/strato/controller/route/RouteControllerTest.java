package io.strato.controller.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.Result;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which node events wake the route controller: only those that can change a route. */
class RouteControllerTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger reconciles = new AtomicInteger();
  private RouteController controller;

  @BeforeEach
  void start() {
    controller =
        new RouteController(
            key -> {
              assertThat(key).isEqualTo(RouteReconciler.KEY);
              reconciles.incrementAndGet();
              return Result.done();
            },
            new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)),
            scheduler,
            new SimpleMeterRegistry());
    controller.start();
    await().untilAsserted(() -> assertThat(reconciles).hasValue(1));
  }

  @AfterEach
  void stop() {
    controller.close();
    scheduler.shutdownNow();
  }

  private static Node node(String providerId, String heartbeat, String... podCidrs) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("node-a")
        .withResourceVersion(heartbeat)
        .endMetadata()
        .withNewSpec()
        .withProviderID(providerId)
        .withPodCIDRs(podCidrs)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastHeartbeatTime(heartbeat)
        .endCondition()
        .endStatus()
        .build();
  }

  /** Lets any reconcile the events caused run, then answers how many ran in all. */
  private int settled() throws InterruptedException {
    Thread.sleep(200); // a negative check: give a wrongly queued reconcile time to show
    return reconciles.get();
  }

  @Test
  void reconcilesWhenProviderIdAndPodCidrAppearButNotOnHeartbeats() throws Exception {
    controller.onNodeEvent(node(null, "1"));
    assertThat(settled()).isEqualTo(2);

    controller.onNodeEvent(node(null, "2"));
    assertThat(settled()).isEqualTo(2);

    controller.onNodeEvent(node("aws:///us-east-1a/i-0abc", "3"));
    assertThat(settled()).isEqualTo(3);

    controller.onNodeEvent(node("aws:///us-east-1a/i-0abc", "4", "100.64.1.0/24"));
    assertThat(settled()).isEqualTo(4);

    for (int beat = 5; beat < 10; beat++) {
      controller.onNodeEvent(node("aws:///us-east-1a/i-0abc", "" + beat, "100.64.1.0/24"));
    }
    assertThat(settled()).isEqualTo(4);
  }

  @Test
  void reconcilesWhenANodeGoesAway() throws Exception {
    Node node = node("aws:///us-east-1a/i-0abc", "1", "100.64.1.0/24");
    controller.onNodeEvent(node);
    assertThat(settled()).isEqualTo(2);

    controller.onNodeDeleted(node);
    assertThat(settled()).isEqualTo(3);
  }
}
