package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.CERT;
import static io.strato.cloud.aws.elb.Specs.tcp;
import static io.strato.cloud.aws.elb.Specs.tls;
import static io.strato.cloud.aws.elb.Specs.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerPlanTest {

  private static final Map<Integer, String> GROUPS =
      Map.of(80, "tg-80", 443, "tg-443", 53, "tg-53");

  private static ObservedListener have(int port, String protocol, String group) {
    return new ObservedListener("l-" + port, port, protocol, group, null, null);
  }

  @Test
  void nothingExistsSoEveryListenerIsCreated() {
    ListenerPlan plan = ListenerPlan.of(List.of(tcp(80, 1), tls(443, 2)), List.of(), GROUPS);

    assertThat(plan.create()).extracting(l -> l.port()).containsExactly(80, 443);
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.modify()).isEmpty();
  }

  @Test
  void listenersInPlaceNeedNothing() {
    ObservedListener tlsListener =
        new ObservedListener("l-443", 443, "TLS", "tg-443", CERT, "ELBSecurityPolicy-2016-08");

    ListenerPlan plan =
        ListenerPlan.of(
            List.of(tcp(80, 1), tls(443, 2)),
            List.of(have(80, "TCP", "tg-80"), tlsListener),
            GROUPS);

    assertThat(plan.isEmpty()).as("a null SSL policy leaves the cloud's choice alone").isTrue();
  }

  @Test
  void aRemovedPortIsDeletedAndAMovedTargetGroupIsModified() {
    ListenerPlan plan =
        ListenerPlan.of(
            List.of(tcp(80, 1)),
            List.of(have(80, "TCP", "tg-old"), have(53, "UDP", "tg-53")),
            GROUPS);

    assertThat(plan.delete()).extracting(ObservedListener::port).containsExactly(53);
    assertThat(plan.modify())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.action()).isTrue();
              assertThat(m.certificate()).isFalse();
              assertThat(m.targetGroupArn()).isEqualTo("tg-80");
            });
  }

  @Test
  void aProtocolChangeOnAPortIsADeleteAndACreate() {
    ListenerPlan plan =
        ListenerPlan.of(List.of(udp(53, 1)), List.of(have(53, "TCP", "tg-53")), GROUPS);

    assertThat(plan.delete()).extracting(ObservedListener::port).containsExactly(53);
    assertThat(plan.create()).extracting(l -> l.protocol().name()).containsExactly("UDP");
  }

  @Test
  void certificateAndPolicyChangeInPlace() {
    ObservedListener current =
        new ObservedListener("l-443", 443, "TLS", "tg-443", "arn:old", "ELBSecurityPolicy-2016-08");

    ListenerPlan plan =
        ListenerPlan.of(
            List.of(Specs.withSslPolicy(tls(443, 2), "ELBSecurityPolicy-TLS13-1-2-2021-06")),
            List.of(current),
            GROUPS);

    assertThat(plan.modify())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.action()).isFalse();
              assertThat(m.certificate()).isTrue();
              assertThat(m.sslPolicy()).isTrue();
            });
  }

  @Test
  void aTwinOnOnePortIsDeleted() {
    ListenerPlan plan =
        ListenerPlan.of(
            List.of(tcp(80, 1)),
            List.of(
                have(80, "TCP", "tg-80"),
                new ObservedListener("l-twin", 80, "TCP", "tg-80", null, null)),
            GROUPS);

    assertThat(plan.delete()).extracting(ObservedListener::arn).containsExactly("l-twin");
  }
}
