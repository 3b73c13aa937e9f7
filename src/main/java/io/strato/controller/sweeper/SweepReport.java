package io.strato.controller.sweeper;

import java.time.Instant;
import java.util.List;

/**
 * What one sweep found and did, for the caller's events and logs.
 *
 * @param found every orphan seen in this sweep, deleted or not
 * @param deleted the orphans this sweep removed (a load balancer's target groups and managed
 *     security group go with it and are not listed apart)
 * @param pending orphans past their grace period whose deletion is still in progress or failed (a
 *     security group that AWS still counts in use, a throttled call); the next sweep retries
 */
public record SweepReport(
    Instant at, List<Orphan> found, List<Orphan> deleted, List<Orphan> pending) {

  public SweepReport {
    found = List.copyOf(found);
    deleted = List.copyOf(deleted);
    pending = List.copyOf(pending);
  }
}
