package io.strato.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WarmStandbyTest {

  @Test
  void preparesOnceInTheBackgroundHoweverOftenAskedAndByWhom() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    WarmStandby standby =
        new WarmStandby(
            () -> {
              runs.incrementAndGet();
              ranOn.set(Thread.currentThread());
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              done.countDown();
            });

    // The CCM's election and the provisioning lease both ask; neither may wait for the work.
    standby.prepare();
    standby.prepare();
    release.countDown();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    standby.prepare();
    ranOn.get().join(30_000);

    assertThat(runs).hasValue(1);
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(ranOn.get().isDaemon()).as("never holds the JVM up").isTrue();
    assertThat(ranOn.get().getPriority()).isEqualTo(Thread.MIN_PRIORITY);
  }
}
