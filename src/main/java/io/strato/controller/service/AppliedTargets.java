package io.strato.controller.service;

import io.strato.cloud.loadbalancer.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target set last made real per Service, so that a node event that changes nothing a load
 * balancer cares about (a heartbeat, an unrelated label) costs no cloud call. Only a saving, never
 * a source of truth: after a restart it is empty, and the first node sync or Service reconcile
 * reads the cloud again. Keyed by UID so a Service deleted and created again starts afresh.
 *
 * <p>The node generation counts relevant node changes: a Service reconcile that saw the generation
 * move while it ran asks for another node sync, so a node change racing an ensure is never lost.
 */
final class AppliedTargets {

  private final Map<String, List<Target>> byUid = new ConcurrentHashMap<>();
  private final AtomicLong nodeGeneration = new AtomicLong();

  boolean matches(String uid, List<Target> targets) {
    return targets.equals(byUid.get(uid));
  }

  void record(String uid, List<Target> targets) {
    byUid.put(uid, List.copyOf(targets));
  }

  void forget(String uid) {
    byUid.remove(uid);
  }

  long nodeGeneration() {
    return nodeGeneration.get();
  }

  void nodesChanged() {
    nodeGeneration.incrementAndGet();
  }
}
