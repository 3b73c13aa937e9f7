package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events are written on the writer's own thread, in order, and a full queue drops instead. */
class EventWriterTest {

  @Test
  void writesInOrderOnItsOwnThreadAndCloseWritesWhatWaits() throws Exception {
    List<String> written = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    String caller = Thread.currentThread().getName();
    try (EventWriter writer = new EventWriter("test-events")) {
      writer.execute(
          () -> {
            await(release);
            written.add("first on " + Thread.currentThread().getName());
          });
      for (int i = 2; i <= 5; i++) {
        int n = i;
        writer.execute(() -> written.add("#" + n));
      }
      assertThat(written).as("the caller did not wait for the held write").isEmpty();
      release.countDown();
    }
    assertThat(written).containsExactly("first on test-events", "#2", "#3", "#4", "#5");
    assertThat(caller).isNotEqualTo("test-events");
  }

  @Test
  void aFullQueueDropsTheNewEventInsteadOfBlockingTheCaller() throws Exception {
    List<String> written = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventWriter writer = new EventWriter("test-events", 2)) {
      writer.execute(
          () -> {
            started.countDown();
            await(release);
            written.add("held");
          });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      writer.execute(() -> written.add("queued-1"));
      writer.execute(() -> written.add("queued-2"));
      writer.execute(() -> written.add("dropped"));
      release.countDown();
    }
    assertThat(written).containsExactly("held", "queued-1", "queued-2");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
