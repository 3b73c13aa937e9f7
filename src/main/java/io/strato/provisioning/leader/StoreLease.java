package io.strato.provisioning.leader;

import io.strato.provisioning.store.StoreFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A lease row in the shared store: held by one replica at a time, renewed by its holder, taken over
 * by another only after it expired. Every step is one conditional statement, so two replicas racing
 * for it cannot both win.
 */
public final class StoreLease {

  private final DataSource dataSource;
  private final String name;

  public StoreLease(DataSource dataSource, String name) {
    this.dataSource = dataSource;
    this.name = name;
  }

  /**
   * What one attempt found: whether the caller holds the lease, and until when the lease runs, in
   * the store's terms (epoch milliseconds on the clock of whoever last renewed it). For a refused
   * caller that is the moment the current holder's lease ends unless it renews again.
   */
  public record Attempt(boolean held, long expiresAtMillis) {}

  /**
   * Renews the lease if {@code holder} has it, takes it if it is free or expired.
   *
   * @return whether {@code holder} now holds it until {@code nowMillis + duration}
   */
  public boolean acquireOrRenew(String holder, long nowMillis, Duration duration) {
    return attempt(holder, nowMillis, duration).held();
  }

  /**
   * As {@link #acquireOrRenew}, and on a refusal also reads when the holder's lease expires, on the
   * same connection, so a standby can try again at that moment instead of a retry period later.
   */
  public Attempt attempt(String holder, long nowMillis, Duration duration) {
    long expires = nowMillis + duration.toMillis();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE leases SET holder = ?, expires_at = ?,"
                  + " transitions = transitions + CASE WHEN holder = ? THEN 0 ELSE 1 END"
                  + " WHERE name = ? AND (holder = ? OR expires_at < ?)")) {
        s.setString(1, holder);
        s.setLong(2, expires);
        s.setString(3, holder);
        s.setString(4, name);
        s.setString(5, holder);
        s.setLong(6, nowMillis);
        if (s.executeUpdate() == 1) {
          return new Attempt(true, expires);
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO leases (name, holder, expires_at, transitions)"
                  + " SELECT ?, ?, ?, 0 WHERE NOT EXISTS (SELECT 1 FROM leases WHERE name = ?)")) {
        s.setString(1, name);
        s.setString(2, holder);
        s.setLong(3, expires);
        s.setString(4, name);
        if (s.executeUpdate() == 1) {
          return new Attempt(true, expires);
        }
      } catch (SQLException raced) {
        // Another replica inserted the row between our two statements: it holds the lease.
        if (!"23505".equals(raced.getSQLState())) {
          throw raced;
        }
      }
      return new Attempt(false, expiresAt(c, nowMillis));
    } catch (SQLException e) {
      throw new StoreFailure("cannot acquire the lease " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The holder's expiry as stored. A row gone meanwhile (never deleted today) reads as expiring
   * now: the caller should simply try again.
   */
  private long expiresAt(Connection c, long nowMillis) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT expires_at FROM leases WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getLong(1) : nowMillis;
      }
    }
  }

  /** Gives the lease up at once (a clean shutdown), so a standby need not wait for it to expire. */
  public void release(String holder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?")) {
      s.setString(1, name);
      s.setString(2, holder);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreFailure("cannot release the lease " + name + ": " + e.getMessage(), e);
    }
  }
}
