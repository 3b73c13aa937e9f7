package io.strato.provisioning.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The statements on the {@code resource_events} table. */
final class EventLog {

  /** Events kept per resource; older ones are pruned as new ones arrive. */
  static final int KEPT_PER_RESOURCE = 200;

  private EventLog() {}

  /**
   * Appends an event if the resource of that uid still exists, then prunes the resource's history
   * to the newest {@link #KEPT_PER_RESOURCE}. Guarding on the uid keeps a reconciler that finishes
   * after {@code remove} from leaving history that a recreated resource of the same name would
   * inherit.
   *
   * @return false when the resource is gone or was recreated with another uid
   */
  static boolean append(Connection c, StoredEvent e) throws SQLException {
    int inserted;
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO resource_events (kind, name, uid, at, type, reason, message)"
                + " SELECT kind, name, uid, ?, ?, ?, ? FROM resources"
                + " WHERE kind = ? AND name = ? AND uid = ?")) {
      s.setObject(1, ResourceRows.timestamp(e.at()));
      s.setString(2, e.type());
      s.setString(3, e.reason());
      s.setString(4, e.message());
      s.setString(5, e.kind());
      s.setString(6, e.name());
      s.setString(7, e.uid());
      inserted = s.executeUpdate();
    }
    if (inserted == 1) {
      prune(c, new ResourceKey(e.kind(), e.name()));
    }
    return inserted == 1;
  }

  // Walks at most KEPT_PER_RESOURCE entries of the (kind, name, id) index to find the oldest id to
  // keep; below the limit the sub-select is NULL and nothing is deleted.
  private static void prune(Connection c, ResourceKey key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM resource_events WHERE kind = ? AND name = ? AND id < ("
                + "SELECT id FROM resource_events WHERE kind = ? AND name = ?"
                + " ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
      s.setString(1, key.kind());
      s.setString(2, key.name());
      s.setString(3, key.kind());
      s.setString(4, key.name());
      s.setInt(5, KEPT_PER_RESOURCE - 1);
      s.executeUpdate();
    }
  }

  static List<StoredEvent> newest(Connection c, ResourceKey key, int limit) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, kind, name, uid, at, type, reason, message FROM resource_events"
                + " WHERE kind = ? AND name = ? ORDER BY id DESC LIMIT ?")) {
      s.setString(1, key.kind());
      s.setString(2, key.name());
      s.setInt(3, limit);
      try (ResultSet rs = s.executeQuery()) {
        List<StoredEvent> events = new ArrayList<>();
        while (rs.next()) {
          events.add(
              new StoredEvent(
                  rs.getLong("id"),
                  rs.getString("kind"),
                  rs.getString("name"),
                  rs.getString("uid"),
                  ResourceRows.instant(rs, "at"),
                  rs.getString("type"),
                  rs.getString("reason"),
                  rs.getString("message")));
        }
        Collections.reverse(events);
        return events;
      }
    }
  }

  /** Every event of that kind and name, whichever uid wrote it. */
  static void deleteAll(Connection c, ResourceKey key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM resource_events WHERE kind = ? AND name = ?")) {
      s.setString(1, key.kind());
      s.setString(2, key.name());
      s.executeUpdate();
    }
  }
}
