package io.strato.provisioning.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who prepares to lead: a replica that finds the lease held by another stands by and prepares,
 * once; a replica that leads from its first try never does. Two elections on one lease row in an
 * in-memory H2 store, driven tick by tick on a clock the test moves.
 */
class ProvisioningLeadershipTest {

  static final Duration LEASE = Duration.ofSeconds(4);
  static final Duration RENEW_DEADLINE = Duration.ofMillis(2670);
  static final Duration RETRY = Duration.ofMillis(500);

  /** Records what a replica was told, in order. */
  static final class Transitions implements ProvisioningLeadership.Listener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void startedLeading() {
      seen.add("started");
    }

    @Override
    public void stoppedLeading() {
      seen.add("stopped");
    }

    @Override
    public void standingBy() {
      seen.add("standingBy");
    }
  }

  /** A clock the test moves. */
  static final class Ticking extends Clock {
    long millis = 1_000_000;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private StoreDataSource db;
  private final Ticking clock = new Ticking();

  @BeforeEach
  void openStore() {
    db =
        StoreDataSource.open(
            new StoreSettings(
                "jdbc:h2:mem:lease_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL",
                "strato",
                "",
                2));
  }

  @AfterEach
  void closeStore() {
    db.close();
  }

  private ProvisioningLeadership replica(String identity, Transitions listener) {
    return new ProvisioningLeadership(
        new StoreLease(db.dataSource(), "provisioning"),
        identity,
        LEASE,
        RENEW_DEADLINE,
        clock,
        listener);
  }

  private void retryPeriods(int n, ProvisioningLeadership... replicas) {
    for (int i = 0; i < n; i++) {
      clock.millis += RETRY.toMillis();
      for (ProvisioningLeadership replica : replicas) {
        replica.tick();
      }
    }
  }

  @Test
  void aSingleLeaderNeverPrepares() {
    Transitions heard = new Transitions();
    ProvisioningLeadership alone = replica("strato-a", heard);

    alone.tick();
    retryPeriods(20, alone);

    assertThat(alone.leading()).isTrue();
    assertThat(heard.seen).containsExactly("started");
  }

  @Test
  void aStandbyPreparesOnceAndThenTakesOver() {
    Transitions leaderHeard = new Transitions();
    Transitions standbyHeard = new Transitions();
    ProvisioningLeadership leader = replica("strato-a", leaderHeard);
    ProvisioningLeadership standby = replica("strato-b", standbyHeard);
    leader.tick();

    retryPeriods(20, leader, standby);

    assertThat(standby.leading()).isFalse();
    assertThat(standbyHeard.seen)
        .as("told once, not every retry period")
        .containsExactly("standingBy");
    assertThat(leaderHeard.seen).containsExactly("started");

    // The leader dies without releasing: the standby waits out the lease, then leads.
    retryPeriods((int) (LEASE.toMillis() / RETRY.toMillis()) + 1, standby);

    assertThat(standby.leading()).isTrue();
    assertThat(standbyHeard.seen).containsExactly("standingBy", "started");
  }

  @Test
  void aRestartedReplicaFindingItsOldSelfsLeasePreparesThenLeads() {
    // A killed process leaves its lease behind under an identity its restart does not share.
    ProvisioningLeadership killed = replica("strato-a-1", new Transitions());
    killed.tick();
    Transitions heard = new Transitions();
    ProvisioningLeadership restarted = replica("strato-a-2", heard);

    retryPeriods((int) (LEASE.toMillis() / RETRY.toMillis()) + 1, restarted);

    assertThat(heard.seen).containsExactly("standingBy", "started");
  }
}
