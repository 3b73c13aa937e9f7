package io.strato.controller.node;

import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.Instances;
import io.strato.cloud.instance.NodeRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one cloud look-up serve many reconciles. Whoever queues a node that will need its instance
 * says so with {@link #expect}; the first reconcile that asks {@link #find} looks up its own node
 * and every expected one in one {@link Instances#lookup} call, and the others read that answer
 * while it is fresh. So 50 nodes joining at once, or the periodic check of every NotReady node,
 * cost one batched describe instead of one per node.
 *
 * <p>Only one batch runs at a time: a worker that asks meanwhile waits for it rather than making a
 * second call that would answer the same question.
 */
final class InstanceLookups {

  private record Answer(Optional<InstanceMetadata> instance, Instant at) {}

  private record Expected(NodeRef node, Instant since) {}

  private final Instances instances;
  private final Clock clock;
  private final Duration freshFor;
  private final Duration gatherFor;
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  private final Map<String, Answer> answers = new HashMap<>();

  /**
   * @param freshFor how long an answer may serve: short, and shorter than any requeue that waits
   *     for the cloud to change, so a retry always sees the cloud anew
   * @param gatherFor how long a newly expected node waits for others to join its batch
   */
  InstanceLookups(Instances instances, Clock clock, Duration freshFor, Duration gatherFor) {
    this.instances = instances;
    this.clock = clock;
    this.freshFor = freshFor;
    this.gatherFor = gatherFor;
  }

  /**
   * This node will be reconciled soon and will need its instance: include it in the next batch.
   * Expecting it again keeps its first time, so a node's events never postpone its look-up.
   */
  void expect(NodeRef node) {
    Instant now = clock.instant();
    expected.merge(
        node.nodeName(),
        new Expected(node, now),
        (old, next) -> new Expected(next.node(), old.since()));
  }

  /**
   * How long the reconcile of this node should wait before looking up, so that nodes joining in the
   * same moment (a scale-up, a zone coming back) share one batch: the rest of the gathering time
   * since the node was first expected, or empty to look up now. Waiting is a requeue, never a
   * sleep.
   */
  Optional<Duration> gathering(String nodeName) {
    Expected e = expected.get(nodeName);
    if (e == null || gatherFor.isZero() || hasFreshAnswer(nodeName)) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), e.since().plus(gatherFor));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  private synchronized boolean hasFreshAnswer(String nodeName) {
    return isFresh(nodeName, clock.instant());
  }

  /** The node is gone: drop what is known or expected of it. */
  synchronized void forget(String nodeName) {
    expected.remove(nodeName);
    answers.remove(nodeName);
  }

  /** The node's instance, from a fresh batch or from a new one that includes this node. */
  synchronized Optional<InstanceMetadata> find(NodeRef node) {
    Instant now = clock.instant();
    Answer answer = answers.get(node.nodeName());
    if (answer != null && fresh(answer, now)) {
      expected.remove(node.nodeName());
      return answer.instance();
    }
    Map<String, NodeRef> batch = new LinkedHashMap<>();
    expected.forEach((name, e) -> batch.put(name, e.node()));
    batch.put(node.nodeName(), node);
    batch.keySet().removeIf(name -> !name.equals(node.nodeName()) && isFresh(name, now));
    Map<String, InstanceMetadata> found = instances.lookup(batch.values());
    Instant at = clock.instant();
    answers.values().removeIf(a -> !fresh(a, at));
    batch.forEach(
        (name, ref) -> {
          answers.put(name, new Answer(Optional.ofNullable(found.get(name)), at));
          expected.computeIfPresent(name, (n, e) -> e.node().equals(ref) ? null : e);
        });
    return answers.get(node.nodeName()).instance();
  }

  private boolean isFresh(String name, Instant now) {
    Answer a = answers.get(name);
    return a != null && fresh(a, now);
  }

  private boolean fresh(Answer answer, Instant now) {
    return answer.at().plus(freshFor).isAfter(now);
  }
}
