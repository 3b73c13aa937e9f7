package io.strato.controller.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.InstanceState;
import io.strato.cloud.instance.Instances;
import io.strato.cloud.instance.NodeRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Fast tier: how look-ups are batched, against a fake cloud that records every call. */
class InstanceLookupsTest {

  /** A cloud where every node named {@code ok-*} has a running instance. */
  private static final class RecordingInstances implements Instances {
    final List<List<String>> calls = new ArrayList<>();

    @Override
    public Map<String, InstanceMetadata> lookup(Collection<NodeRef> nodes) {
      calls.add(nodes.stream().map(NodeRef::nodeName).sorted().toList());
      return nodes.stream()
          .filter(n -> n.nodeName().startsWith("ok-"))
          .collect(Collectors.toMap(NodeRef::nodeName, n -> instance(n.nodeName())));
    }
  }

  private static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final RecordingInstances cloud = new RecordingInstances();
  private final StepClock clock = new StepClock();
  private final InstanceLookups lookups =
      new InstanceLookups(cloud, clock, Duration.ofSeconds(5), Duration.ofSeconds(1));

  @Test
  void theFirstLookUpAnswersEveryExpectedNodeAndTheOthersCostNothing() {
    for (int n = 0; n < 3; n++) {
      lookups.expect(ref("ok-" + n));
    }
    lookups.expect(ref("missing"));

    assertThat(lookups.find(ref("ok-0"))).isPresent();
    assertThat(lookups.find(ref("ok-1"))).isPresent();
    assertThat(lookups.find(ref("ok-2"))).isPresent();
    assertThat(lookups.find(ref("missing"))).isEmpty();

    assertThat(cloud.calls).containsExactly(List.of("missing", "ok-0", "ok-1", "ok-2"));
  }

  @Test
  void anAnswerServesOnlyWhileFresh() {
    lookups.find(ref("ok-1"));
    clock.now = clock.now.plusSeconds(6);

    lookups.find(ref("ok-1"));

    assertThat(cloud.calls).hasSize(2);
  }

  @Test
  void aForgottenNodeIsNotLookedUp() {
    lookups.expect(ref("ok-gone"));
    lookups.forget("ok-gone");

    lookups.find(ref("ok-1"));

    assertThat(cloud.calls).containsExactly(List.of("ok-1"));
  }

  @Test
  void aNewlyExpectedNodeWaitsTheGatheringWindowFromItsFirstEventOnly() {
    lookups.expect(ref("ok-1"));
    clock.now = clock.now.plusMillis(400);
    lookups.expect(ref("ok-1"));

    assertThat(lookups.gathering("ok-1")).contains(Duration.ofMillis(600));
    clock.now = clock.now.plusMillis(600);
    assertThat(lookups.gathering("ok-1")).isEmpty();
    assertThat(lookups.gathering("never-expected")).isEmpty();
  }

  @Test
  void aNodeAnsweredByAnotherNodesBatchDoesNotWait() {
    lookups.expect(ref("ok-1"));
    lookups.expect(ref("ok-2"));
    clock.now = clock.now.plusSeconds(1);
    lookups.find(ref("ok-1"));

    assertThat(lookups.gathering("ok-2")).isEmpty();
    assertThat(lookups.find(ref("ok-2"))).isPresent();
    assertThat(cloud.calls).hasSize(1);
  }

  private static NodeRef ref(String name) {
    return new NodeRef(name, null, null);
  }

  private static InstanceMetadata instance(String name) {
    return new InstanceMetadata(
        "i-" + name,
        "aws:///us-east-1a/i-" + name,
        "m5.large",
        "us-east-1a",
        "us-east-1",
        null,
        InstanceState.RUNNING,
        List.of());
  }
}
