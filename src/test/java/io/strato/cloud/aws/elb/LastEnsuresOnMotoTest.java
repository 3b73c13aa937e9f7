package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.LastEnsures;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.testsupport.AwsAccount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new NLB is polled until active: the poll after the create reads only its state, and anything
 * else (a changed spec, a new spec version, a load balancer gone, a fresh process) observes in
 * full.
 */
class LastEnsuresOnMotoTest {

  private static final Ownership OWNER = LoadBalancerLifecycleTest.OWNER;

  private AwsLoadBalancers provider;
  private LastEnsures lastEnsures;

  @BeforeEach
  void freshAccount() {
    AwsAccount.freshAccount("c1");
    provider = new AwsLoadBalancers(AwsAccount.clients());
    lastEnsures = LastEnsures.whileSettling(provider);
  }

  @Test
  void thePollAfterTheCreateReadsOnlyTheLoadBalancersState() {
    Ensured<LoadBalancerStatus> created = lastEnsures.ensure(OWNER, 1, web());
    assertThat(created.settled()).as("moto's new NLB is provisioning, as AWS's").isFalse();
    AwsAccount.clients().metrics().reset();

    Ensured<LoadBalancerStatus> polled = lastEnsures.ensure(OWNER, 1, web());

    assertThat(AwsAccount.calls()).isEqualTo(Map.of("DescribeLoadBalancers", 1L));
    assertThat(polled.settled()).isTrue();
    assertThat(polled.outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(polled.status().arn()).isEqualTo(created.status().arn());
    assertThat(polled.status().listeners()).isEqualTo(created.status().listeners());
    assertThat(polled.status().dnsName()).isEqualTo(AwsAccount.loadBalancer("web").dnsName());
  }

  @Test
  void aSettledLoadBalancerIsNotRememberedSoTheNextEnsureObservesInFull() {
    lastEnsures.ensure(OWNER, 1, web());
    assertThat(lastEnsures.ensure(OWNER, 1, web()).settled()).isTrue();
    AwsAccount.clients().metrics().reset();

    lastEnsures.ensure(OWNER, 1, web());

    assertThat(AwsAccount.calls()).containsKeys("DescribeListeners", "DescribeTags");
  }

  @Test
  void aChangedSpecIsAppliedInFull() {
    lastEnsures.ensure(OWNER, 1, web());
    LoadBalancerSpec withDns =
        Specs.withListeners(web(), List.of(web().listeners().get(0), tcp(53, 30053)));

    lastEnsures.ensure(OWNER, 2, withDns);

    assertThat(AwsAccount.listeners(AwsAccount.loadBalancer("web").loadBalancerArn()))
        .extracting(l -> l.port())
        .containsExactlyInAnyOrder(80, 53);
  }

  @Test
  void anotherSpecVersionObservesInFullEvenWithAnEqualSpec() {
    lastEnsures.ensure(OWNER, 1, web());
    AwsAccount.clients().metrics().reset();

    lastEnsures.ensure(OWNER, 3, web());

    assertThat(AwsAccount.calls()).containsKeys("DescribeListeners", "DescribeTags");
  }

  @Test
  void aLoadBalancerDeletedWhileProvisioningIsMadeAgain() {
    String first = lastEnsures.ensure(OWNER, 1, web()).status().arn();
    AwsAccount.aws().elb().deleteLoadBalancer(r -> r.loadBalancerArn(first));

    Ensured<LoadBalancerStatus> again = lastEnsures.ensure(OWNER, 1, web());

    assertThat(again.outcome()).isEqualTo(ChangeOutcome.CREATED);
    assertThat(AwsAccount.loadBalancersNamed("web")).hasSize(1);
    assertThat(AwsAccount.listeners(again.status().arn())).hasSize(2);
  }

  @Test
  void aFreshProcessRemembersNothing() {
    lastEnsures.ensure(OWNER, 1, web());
    AwsAccount.clients().metrics().reset();

    LastEnsures.whileSettling(provider).ensure(OWNER, 1, web());

    assertThat(AwsAccount.calls()).containsKeys("DescribeListeners", "DescribeTags");
  }

  @Test
  void aPortAddedToASettledLoadBalancerIsAddedWithoutObservingItAgain() {
    LastEnsures ccm = LastEnsures.includingSettled(provider);
    ccm.ensure(OWNER, 1, web());
    assertThat(ccm.ensure(OWNER, 1, web()).settled()).isTrue();
    AwsAccount.clients().metrics().reset();

    Ensured<LoadBalancerStatus> added = ccm.ensure(OWNER, 2, withDns());

    assertThat(AwsAccount.calls())
        .as("listeners as remembered, ownership, the security group's rules, then 3 changes")
        .isEqualTo(
            Map.of(
                "DescribeListeners", 1L,
                "DescribeTags", 1L,
                "DescribeSecurityGroups", 1L,
                "AuthorizeSecurityGroupIngress", 1L,
                "CreateTargetGroup", 1L,
                "CreateListener", 1L));
    assertThat(added.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(added.settled()).isTrue();
    String arn = AwsAccount.loadBalancer("web").loadBalancerArn();
    assertThat(AwsAccount.listeners(arn))
        .extracting(l -> l.port() + "/" + l.protocolAsString())
        .containsExactlyInAnyOrder("80/TCP", "443/TLS", "53/UDP");
    assertThat(added.status().listeners()).extracting(l -> l.port()).containsExactly(53, 80, 443);
    assertThat(ElbScenes.ingress(AwsAccount.securityGroupsNamed("strato-nlb-web").get(0)))
        .contains("udp/53/0.0.0.0/0");
    assertThat(ElbScenes.targetGroupsOf("web")).hasSize(3);
    ElbScenes.targetGroupsOf("web")
        .forEach(
            g ->
                assertThat(AwsAccount.tags(g.targetGroupArn()))
                    .containsEntry("strato.io/owner", "uid-web")
                    .containsEntry("strato.io/load-balancer", "web"));
  }

  @Test
  void aRemovedPortIsEnsuredInFull() {
    LastEnsures ccm = LastEnsures.includingSettled(provider);
    ccm.ensure(OWNER, 1, withDns());
    ccm.ensure(OWNER, 1, withDns());
    AwsAccount.clients().metrics().reset();

    ccm.ensure(OWNER, 2, web());

    assertThat(AwsAccount.calls()).containsKeys("DescribeListeners", "DeleteListener");
    assertThat(ElbScenes.targetGroupsOf("web")).hasSize(2);
  }

  @Test
  void aMemoryTheCloudContradictsFallsBackToAFullEnsure() {
    LastEnsures ccm = LastEnsures.includingSettled(provider);
    ccm.ensure(OWNER, 1, web());
    ccm.ensure(OWNER, 1, web());
    // By hand, behind Strato's back: the port 80 listener and its group go.
    String arn = AwsAccount.loadBalancer("web").loadBalancerArn();
    var http = AwsAccount.listeners(arn).stream().filter(l -> l.port() == 80).findFirst().get();
    AwsAccount.aws().elb().deleteListener(r -> r.listenerArn(http.listenerArn()));
    AwsAccount.aws()
        .elb()
        .deleteTargetGroup(r -> r.targetGroupArn(http.defaultActions().get(0).targetGroupArn()));

    ccm.ensure(OWNER, 2, withDns());

    assertThat(AwsAccount.listeners(arn))
        .extracting(l -> l.port())
        .containsExactlyInAnyOrder(80, 443, 53);
    assertThat(ElbScenes.targetGroupsOf("web")).hasSize(3);
  }

  private static LoadBalancerSpec withDns() {
    List<io.strato.cloud.loadbalancer.ListenerSpec> listeners =
        new java.util.ArrayList<>(web().listeners());
    listeners.add(Specs.udp(53, 30053));
    return Specs.withListeners(web(), listeners);
  }

  private static LoadBalancerSpec web() {
    return LoadBalancerLifecycleTest.web();
  }
}
