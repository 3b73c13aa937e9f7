package io.strato.controller.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.cloud.ChangeOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NetworkUnavailable condition on the mock API server: one condition, written only on change.
 */
@EnableKubernetesMockClient(crud = true)
class NetworkConditionTest {

  static KubernetesClient client;

  private ClusterNodes nodes;
  private Node stale;

  @BeforeEach
  void node() {
    nodes = new ClusterNodes(client);
    nodes.deleteAll();
    stale = nodes.register("n1", "us-east-1a", "i-0abc", "100.64.1.0/24");
  }

  private NetworkCondition at(String instant) {
    return new NetworkCondition(client, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  private List<NodeCondition> ours() {
    return nodes.get("n1").getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("NetworkUnavailable"))
        .toList();
  }

  @Test
  void aStaleCachedNodeDoesNotAddTheConditionTwice() {
    assertThat(at("2026-01-01T00:00:00Z").ensure(stale, true, "routes created in rtb-a"))
        .isEqualTo(ChangeOutcome.CREATED);
    // the informer cache has not caught up with our write yet
    assertThat(at("2026-01-01T00:00:01Z").ensure(stale, true, "routes created in rtb-a"))
        .isEqualTo(ChangeOutcome.UNCHANGED);

    assertThat(ours()).hasSize(1);
    assertThat(nodes.condition("n1", "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusDoes() {
    at("2026-01-01T00:00:00Z").ensure(nodes.get("n1"), true, "routes created in rtb-a");
    at("2026-01-01T00:05:00Z").ensure(nodes.get("n1"), true, "routes created in rtb-a, rtb-b");
    assertThat(ours())
        .singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z"))
        .satisfies(c -> assertThat(c.getMessage()).isEqualTo("routes created in rtb-a, rtb-b"));

    assertThat(at("2026-01-01T00:10:00Z").ensure(nodes.get("n1"), false, "routes not yet created"))
        .isEqualTo(ChangeOutcome.UPDATED);
    assertThat(ours())
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("NoRouteCreated"))
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:10:00Z"));
  }

  @Test
  void aNodeDeletedMeanwhileIsNothingToReport() {
    nodes.delete("n1");

    assertThat(at("2026-01-01T00:00:00Z").ensure(stale, true, "routes created in rtb-a"))
        .isEqualTo(ChangeOutcome.UNCHANGED);
  }
}
