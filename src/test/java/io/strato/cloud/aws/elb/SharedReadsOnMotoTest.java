package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.Ensured;
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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Concurrent reconciles share their ELBv2 reads on moto, and each gets exactly its own answer. The
 * first call of a kind is held on the wire until the next callers have queued behind it, so which
 * calls go out together is exact, not a matter of timing.
 */
class SharedReadsOnMotoTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final HoldFirst hold = new HoldFirst();
  private AwsClients clients;
  private AwsFixtures network;

  /** Holds the first call of one operation until released. */
  static final class HoldFirst implements ExecutionInterceptor {
    volatile String operation = "none";
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
      if (operation.equals(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
          && first.getAndSet(false)) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    clients = MotoServer.shared().clients(List.of(hold));
  }

  @AfterEach
  void close() {
    hold.release.countDown();
    pool.shutdownNow();
    clients.close();
  }

  private String existing(String name, String owner) {
    return ElbScenes.existingLoadBalancer(network, name, owner);
  }

  private long calls(String operation) {
    return ElbScenes.callsOf(clients, operation);
  }

  /** Starts the first caller, waits until its call is held, then queues the others in order. */
  private <T> List<Future<T>> lineUp(IntSupplier queued, List<Supplier<T>> callers)
      throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    futures.add(pool.submit(callers.get(0)::get));
    hold.entered.await();
    for (int i = 1; i < callers.size(); i++) {
      futures.add(pool.submit(callers.get(i)::get));
      int expected = i;
      await().until(() -> queued.getAsInt() == expected);
    }
    hold.release.countDown();
    return futures;
  }

  @Test
  void pollsForActiveShareOneDescribeLoadBalancersAndAGoneArnIsAbsentForItsCallerOnly()
      throws Exception {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      arns.add(existing("lb-" + i, "uid-" + i));
    }
    String gone = existing("lb-gone", "uid-gone");
    AwsAccount.aws().elb().deleteLoadBalancer(r -> r.loadBalancerArn(gone));
    hold.operation = "DescribeLoadBalancers";
    NetworkLoadBalancers lbs = new NetworkLoadBalancers(clients.elb(), new ElbTags(clients.elb()));
    List<Supplier<Optional<ObservedLoadBalancer>>> callers = new ArrayList<>();
    arns.forEach(arn -> callers.add(() -> lbs.findByArn(arn)));
    callers.add(2, () -> lbs.findByArn(gone)); // queued among the others

    List<Future<Optional<ObservedLoadBalancer>>> answers = lineUp(lbs::queuedReads, callers);

    assertThat(answers.get(2).get()).as("deleted: not found for its caller").isEmpty();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (i != 2) {
        ObservedLoadBalancer lb = answers.get(i).get().orElseThrow();
        assertThat(lb.arn()).isEqualTo(arns.get(i < 2 ? i : i - 1));
        names.add(lb.name());
      }
    }
    assertThat(names).containsExactly("lb-0", "lb-1", "lb-2", "lb-3", "lb-4");
    // moto answers a list of ARNs holding a deleted one with the others (AWS fails the call,
    // and then each caller is asked for alone: InFlightBatchesTest).
    assertThat(calls("DescribeLoadBalancers"))
        .as("the first alone, the five queued behind it in one call")
        .isEqualTo(2);
  }

  @Test
  void preCreateLookUpsByNameShareCallsEvenWhenMostNamesAreNew() throws Exception {
    existing("lb-0", "uid-0");
    existing("lb-1", "uid-1");
    hold.operation = "DescribeLoadBalancers";
    NetworkLoadBalancers lbs = new NetworkLoadBalancers(clients.elb(), new ElbTags(clients.elb()));
    List<Supplier<Optional<ObservedLoadBalancer>>> callers =
        List.of(
            () -> lbs.find("lb-0"),
            () -> lbs.find("new-1"),
            () -> lbs.find("new-2"),
            () -> lbs.find("lb-1"),
            () -> lbs.find("new-3"));

    List<Future<Optional<ObservedLoadBalancer>>> answers = lineUp(lbs::queuedReads, callers);

    assertThat(answers.get(0).get()).map(ObservedLoadBalancer::name).contains("lb-0");
    assertThat(answers.get(1).get()).isEmpty();
    assertThat(answers.get(2).get()).isEmpty();
    assertThat(answers.get(3).get()).map(ObservedLoadBalancer::name).contains("lb-1");
    assertThat(answers.get(4).get()).isEmpty();
    assertThat(calls("DescribeLoadBalancers"))
        .as(
            "lb-0 alone; the four queued names in one call, which fails as a name is new; then"
                + " one page of the account's load balancers answers all four")
        .isEqualTo(3);
  }

  @Test
  void ownershipTagReadsShareOneDescribeTagsAndNoCallerSeesAnothersTags() throws Exception {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      arns.add(existing("lb-" + i, "uid-" + i));
    }
    hold.operation = "DescribeTags";
    ElbTags tags = new ElbTags(clients.elb());
    List<Supplier<Map<String, Map<String, String>>>> callers =
        List.of(
            () -> tags.describe(List.of(arns.get(0))),
            () -> tags.describe(List.of(arns.get(1))),
            () -> tags.describe(List.of(arns.get(2), arns.get(3))),
            () -> tags.describe(List.of(arns.get(4))),
            () -> tags.describe(List.of(arns.get(1))));

    List<Future<Map<String, Map<String, String>>>> answers = lineUp(tags::queuedReads, callers);

    assertThat(answers.get(0).get()).containsOnlyKeys(arns.get(0));
    assertThat(answers.get(1).get()).containsOnlyKeys(arns.get(1));
    assertThat(answers.get(2).get()).containsOnlyKeys(arns.get(2), arns.get(3));
    assertThat(answers.get(3).get()).containsOnlyKeys(arns.get(4));
    assertThat(answers.get(4).get()).containsOnlyKeys(arns.get(1));
    for (Future<Map<String, Map<String, String>>> answer : answers) {
      answer
          .get()
          .forEach(
              (arn, seen) ->
                  assertThat(seen)
                      .as("the tags of %s are its own", arn)
                      .containsEntry(Ownership.OWNER_TAG, "uid-" + arns.indexOf(arn)));
    }
    assertThat(calls("DescribeTags"))
        .as("the first alone, the four queued behind it (four distinct ARNs) in one call")
        .isEqualTo(2);
  }

  @Test
  void identicalSubnetDiscoveriesShareOneDescribeSubnetsAndOthersGoOutOnTheirOwn()
      throws Exception {
    hold.operation = "DescribeSubnets";
    SubnetResolver subnets = new SubnetResolver(clients.ec2());
    io.strato.cloud.loadbalancer.SubnetSelection discover =
        io.strato.cloud.loadbalancer.SubnetSelection.discover(network.vpcId());
    List<Supplier<SubnetResolver.Resolved>> callers =
        List.of(
            () -> subnets.resolve(discover, Scheme.INTERNET_FACING, "c1", Optional.empty()),
            () -> subnets.resolve(discover, Scheme.INTERNET_FACING, "c1", Optional.empty()),
            () -> subnets.resolve(discover, Scheme.INTERNET_FACING, null, Optional.empty()),
            () -> subnets.resolve(discover, Scheme.INTERNAL, "c1", Optional.empty()));

    List<Future<SubnetResolver.Resolved>> answers = lineUp(subnets::queuedReads, callers);

    for (int i = 0; i < 3; i++) {
      assertThat(answers.get(i).get().subnetIds())
          .containsExactlyInAnyOrderElementsOf(network.publicSubnets());
    }
    assertThat(answers.get(3).get().subnetIds())
        .containsExactlyInAnyOrderElementsOf(network.privateSubnets());
    assertThat(calls("DescribeSubnets"))
        .as("the first alone; the two public discoveries queued behind it in one; internal alone")
        .isEqualTo(3);
  }

  @Test
  void concurrentEnsuresThroughOneProviderEachMakeTheirOwnLoadBalancer() throws Exception {
    AwsLoadBalancers provider = new AwsLoadBalancers(clients);
    int n = 8;
    List<Future<Ensured<LoadBalancerStatus>>> ensured = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Ownership owner = new Ownership("uid-" + i, "LoadBalancer", "web-" + i, "c1");
      LoadBalancerSpec spec =
          Specs.spec("web-" + i, Scheme.INTERNET_FACING, List.of(Specs.tcp(80, 30080)));
      ensured.add(pool.submit(() -> provider.ensure(owner, spec)));
    }
    for (int i = 0; i < n; i++) {
      LoadBalancerStatus status = ensured.get(i).get().status();
      var lb = AwsAccount.loadBalancer("web-" + i);
      assertThat(status.arn()).isEqualTo(lb.loadBalancerArn());
      assertThat(AwsAccount.tags(lb.loadBalancerArn()))
          .containsEntry(Ownership.OWNER_TAG, "uid-" + i);
      var groups = ElbScenes.targetGroupsOf("web-" + i);
      assertThat(groups).hasSize(1);
      assertThat(AwsAccount.tags(groups.get(0).targetGroupArn()))
          .containsEntry(Ownership.OWNER_TAG, "uid-" + i)
          .containsEntry(TargetGroups.LOAD_BALANCER_TAG, "web-" + i);
    }
    // Each ensure alone makes one look-up by name and one ownership read of its groups; shared,
    // never more.
    assertThat(calls("DescribeLoadBalancers") + calls("DescribeTags")).isLessThanOrEqualTo(2L * n);
  }
}
