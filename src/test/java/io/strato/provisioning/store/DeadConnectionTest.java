package io.strato.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures a read may retry on another connection, and which it must not. */
class DeadConnectionTest {

  @Test
  void aLostConnectionOrADatabaseShuttingDownIsDead() {
    // PostgreSQL after pg_ctl restart -m immediate: the socket is gone, or the server says so.
    assertThat(DeadConnection.is(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(DeadConnection.is(new SQLException("terminating connection", "57P01"))).isTrue();
    assertThat(DeadConnection.is(new SQLException("the database system is starting up", "57P03")))
        .isTrue();
    // H2 after a failed write closed the database under every connection.
    assertThat(DeadConnection.is(new SQLException("The database has been closed", "90098", 90098)))
        .isTrue();
    assertThat(
            DeadConnection.is(
                new SQLException("wrapped", "S1000", new SQLException("closed", "08003"))))
        .isTrue();
  }

  @Test
  void aWrongStatementOrAConflictIsNot() {
    assertThat(DeadConnection.is(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(DeadConnection.is(new SQLException("syntax error", "42601"))).isFalse();
    // H2's general error wraps a failed file write: that write failed, the read may not retry it.
    assertThat(DeadConnection.is(new SQLException("General error", "HY000", 50000))).isFalse();
    assertThat(DeadConnection.is(new SQLException("no state"))).isFalse();
  }
}
