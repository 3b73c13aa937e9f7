package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.CloudException;
import io.strato.cloud.loadbalancer.Scheme;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The shared polls for {@code active}, against an account that answers as AWS does (a call naming a
 * missing ARN fails whole) and a clock the test moves: which calls go out, and that no owner is
 * ever served an answer read before it started waiting.
 */
class WaitingStatesTest {

  /** An ELBv2 account with AWS's DescribeLoadBalancers semantics, recording every call. */
  private final Map<String, String> states = new HashMap<>();

  private final List<List<String>> calls = new CopyOnWriteArrayList<>();

  /** When set, the first call waits for {@link #release} after counting down {@link #entered}. */
  private volatile boolean holdFirst;

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicLong now = new AtomicLong(100);
  private final WaitingStates waiting =
      new WaitingStates(20, this::describe, this::alone, now::get);

  private Map<String, ObservedLoadBalancer> describe(List<String> arns) {
    calls.add(List.copyOf(arns));
    if (holdFirst && calls.size() == 1) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, ObservedLoadBalancer> out = new HashMap<>();
    for (String arn : arns) {
      if (!states.containsKey(arn)) {
        throw new CloudException.NotFound("aws", "elbv2:DescribeLoadBalancers", "gone", null);
      }
      out.put(arn, lb(arn, states.get(arn)));
    }
    return out;
  }

  private Optional<ObservedLoadBalancer> alone(String arn) {
    try {
      return Optional.ofNullable(describe(List.of(arn)).get(arn));
    } catch (CloudException.NotFound gone) {
      return Optional.empty();
    }
  }

  private static ObservedLoadBalancer lb(String arn, String state) {
    return new ObservedLoadBalancer(
        arn,
        arn,
        arn + ".elb",
        Scheme.INTERNET_FACING,
        state,
        "vpc-1",
        List.of(),
        List.of(),
        Map.of());
  }

  /** A load balancer just created: provisioning, and this process said so at the current time. */
  private void created(String arn) {
    states.put(arn, "provisioning");
    waiting.answered(arn, "provisioning");
  }

  @Test
  void onePollReadsTheOthersWaitingAndTheirPollsMakeNoCall() {
    created("a");
    created("b");
    created("c");
    now.incrementAndGet();
    states.replaceAll((arn, s) -> "active");

    assertThat(waiting.state("a")).map(ObservedLoadBalancer::state).contains("active");
    assertThat(waiting.state("c")).map(ObservedLoadBalancer::arn).contains("c");
    assertThat(waiting.state("b")).map(ObservedLoadBalancer::arn).contains("b");

    assertThat(calls).containsExactly(List.of("a", "b", "c"));
    assertThat(waiting.waiting()).isEmpty();
  }

  @Test
  void anAnswerReadBeforeALoadBalancerLastStartedWaitingIsNeverServed() {
    created("a");
    created("b");
    now.incrementAndGet();
    states.put("b", "active");
    waiting.state("a"); // reads b too, at 101: active
    now.incrementAndGet();
    // b's owner ensured it again (a changed spec made a new load balancer, say), and this process
    // answered provisioning at 102: b's next poll is queued after the read at 101.
    states.put("b", "provisioning");
    waiting.answered("b", "provisioning");
    now.incrementAndGet();

    assertThat(waiting.state("b"))
        .as("read again, not the active answer of 101")
        .map(ObservedLoadBalancer::state)
        .contains("provisioning");
    assertThat(calls).containsExactly(List.of("a", "b"), List.of("b", "a"));
  }

  @Test
  void aStillProvisioningAnswerIsNotKeptForTheOthers() {
    created("a");
    created("b");
    now.incrementAndGet();

    waiting.state("a");
    waiting.state("b");

    assertThat(calls)
        .as("b's poll reads fresh (sharing a's ARN back) instead of waiting another interval")
        .containsExactly(List.of("a", "b"), List.of("b", "a"));
  }

  @Test
  void aKeptAnswerExpires() {
    created("a");
    created("b");
    now.incrementAndGet();
    states.replaceAll((arn, s) -> "active");
    waiting.state("a");
    now.addAndGet(WaitingStates.KEEP_NANOS + 1);

    waiting.state("b");

    assertThat(calls).containsExactly(List.of("a", "b"), List.of("b"));
  }

  @Test
  void aGoneLoadBalancerFailsOnlyItsOwnPollAndLeavesTheSharing() {
    created("a");
    created("gone");
    created("c");
    now.incrementAndGet();
    states.remove("gone");
    states.put("a", "active");
    states.put("c", "active");

    assertThat(waiting.state("a")).map(ObservedLoadBalancer::state).contains("active");
    assertThat(waiting.state("gone")).isEmpty();
    assertThat(waiting.state("c")).map(ObservedLoadBalancer::state).contains("active");

    assertThat(calls)
        .as("the shared call fails as AWS fails it; each then asks alone, and nobody waits")
        .containsExactly(List.of("a", "gone", "c"), List.of("a"), List.of("gone"), List.of("c"));
    assertThat(waiting.waiting()).isEmpty();
  }

  @Test
  void aPollWhoseArnIsInAnotherPollsCallWaitsForThatAnswerInsteadOfCalling() throws Exception {
    created("a");
    created("b");
    now.incrementAndGet();
    states.replaceAll((arn, s) -> "active");
    holdFirst = true;
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      Future<Optional<ObservedLoadBalancer>> a = pool.submit(() -> waiting.state("a"));
      entered.await(); // a's call, which reads b too, is on the wire
      Future<Optional<ObservedLoadBalancer>> b = pool.submit(() -> waiting.state("b"));
      release.countDown();

      assertThat(a.get()).map(ObservedLoadBalancer::arn).contains("a");
      assertThat(b.get()).map(ObservedLoadBalancer::arn).contains("b");
      assertThat(calls).containsExactly(List.of("a", "b"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPollTakesAtMostTwentyArns() {
    for (int i = 0; i < 45; i++) {
      created("lb-" + i);
    }
    now.incrementAndGet();
    states.replaceAll((arn, s) -> "active");

    for (int i = 0; i < 45; i++) {
      assertThat(waiting.state("lb-" + i)).map(ObservedLoadBalancer::arn).contains("lb-" + i);
    }

    assertThat(calls).hasSize(3).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(20));
  }

  @Test
  void nothingWaitsAfterAnActiveAnswerSoAnIdleProcessReadsNothing() {
    created("a");
    waiting.answered("a", "active");

    assertThat(waiting.waiting()).isEmpty();
    assertThat(calls).isEmpty();
  }
}
