package io.strato.provisioning.audit;

import io.strato.provisioning.store.StoreFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The audit trail in the state store: appended to, read newest first, never edited. */
public final class AuditLog {

  static final int MAX_PATH = 1024;
  static final int MAX_PRINCIPAL = 256;
  static final int MAX_CONTENT_HASHES = 1024;

  /** The principal of requests that carried no valid token. */
  public static final String ANONYMOUS = "anonymous";

  private final DataSource dataSource;
  private final Clock clock;

  public AuditLog(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  public void record(
      String principal,
      String method,
      String path,
      int status,
      String resourceVersion,
      String contentSha256) {
    insert(principal, method, path, status, resourceVersion, contentSha256, 1);
  }

  /**
   * One entry for {@code count} requests refused without a principal since the last summary. Method
   * {@code *} and path {@code /api}: the requests are not told apart, as they are not worth a row
   * each.
   */
  public void recordAnonymousRefusals(long count) {
    insert(ANONYMOUS, "*", "/api", 401, null, null, (int) Math.min(count, Integer.MAX_VALUE));
  }

  /** Deletes entries older than {@code cutoff}; answers how many. */
  public int deleteOlderThan(Instant cutoff) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM audit_log WHERE at < ?")) {
      s.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreFailure("cannot prune the audit log: " + e.getMessage(), e);
    }
  }

  private void insert(
      String principal,
      String method,
      String path,
      int status,
      String resourceVersion,
      String contentSha256,
      int count) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO audit_log (at, principal, method, path, status, resource_version,"
                    + " content_sha256, request_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      // Both databases keep microseconds; truncate rather than let them round.
      s.setObject(
          1,
          OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
      s.setString(2, cut(principal, MAX_PRINCIPAL));
      s.setString(3, method);
      s.setString(4, cut(path, MAX_PATH));
      s.setInt(5, status);
      s.setString(6, resourceVersion);
      s.setString(7, contentSha256 == null ? null : cut(contentSha256, MAX_CONTENT_HASHES));
      s.setInt(8, count);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreFailure("cannot append to the audit log: " + e.getMessage(), e);
    }
  }

  /**
   * @param before only entries older than this id, or null for the newest
   */
  public List<AuditEntry> newest(int limit, Long before) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, at, principal, method, path, status, resource_version,"
                    + " content_sha256, request_count FROM audit_log"
                    + " WHERE id < ? ORDER BY id DESC LIMIT ?")) {
      s.setLong(1, before == null ? Long.MAX_VALUE : before);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        List<AuditEntry> entries = new ArrayList<>();
        while (rs.next()) {
          entries.add(
              new AuditEntry(
                  rs.getLong("id"),
                  rs.getObject("at", OffsetDateTime.class).toInstant(),
                  rs.getString("principal"),
                  rs.getString("method"),
                  rs.getString("path"),
                  rs.getInt("status"),
                  rs.getString("resource_version"),
                  rs.getString("content_sha256"),
                  rs.getInt("request_count")));
        }
        return entries;
      }
    } catch (SQLException e) {
      throw new StoreFailure("cannot read the audit log: " + e.getMessage(), e);
    }
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
