package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The polls for {@code active} of every load balancer this process is waiting for, shared. An NLB
 * is born {@code provisioning}, so each one costs a poll that reads its state by ARN; the load
 * balancers created together are polled together, but rarely at the same moment (the engine's
 * workers drift apart), so coalescing only what is in flight ({@link InFlightBatches}) saved almost
 * nothing. Here a poll asks DescribeLoadBalancers for its own ARN and up to {@value
 * NetworkLoadBalancers#DESCRIBE_BATCH}&nbsp;−&nbsp;1 other ARNs still waiting, and keeps the
 * answers that end the others' wait, so that their own polls, when the engine runs them, make no
 * call.
 *
 * <p>Never an answer older than the question: an ARN waits from the moment this process answered
 * {@code provisioning} for it (an ensure or a poll), which is before the owner's next poll is
 * queued, and a kept answer is served only when it was read (the call sent) after that moment and
 * at most {@link #KEEP_NANOS} ago. Only answers that end the wait are kept: a {@code provisioning}
 * answer handed to another owner would make it wait a whole poll interval for a state it could have
 * read fresh, so that owner reads for itself. A state that ends the wait is not left back to {@code
 * provisioning}, so serving it later than it was read cannot mislead.
 *
 * <p>Each caller gets its own ARN's answer only. AWS fails a whole DescribeLoadBalancers when one
 * ARN is gone (deleted by hand, or its owner deleted it meanwhile); then the caller asks for its
 * own ARN alone, as it would have without sharing, and the others are dropped from the waiting set
 * (each is added again by its own next {@code provisioning} answer), so one gone ARN never costs
 * another poll twice. Memory only: after a restart nothing waits, and every poll reads alone until
 * its own answer says {@code provisioning} again. No ARN of another owner is ever read here: ARNs
 * enter only from this provider's own ensures.
 */
final class WaitingStates {

  /** How long a kept answer may serve: a little more than the default poll interval (10 s). */
  static final long KEEP_NANOS = 15_000_000_000L;

  /** An ARN nobody has polled for this long is dropped (its owner was deleted, say). */
  static final long FORGET_NANOS = 15L * 60 * 1_000_000_000L;

  private record Answer(ObservedLoadBalancer loadBalancer, long readAt) {}

  private final Function<List<String>, Map<String, ObservedLoadBalancer>> describe;
  private final Function<String, Optional<ObservedLoadBalancer>> alone;
  private final LongSupplier clock;
  private final int maxArns;

  /** ARN → when this process last answered {@code provisioning} for it. */
  private final Map<String, Long> waitingSince = new LinkedHashMap<>();

  /** Answers that end an ARN's wait, read by another owner's poll. */
  private final Map<String, Answer> kept = new HashMap<>();

  /**
   * ARNs in another owner's shared call now, with that call's end: concurrent polls spread over
   * different ARNs, and a poll whose own ARN is being read waits for that answer.
   */
  private final Map<String, CompletableFuture<Void>> reading = new HashMap<>();

  /**
   * @param describe one DescribeLoadBalancers for these ARNs (at most {@code maxArns}): the load
   *     balancers found; throws {@link CloudException.NotFound} as AWS does
   * @param alone the state read of one ARN, empty when it is gone
   */
  WaitingStates(
      int maxArns,
      Function<List<String>, Map<String, ObservedLoadBalancer>> describe,
      Function<String, Optional<ObservedLoadBalancer>> alone,
      LongSupplier clock) {
    this.maxArns = maxArns;
    this.describe = describe;
    this.alone = alone;
    this.clock = clock;
  }

  /** Records the state this process just answered for a load balancer: waiting or not. */
  synchronized void answered(String arn, String state) {
    kept.remove(arn);
    if (waits(state)) {
      waitingSince.put(arn, clock.getAsLong());
    } else {
      waitingSince.remove(arn);
    }
  }

  /** The load balancer's state now: a kept answer read since it started waiting, or a read. */
  Optional<ObservedLoadBalancer> state(String arn) {
    CompletableFuture<Void> readByAnother;
    synchronized (this) {
      readByAnother = reading.get(arn);
    }
    if (readByAnother != null) {
      // Sent after this ARN started waiting (it was chosen from the waiting set): its answer, if
      // it ends the wait, is kept for this poll below.
      readByAnother.exceptionally(failed -> null).join();
    }
    List<String> others;
    long readAt;
    CompletableFuture<Void> call = new CompletableFuture<>();
    synchronized (this) {
      Optional<ObservedLoadBalancer> served = takeKept(arn);
      if (served.isPresent()) {
        waitingSince.remove(arn);
        return served;
      }
      readAt = clock.getAsLong();
      others = othersToRead(arn, readAt);
      others.forEach(other -> reading.put(other, call));
    }
    Optional<ObservedLoadBalancer> mine;
    try {
      mine = read(arn, others, readAt);
    } finally {
      synchronized (this) {
        others.forEach(reading::remove);
      }
      call.complete(null);
    }
    if (mine.isPresent()) {
      answered(arn, mine.get().state());
    } else {
      forget(arn);
    }
    return mine;
  }

  /** ARNs waiting, for tests. */
  synchronized Set<String> waiting() {
    return Set.copyOf(waitingSince.keySet());
  }

  synchronized void forget(String arn) {
    waitingSince.remove(arn);
    kept.remove(arn);
  }

  private Optional<ObservedLoadBalancer> read(String arn, List<String> others, long readAt) {
    if (others.isEmpty()) {
      return alone.apply(arn);
    }
    List<String> arns = new ArrayList<>(others.size() + 1);
    arns.add(arn); // first: moto fails the call only for a missing first ARN
    arns.addAll(others);
    Map<String, ObservedLoadBalancer> found;
    try {
      found = describe.apply(arns);
    } catch (CloudException.NotFound someGone) {
      synchronized (this) {
        others.forEach(this::forget);
      }
      return alone.apply(arn);
    }
    keep(others, found, readAt);
    return Optional.ofNullable(found.get(arn));
  }

  private synchronized void keep(
      List<String> others, Map<String, ObservedLoadBalancer> found, long readAt) {
    for (String other : others) {
      ObservedLoadBalancer lb = found.get(other);
      Long since = waitingSince.get(other);
      if (lb == null) {
        forget(other); // gone without failing the call (moto): its owner's poll finds out alone
      } else if (since != null && since <= readAt && !waits(lb.state())) {
        kept.put(other, new Answer(lb, readAt));
      }
    }
  }

  private Optional<ObservedLoadBalancer> takeKept(String arn) {
    Answer answer = kept.remove(arn);
    Long since = waitingSince.get(arn);
    if (answer == null
        || since == null
        || answer.readAt() < since
        || clock.getAsLong() - answer.readAt() > KEEP_NANOS) {
      return Optional.empty();
    }
    return Optional.of(answer.loadBalancer());
  }

  /** Up to maxArns − 1 ARNs that started waiting before this read and have no answer kept. */
  private List<String> othersToRead(String arn, long now) {
    List<String> others = new ArrayList<>();
    Iterator<Map.Entry<String, Long>> it = waitingSince.entrySet().iterator();
    while (it.hasNext() && others.size() < maxArns - 1) {
      Map.Entry<String, Long> e = it.next();
      String other = e.getKey();
      if (now - e.getValue() > FORGET_NANOS) {
        it.remove();
        kept.remove(other);
      } else if (!other.equals(arn)
          && e.getValue() <= now
          && !reading.containsKey(other)
          && !kept.containsKey(other)) {
        others.add(other);
      }
    }
    return others;
  }

  private static boolean waits(String state) {
    return "provisioning".equalsIgnoreCase(state);
  }
}
