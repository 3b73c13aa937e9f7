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

  private final Instances instances;
  private final Clock clock;
  private final Duration freshFor;
  private final Map<String, NodeRef> expected = new ConcurrentHashMap<>();
  private final Map<String, Answer> answers = new HashMap<>();

  /**
   * @param freshFor how long an answer may serve: short, and shorter than any requeue that waits
   *     for the cloud to change, so a retry always sees the cloud anew
   */
  InstanceLookups(Instances instances, Clock clock, Duration freshFor) {
    this.instances = instances;
    this.clock = clock;
    this.freshFor = freshFor;
  }

  /** This node will be reconciled soon and will need its instance: include it in the next batch. */
  void expect(NodeRef node) {
    expected.put(node.nodeName(), node);
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
    Map<String, NodeRef> batch = new LinkedHashMap<>(expected);
    batch.put(node.nodeName(), node);
    batch.keySet().removeIf(name -> !name.equals(node.nodeName()) && isFresh(name, now));
    Map<String, InstanceMetadata> found = instances.lookup(batch.values());
    Instant at = clock.instant();
    answers.values().removeIf(a -> !fresh(a, at));
    batch.forEach(
        (name, ref) -> {
          answers.put(name, new Answer(Optional.ofNullable(found.get(name)), at));
          expected.remove(name, ref);
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
