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
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
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
            registry);
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

  /**
   * The controller asked for exactly {@code total} reconciles since it started, and all of them
   * ran. It decides on each event as the event is delivered, so its queue's adds counter is the
   * positive signal that it looked: an event that wrongly queued a reconcile fails here at once,
   * with nothing to wait for, and an event rightly ignored leaves nothing that could still run.
   */
  private void assertReconciles(int total) {
    assertThat(registry.get("strato.workqueue.adds").tag("controller", "route").counter().count())
        .as("reconciles asked for")
        .isEqualTo(total);
    await().untilAsserted(() -> assertThat(reconciles).hasValue(total));
  }

  @Test
  void reconcilesWhenProviderIdAndPodCidrAppearButNotOnHeartbeats() {
    controller.onNodeEvent(node(null, "1"));
    assertReconciles(2);

    controller.onNodeEvent(node(null, "2"));
    assertReconciles(2);

    controller.onNodeEvent(node("aws:///us-east-1a/i-0abc", "3"));
    assertReconciles(3);

    controller.onNodeEvent(node("aws:///us-east-1a/i-0abc", "4", "100.64.1.0/24"));
    assertReconciles(4);

    for (int beat = 5; beat < 10; beat++) {
      controller.onNodeEvent(node("aws:///us-east-1a/i-0abc", "" + beat, "100.64.1.0/24"));
    }
    assertReconciles(4);
  }

  @Test
  void reconcilesWhenANodeGoesAway() {
    Node node = node("aws:///us-east-1a/i-0abc", "1", "100.64.1.0/24");
    controller.onNodeEvent(node);
    assertReconciles(2);

    controller.onNodeDeleted(node);
    assertReconciles(3);
  }
}
