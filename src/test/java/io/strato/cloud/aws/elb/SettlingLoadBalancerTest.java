package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.SettlingLoadBalancers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new NLB is polled until active: the poll after the create reads only its state, and anything
 * else (a changed spec, a new spec version, a load balancer gone, a fresh process) observes in
 * full.
 */
class SettlingLoadBalancerTest {

  private static final Ownership OWNER = LoadBalancerLifecycleTest.OWNER;

  private AwsLoadBalancers provider;
  private SettlingLoadBalancers settling;

  @BeforeEach
  void freshAccount() {
    Emulator.freshAccount("c1");
    provider = new AwsLoadBalancers(Emulator.clients());
    settling = new SettlingLoadBalancers(provider);
  }

  @Test
  void thePollAfterTheCreateReadsOnlyTheLoadBalancersState() {
    Ensured<LoadBalancerStatus> created = settling.ensure(OWNER, 1, web());
    assertThat(created.settled()).as("moto's new NLB is provisioning, as AWS's").isFalse();
    Emulator.clients().metrics().reset();

    Ensured<LoadBalancerStatus> polled = settling.ensure(OWNER, 1, web());

    assertThat(Emulator.calls()).isEqualTo(Map.of("DescribeLoadBalancers", 1L));
    assertThat(polled.settled()).isTrue();
    assertThat(polled.outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(polled.status().arn()).isEqualTo(created.status().arn());
    assertThat(polled.status().listeners()).isEqualTo(created.status().listeners());
    assertThat(polled.status().dnsName()).isEqualTo(Emulator.loadBalancer("web").dnsName());
  }

  @Test
  void aSettledLoadBalancerIsNotRememberedSoTheNextEnsureObservesInFull() {
    settling.ensure(OWNER, 1, web());
    assertThat(settling.ensure(OWNER, 1, web()).settled()).isTrue();
    Emulator.clients().metrics().reset();

    settling.ensure(OWNER, 1, web());

    assertThat(Emulator.calls()).containsKeys("DescribeListeners", "DescribeTags");
  }

  @Test
  void aChangedSpecIsAppliedInFull() {
    settling.ensure(OWNER, 1, web());
    LoadBalancerSpec withDns =
        Specs.withListeners(web(), List.of(web().listeners().get(0), tcp(53, 30053)));

    settling.ensure(OWNER, 2, withDns);

    assertThat(Emulator.listeners(Emulator.loadBalancer("web").loadBalancerArn()))
        .extracting(l -> l.port())
        .containsExactlyInAnyOrder(80, 53);
  }

  @Test
  void anotherSpecVersionObservesInFullEvenWithAnEqualSpec() {
    settling.ensure(OWNER, 1, web());
    Emulator.clients().metrics().reset();

    settling.ensure(OWNER, 3, web());

    assertThat(Emulator.calls()).containsKeys("DescribeListeners", "DescribeTags");
  }

  @Test
  void aLoadBalancerDeletedWhileProvisioningIsMadeAgain() {
    String first = settling.ensure(OWNER, 1, web()).status().arn();
    Emulator.aws().elb().deleteLoadBalancer(r -> r.loadBalancerArn(first));

    Ensured<LoadBalancerStatus> again = settling.ensure(OWNER, 1, web());

    assertThat(again.outcome()).isEqualTo(ChangeOutcome.CREATED);
    assertThat(Emulator.loadBalancersNamed("web")).hasSize(1);
    assertThat(Emulator.listeners(again.status().arn())).hasSize(2);
  }

  @Test
  void aFreshProcessRemembersNothing() {
    settling.ensure(OWNER, 1, web());
    Emulator.clients().metrics().reset();

    new SettlingLoadBalancers(provider).ensure(OWNER, 1, web());

    assertThat(Emulator.calls()).containsKeys("DescribeListeners", "DescribeTags");
  }

  private static LoadBalancerSpec web() {
    return LoadBalancerLifecycleTest.web();
  }
}
