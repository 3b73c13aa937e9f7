package io.strato.provisioning.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The statements on the {@code resources} table; deciding what to write is the caller's job. */
final class ResourceRows {

  /** SQL state of a unique or primary-key violation, the same on H2 and PostgreSQL. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String COLUMNS =
      "kind, name, uid, generation, resource_version, labels, spec, status,"
          + " created_at, updated_at, deletion_requested_at";

  private ResourceRows() {}

  static Optional<StoredResource> find(Connection c, ResourceKey key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM resources WHERE kind = ? AND name = ?")) {
      s.setString(1, key.kind());
      s.setString(2, key.name());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  static Optional<ResourceStamp> stamp(Connection c, ResourceKey key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT uid, resource_version FROM resources WHERE kind = ? AND name = ?")) {
      s.setString(1, key.kind());
      s.setString(2, key.name());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new ResourceStamp(key.name(), rs.getString(1), rs.getLong(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * Inserts a new row.
   *
   * @return false when a row of that kind and name already exists (another writer created it)
   */
  static boolean insert(Connection c, StoredResource r) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO resources (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, r.kind());
      s.setString(2, r.name());
      s.setString(3, r.uid());
      s.setLong(4, r.generation());
      s.setLong(5, r.resourceVersion());
      s.setString(6, LabelsJson.write(r.labels()));
      s.setString(7, r.specJson());
      s.setString(8, r.statusJson());
      s.setObject(9, timestamp(r.createdAt()));
      s.setObject(10, timestamp(r.updatedAt()));
      s.setObject(11, timestamp(r.deletionRequestedAt()));
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Replaces the mutable columns of the row if it still is the one read: same uid (not deleted and
   * recreated) and same resourceVersion (nobody wrote in between).
   *
   * @return false when another writer got there first
   */
  static boolean replace(Connection c, StoredResource next, long readVersion) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE resources SET generation = ?, resource_version = ?, labels = ?, spec = ?,"
                + " status = ?, updated_at = ?, deletion_requested_at = ?"
                + " WHERE kind = ? AND name = ? AND uid = ? AND resource_version = ?")) {
      s.setLong(1, next.generation());
      s.setLong(2, next.resourceVersion());
      s.setString(3, LabelsJson.write(next.labels()));
      s.setString(4, next.specJson());
      s.setString(5, next.statusJson());
      s.setObject(6, timestamp(next.updatedAt()));
      s.setObject(7, timestamp(next.deletionRequestedAt()));
      s.setString(8, next.kind());
      s.setString(9, next.name());
      s.setString(10, next.uid());
      s.setLong(11, readVersion);
      return s.executeUpdate() == 1;
    }
  }

  static boolean delete(Connection c, ResourceKey key, String uid) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM resources WHERE kind = ? AND name = ? AND uid = ?")) {
      s.setString(1, key.kind());
      s.setString(2, key.name());
      s.setString(3, uid);
      return s.executeUpdate() == 1;
    }
  }

  /** Up to {@code max} rows of a kind whose names sort after {@code afterName}, in name order. */
  static List<StoredResource> after(Connection c, String kind, String afterName, int max)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM resources WHERE kind = ? AND name > ? ORDER BY name LIMIT ?")) {
      s.setString(1, kind);
      s.setString(2, afterName);
      s.setInt(3, max);
      try (ResultSet rs = s.executeQuery()) {
        List<StoredResource> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(read(rs));
        }
        return rows;
      }
    }
  }

  /**
   * A stamp as read for a listing, with the labels' JSON text when a filter needs them (null
   * otherwise): a filter parses them, a listing without one never does.
   */
  record StampRow(ResourceStamp stamp, String labelsJson) {}

  /** The stamps of up to {@code max} rows of a kind after {@code afterName}, in name order. */
  static List<StampRow> stampsAfter(
      Connection c, String kind, String afterName, int max, boolean withLabels)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT name, uid, resource_version"
                + (withLabels ? ", labels" : "")
                + " FROM resources WHERE kind = ? AND name > ? ORDER BY name LIMIT ?")) {
      s.setString(1, kind);
      s.setString(2, afterName);
      s.setInt(3, max);
      try (ResultSet rs = s.executeQuery()) {
        List<StampRow> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(
              new StampRow(
                  new ResourceStamp(rs.getString(1), rs.getString(2), rs.getLong(3)),
                  withLabels ? rs.getString(4) : null));
        }
        return rows;
      }
    }
  }

  /** The rows of these names of a kind (at most a page's worth), in name order. */
  static List<StoredResource> named(Connection c, String kind, List<String> names)
      throws SQLException {
    if (names.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", Collections.nCopies(names.size(), "?"));
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM resources WHERE kind = ? AND name IN ("
                + marks
                + ") ORDER BY name")) {
      s.setString(1, kind);
      for (int i = 0; i < names.size(); i++) {
        s.setString(i + 2, names.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        List<StoredResource> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(read(rs));
        }
        return rows;
      }
    }
  }

  static List<ResourceKey> keys(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT kind, name FROM resources ORDER BY kind, name");
        ResultSet rs = s.executeQuery()) {
      List<ResourceKey> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(new ResourceKey(rs.getString(1), rs.getString(2)));
      }
      return keys;
    }
  }

  static List<ResourceMark> marks(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT kind, name, uid, generation, deletion_requested_at FROM resources");
        ResultSet rs = s.executeQuery()) {
      List<ResourceMark> marks = new ArrayList<>();
      while (rs.next()) {
        marks.add(
            new ResourceMark(
                new ResourceKey(rs.getString(1), rs.getString(2)),
                rs.getString(3),
                rs.getLong(4),
                rs.getObject(5) != null));
      }
      return marks;
    }
  }

  private static StoredResource read(ResultSet rs) throws SQLException {
    return new StoredResource(
        rs.getString("kind"),
        rs.getString("name"),
        rs.getString("uid"),
        rs.getLong("generation"),
        rs.getLong("resource_version"),
        LabelsJson.read(rs.getString("labels")),
        rs.getString("spec"),
        rs.getString("status"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "deletion_requested_at"));
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
