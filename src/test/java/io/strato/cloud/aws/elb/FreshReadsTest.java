package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.CloudException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A kept read serves only the reconciles queued before it was sent, with a clock the test moves.
 */
class FreshReadsTest {

  private final AtomicLong now = new AtomicLong(100);
  private final AtomicInteger reads = new AtomicInteger();
  private final FreshReads<String, String> fresh = new FreshReads<>(now::get);

  private String read(String kind) {
    return kind + "#" + reads.incrementAndGet();
  }

  @Test
  void aReadServesTheReconcilesQueuedBeforeItWasSentAndNoLaterOne() {
    assertThat(fresh.get("subnets", 90, true, this::read)).contains("subnets#1");
    assertThat(fresh.get("subnets", 99, true, this::read))
        .as("queued before")
        .contains("subnets#1");

    now.set(200);
    assertThat(fresh.get("subnets", 100, true, this::read))
        .as("queued the moment it was sent: not after, so it reads again")
        .contains("subnets#2");
    assertThat(fresh.get("subnets", 250, false, this::read))
        .as("queued after the latest read, and may not read: nothing")
        .isEmpty();
    assertThat(fresh.get("listing", 150, false, this::read)).as("another kind").isEmpty();
    assertThat(reads).hasValue(2);
  }

  @Test
  void aFailedReadIsNotKept() {
    assertThatThrownBy(
            () ->
                fresh.get(
                    "subnets",
                    90,
                    true,
                    k -> {
                      throw new CloudException.Transient("aws", "ec2:DescribeSubnets", "5xx", null);
                    }))
        .isInstanceOf(CloudException.Transient.class);

    assertThat(fresh.get("subnets", 90, false, this::read)).isEmpty();
    assertThat(fresh.get("subnets", 90, true, this::read)).contains("subnets#1");
  }

  @Test
  void aReconcileQueuedBeforeAReadInFlightWaitsForItInsteadOfReadingAgain() throws Exception {
    CountDownLatch sent = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Optional<String>> first =
        CompletableFuture.supplyAsync(
            () ->
                fresh.get(
                    "listing",
                    90,
                    true,
                    k -> {
                      sent.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return read(k);
                    }));
    sent.await();
    Thread[] waiter = new Thread[1];
    CompletableFuture<Optional<String>> second = new CompletableFuture<>();
    waiter[0] =
        new Thread(
            () ->
                second.complete(
                    fresh.get(
                        "listing",
                        95,
                        true,
                        k -> {
                          throw new AssertionError("read again while one was in flight");
                        })));
    waiter[0].start();
    await().until(() -> waiter[0].getState() == Thread.State.WAITING);

    release.countDown();

    assertThat(first.get()).contains("listing#1");
    assertThat(second.get()).contains("listing#1");
    assertThat(reads).hasValue(1);
  }
}
