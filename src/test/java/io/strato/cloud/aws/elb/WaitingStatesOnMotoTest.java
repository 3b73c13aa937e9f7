package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * Load balancers created together are polled for {@code active} together on moto: the first poll
 * reads the others' states too, their own polls then make no call, each owner gets its own load
 * balancer's answer, one deleted meanwhile is gone for its owner only, and a foreign load balancer
 * is never read.
 */
class WaitingStatesOnMotoTest {

  /** The ARNs of every DescribeLoadBalancers by ARN, in order. */
  static final class ArnReads implements ExecutionInterceptor {
    final List<List<String>> reads = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
      if (context.request() instanceof DescribeLoadBalancersRequest r && r.hasLoadBalancerArns()) {
        reads.add(List.copyOf(r.loadBalancerArns()));
      }
    }
  }

  private final ArnReads arnReads = new ArnReads();
  private AwsClients clients;
  private AwsFixtures network;
  private AwsLoadBalancers provider;

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    clients = MotoServer.shared().clients(List.of(arnReads));
    provider = new AwsLoadBalancers(clients);
  }

  @AfterEach
  void close() {
    clients.close();
  }

  private static Ownership owner(int i) {
    return new Ownership("uid-" + i, "LoadBalancer", "lb-" + i, "c1");
  }

  private static LoadBalancerSpec spec(int i) {
    return Specs.spec("lb-" + i, Scheme.INTERNET_FACING, List.of(tcp(80, 30080)));
  }

  private long describeLoadBalancers() {
    return clients.metrics().snapshot().entrySet().stream()
        .filter(e -> e.getKey().endsWith(":DescribeLoadBalancers"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  @Test
  void theFirstPollAnswersTheOthersAndEachOwnerGetsItsOwnLoadBalancer() {
    List<LoadBalancerStatus> created = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      LoadBalancerStatus s = provider.ensure(owner(i), spec(i)).status();
      assertThat(s.state())
          .as("moto's new NLB is provisioning, as AWS's")
          .isEqualTo("provisioning");
      created.add(s);
    }
    clients.metrics().reset();

    List<LoadBalancerStatus> polled = new ArrayList<>();
    for (int i = 3; i >= 0; i--) {
      polled.add(0, provider.refreshState(owner(i), created.get(i)).orElseThrow());
    }

    for (int i = 0; i < 4; i++) {
      assertThat(polled.get(i).arn()).isEqualTo(created.get(i).arn());
      assertThat(polled.get(i).name()).isEqualTo("lb-" + i);
      assertThat(polled.get(i).state()).isEqualTo("active");
      assertThat(polled.get(i).dnsName()).isEqualTo(AwsAccount.loadBalancer("lb-" + i).dnsName());
    }
    assertThat(describeLoadBalancers()).as("one poll for four load balancers").isEqualTo(1);
    assertThat(arnReads.reads)
        .containsExactly(
            List.of(
                created.get(3).arn(),
                created.get(0).arn(),
                created.get(1).arn(),
                created.get(2).arn()));
  }

  @Test
  void oneDeletedWhileProvisioningIsGoneForItsOwnerOnlyAndAForeignOneIsNeverRead() {
    String foreign =
        AwsAccount.aws()
            .elb()
            .createLoadBalancer(
                r ->
                    r.name("lb-9")
                        .type(LoadBalancerTypeEnum.NETWORK)
                        .subnets(network.publicSubnets())
                        .tags(Tag.builder().key(Ownership.OWNER_TAG).value("someone").build()))
            .loadBalancers()
            .get(0)
            .loadBalancerArn();
    assertThatThrownBy(() -> provider.ensure(owner(9), spec(9)))
        .isInstanceOf(CloudException.Conflict.class);
    List<LoadBalancerStatus> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(provider.ensure(owner(i), spec(i)).status());
    }
    AwsAccount.aws().elb().deleteLoadBalancer(r -> r.loadBalancerArn(created.get(0).arn()));
    clients.metrics().reset();
    arnReads.reads.clear();

    assertThat(provider.refreshState(owner(0), created.get(0))).as("deleted").isEmpty();
    assertThat(provider.refreshState(owner(1), created.get(1)).orElseThrow().state())
        .isEqualTo("active");
    assertThat(provider.refreshState(owner(2), created.get(2)).orElseThrow().state())
        .isEqualTo("active");

    // moto fails a call whose first ARN is gone, as AWS fails any call naming a gone ARN: the
    // deleted one's owner then asks alone, and the others, no longer sharing, ask alone too.
    assertThat(arnReads.reads)
        .containsExactly(
            List.of(created.get(0).arn(), created.get(1).arn(), created.get(2).arn()),
            List.of(created.get(0).arn()),
            List.of(created.get(1).arn()),
            List.of(created.get(2).arn()));
    assertThat(arnReads.reads).noneMatch(read -> read.contains(foreign));
    assertThat(AwsAccount.loadBalancersNamed("lb-9")).hasSize(1);
  }
}
