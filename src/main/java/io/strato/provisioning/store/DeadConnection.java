package io.strato.provisioning.store;

import java.sql.SQLException;
import java.util.Set;

/**
 * Whether a JDBC failure says the connection (or the database behind it) is gone, rather than that
 * the statement was wrong. A pool hands out connections it cannot know are dead until one is used:
 * after PostgreSQL restarts, every pooled connection fails once; after an embedded H2 database
 * fails a write (a full disk), H2 closes the database under every open connection. A fresh
 * connection then works, so a read may simply be tried again.
 */
final class DeadConnection {

  /** H2: DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN, CONNECTION_BROKEN_1. */
  private static final Set<Integer> H2_CLOSED = Set.of(90098, 90121, 90067);

  /**
   * PostgreSQL class 57P: admin_shutdown, crash_shutdown, cannot_connect_now (a restart in
   * progress, {@code pg_ctl restart -m immediate} among them).
   */
  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

  private DeadConnection() {}

  static boolean is(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && says(sql)) {
        return true;
      }
    }
    return false;
  }

  private static boolean says(SQLException e) {
    String state = e.getSQLState();
    // SQLSTATE class 08 is "connection exception" in the SQL standard, for every driver.
    return (state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state)))
        || H2_CLOSED.contains(e.getErrorCode());
  }
}
