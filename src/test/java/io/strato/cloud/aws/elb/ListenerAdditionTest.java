package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static io.strato.cloud.aws.elb.Specs.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which spec changes count as "listeners added" (no cloud): anything else is ensured in full. */
class ListenerAdditionTest {

  private static final LoadBalancerSpec WEB =
      Specs.spec("web", Scheme.INTERNET_FACING, List.of(tcp(80, 30080)));

  @Test
  void aListenerOnANewPortIsAnAddition() {
    LoadBalancerSpec more = Specs.withListeners(WEB, List.of(tcp(80, 30080), udp(53, 30053)));

    assertThat(ListenerAddition.added(WEB, more)).containsExactly(udp(53, 30053));
  }

  @Test
  void theSameSpecAddsNothing() {
    assertThat(ListenerAddition.added(WEB, WEB)).isEmpty();
  }

  @Test
  void aChangedOrRemovedListenerIsNotAnAddition() {
    LoadBalancerSpec moved = Specs.withListeners(WEB, List.of(tcp(80, 30081), udp(53, 30053)));
    LoadBalancerSpec replaced = Specs.withListeners(WEB, List.of(udp(53, 30053)));
    LoadBalancerSpec samePort = Specs.withListeners(WEB, List.of(tcp(80, 30080), udp(80, 30053)));

    assertThat(ListenerAddition.added(WEB, moved)).isEmpty();
    assertThat(ListenerAddition.added(WEB, replaced)).isEmpty();
    assertThat(ListenerAddition.added(WEB, samePort)).isEmpty();
  }

  @Test
  void anythingElseChangedAlongsideIsNotAnAddition() {
    LoadBalancerSpec more = Specs.withListeners(WEB, List.of(tcp(80, 30080), udp(53, 30053)));
    LoadBalancerSpec withTargets =
        Specs.with(
            more,
            more.subnets(),
            List.of(),
            List.of(),
            List.of(new Target("i-1")),
            null,
            more.tags());
    LoadBalancerSpec tagged =
        Specs.with(more, more.subnets(), List.of(), List.of(), List.of(), null, Map.of("a", "b"));

    assertThat(ListenerAddition.added(WEB, withTargets)).isEmpty();
    assertThat(ListenerAddition.added(WEB, tagged)).isEmpty();
  }
}
