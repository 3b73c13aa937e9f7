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
 * once; a replica that leads from its first try never does. When each replica tries next: a leader
 * every retry period, a refused standby just after the holder's lease ends if that comes sooner.
 * Two elections on one lease row in an in-memory H2 store, driven tick by tick on a clock the test
 * moves.
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
    return replica(identity, listener, "provisioning");
  }

  private ProvisioningLeadership replica(String identity, Transitions listener, String leaseName) {
    return new ProvisioningLeadership(
        new StoreLease(db.dataSource(), leaseName),
        identity,
        LEASE,
        RENEW_DEADLINE,
        RETRY,
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

  @Test
  void aLeaderRenewsEveryRetryPeriod() {
    ProvisioningLeadership leader = replica("strato-a", new Transitions());

    assertThat(leader.tick().delay()).isEqualTo(RETRY);
    clock.millis += 300;
    assertThat(leader.tick().delay()).isEqualTo(RETRY);
  }

  @Test
  void aRefusedStandbyTriesAgainJustAfterTheHoldersLeaseEnds() {
    ProvisioningLeadership leader = replica("strato-a", new Transitions());
    ProvisioningLeadership standby = replica("strato-b", new Transitions());
    leader.tick();
    long expiry = clock.millis + LEASE.toMillis();

    clock.millis = expiry - 320;
    NextAttempt next = standby.tick();

    assertThat(next.delay())
        .as("the expiry is sooner than a retry period: aim at it, not at the next period")
        .isEqualTo(Duration.ofMillis(320).plus(NextAttempt.PAST_EXPIRY));

    // The leader is dead: the attempt the standby asked for is the one that takes the lease.
    clock.millis += next.delay().toMillis();
    standby.tick();
    assertThat(standby.leading()).isTrue();
  }

  @Test
  void aRefusedStandbyStillTriesEveryRetryPeriodWhileTheExpiryIsFarOff() {
    ProvisioningLeadership leader = replica("strato-a", new Transitions());
    ProvisioningLeadership standby = replica("strato-b", new Transitions());
    leader.tick();

    clock.millis += 100;

    assertThat(standby.tick().delay()).as("3.9 s to the expiry, so one period").isEqualTo(RETRY);
  }

  @Test
  void aHolderThatRenewsMovesTheStandbysNextAttempt() {
    ProvisioningLeadership leader = replica("strato-a", new Transitions());
    ProvisioningLeadership standby = replica("strato-b", new Transitions());
    leader.tick();
    clock.millis += LEASE.toMillis() - 200;
    NextAttempt aimed = standby.tick();
    assertThat(aimed.delay()).isEqualTo(Duration.ofMillis(200).plus(NextAttempt.PAST_EXPIRY));

    // The leader renews before the expiry the standby aimed at: a new expiry 4 s out.
    clock.millis += 100;
    leader.tick();
    clock.millis += aimed.delay().toMillis() - 100;
    NextAttempt next = standby.tick();

    assertThat(standby.leading()).isFalse();
    assertThat(next.delay()).as("the new expiry is far off: back to every period").isEqualTo(RETRY);
  }

  @Test
  void aStandbyDrivenByItsOwnAnswersTakesADeadLeadersLeaseWithinMillisecondsOfItsExpiry() {
    for (long death = 0; death < LEASE.toMillis(); death += 137) {
      long start = clock.millis;
      String lease = "death-at-" + death;
      ProvisioningLeadership leader = replica("strato-a", new Transitions(), lease);
      ProvisioningLeadership standby = replica("strato-b", new Transitions(), lease);
      leader.tick();
      long nextStandby = start + 1;
      long nextLeader = start + RETRY.toMillis();
      long lastRenew = start;
      // Each replica ticks when its previous tick said; the leader dies at start + death.
      while (!standby.leading()) {
        if (nextLeader <= start + death && nextLeader < nextStandby) {
          clock.millis = nextLeader;
          nextLeader += leader.tick().delay().toMillis();
          lastRenew = clock.millis;
        } else {
          clock.millis = nextStandby;
          nextStandby += standby.tick().delay().toMillis();
        }
      }
      long expiry = lastRenew + LEASE.toMillis();
      assertThat(clock.millis - expiry)
          .as("leader died %d ms in, last renewed at %d", death, lastRenew - start)
          .isBetween(1L, NextAttempt.PAST_EXPIRY.toMillis());
    }
  }

  @Test
  void anUnreachableStoreMeansTryingAgainInARetryPeriod() {
    ProvisioningLeadership standby = replica("strato-b", new Transitions());
    db.close();

    assertThat(standby.tick().delay()).isEqualTo(RETRY);
  }
}
