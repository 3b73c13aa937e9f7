package io.strato.provisioning.leader;

import io.strato.provisioning.store.StoreFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
   * Renews the lease if {@code holder} has it, takes it if it is free or expired.
   *
   * @return whether {@code holder} now holds it until {@code nowMillis + duration}
   */
  public boolean acquireOrRenew(String holder, long nowMillis, Duration duration) {
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
          return true;
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
        return s.executeUpdate() == 1;
      } catch (SQLException raced) {
        // Another replica inserted the row between our two statements: it holds the lease.
        if ("23505".equals(raced.getSQLState())) {
          return false;
        }
        throw raced;
      }
    } catch (SQLException e) {
      throw new StoreFailure("cannot acquire the lease " + name + ": " + e.getMessage(), e);
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
